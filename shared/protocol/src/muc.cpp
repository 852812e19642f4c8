#include "confab/protocol/muc.h"

#include <algorithm>

#include "confab/protocol/namespaces.h"
#include "confab/protocol/stanza.h"
#include "tag_util.h"

namespace confab::protocol {
namespace {

using detail::addChild;
using detail::setAttribute;

// XEP-0045 defines about twenty status codes; more than this is a hostile presence.
constexpr std::size_t kMaxStatusCodes = 32;

std::unique_ptr<gloox::Tag> presenceTo(const std::string& from, const std::string& room_jid,
                                       const std::string& nick) {
    auto presence = detail::makeTag("presence");
    setAttribute(*presence, "from", from);
    setAttribute(*presence, "to", room_jid + "/" + nick);
    return presence;
}

std::unique_ptr<gloox::Tag> setIq(const std::string& from, const std::string& room_jid,
                                  const std::string& id, const std::string& query_ns,
                                  gloox::Tag*& query) {
    auto iq = detail::makeTag("iq");
    setAttribute(*iq, "from", from);
    setAttribute(*iq, "to", room_jid);
    setAttribute(*iq, "type", "set");
    setAttribute(*iq, "id", id.empty() ? newStanzaId() : id);
    query = &addChild(*iq, "query");
    query->setXmlns(query_ns);
    return iq;
}

void addField(gloox::Tag& form, const std::string& var, std::string_view value,
              const std::string& type = {}) {
    gloox::Tag& field = addChild(form, "field");
    setAttribute(field, "var", var);
    setAttribute(field, "type", type);
    addChild(field, "value", value);
}

std::unique_ptr<gloox::Tag> messageTo(const std::string& from, const std::string& to,
                                      const std::string& id) {
    auto message = detail::makeTag("message");
    setAttribute(*message, "from", from);
    setAttribute(*message, "to", to);
    setAttribute(*message, "id", id.empty() ? newStanzaId() : id);
    return message;
}

bool isKnownAffiliation(std::string_view text) {
    for (const auto affiliation : {Affiliation::Owner, Affiliation::Admin, Affiliation::Member,
                                   Affiliation::None, Affiliation::Outcast})
        if (text == toString(affiliation)) return true;
    return false;
}

bool isKnownRole(std::string_view text) {
    return text == "moderator" || text == "participant" || text == "visitor" || text == "none";
}

}  // namespace

std::unique_ptr<gloox::Tag> mucJoinPresence(const std::string& from, const std::string& room_jid,
                                            const std::string& nick) {
    auto presence = presenceTo(from, room_jid, nick);
    gloox::Tag& x = addChild(*presence, "x");
    x.setXmlns(ns::kMuc);
    setAttribute(addChild(x, "history"), "maxstanzas", "0");
    return presence;
}

std::unique_ptr<gloox::Tag> mucLeavePresence(const std::string& from, const std::string& room_jid,
                                             const std::string& nick, const std::string& status) {
    auto presence = presenceTo(from, room_jid, nick);
    setAttribute(*presence, "type", "unavailable");
    if (!status.empty()) addChild(*presence, "status", status);
    return presence;
}

std::unique_ptr<gloox::Tag> mucConfigureIq(const std::string& from, const std::string& room_jid,
                                           const std::string& id, const RoomConfig& config) {
    gloox::Tag* query = nullptr;
    auto iq = setIq(from, room_jid, id, ns::kMucOwner, query);
    gloox::Tag& form = addChild(*query, "x");
    form.setXmlns(ns::kDataForms);
    setAttribute(form, "type", "submit");
    const auto flag = [](bool on) { return on ? "1" : "0"; };
    addField(form, "FORM_TYPE", ns::kMucRoomConfig, "hidden");
    addField(form, "muc#roomconfig_roomname", config.name);
    addField(form, "muc#roomconfig_roomdesc", config.description);
    addField(form, "muc#roomconfig_membersonly", flag(config.members_only));
    addField(form, "muc#roomconfig_whois", config.non_anonymous ? "anyone" : "moderators");
    addField(form, "muc#roomconfig_persistentroom", flag(config.persistent));
    addField(form, "muc#roomconfig_publicroom", flag(config.public_room));
    addField(form, "muc#roomconfig_enablelogging", flag(config.enable_logging));
    addField(form, "muc#roomconfig_allowinvites", flag(config.allow_invites));
    return iq;
}

std::string_view toString(Affiliation affiliation) {
    switch (affiliation) {
        case Affiliation::Owner: return "owner";
        case Affiliation::Admin: return "admin";
        case Affiliation::Member: return "member";
        case Affiliation::None: return "none";
        case Affiliation::Outcast: return "outcast";
    }
    return "none";
}

std::unique_ptr<gloox::Tag> mucAffiliationIq(const std::string& from, const std::string& room_jid,
                                             const std::string& id,
                                             const std::string& user_bare_jid,
                                             Affiliation affiliation, const std::string& reason) {
    gloox::Tag* query = nullptr;
    auto iq = setIq(from, room_jid, id, ns::kMucAdmin, query);
    gloox::Tag& item = addChild(*query, "item");
    setAttribute(item, "affiliation", toString(affiliation));
    setAttribute(item, "jid", user_bare_jid);
    if (!reason.empty()) addChild(item, "reason", reason);
    return iq;
}

std::unique_ptr<gloox::Tag> mucDestroyIq(const std::string& from, const std::string& room_jid,
                                         const std::string& id, const std::string& reason) {
    gloox::Tag* query = nullptr;
    auto iq = setIq(from, room_jid, id, ns::kMucOwner, query);
    gloox::Tag& destroy = addChild(*query, "destroy");
    if (!reason.empty()) addChild(destroy, "reason", reason);
    return iq;
}

std::unique_ptr<gloox::Tag> directInvitationMessage(const std::string& from, const std::string& to,
                                                    const std::string& room_jid,
                                                    const std::string& reason,
                                                    const std::string& id) {
    auto message = messageTo(from, to, id);
    gloox::Tag& x = addChild(*message, "x");
    x.setXmlns(ns::kDirectInvite);
    setAttribute(x, "jid", room_jid);
    setAttribute(x, "reason", reason);
    return message;
}

std::unique_ptr<gloox::Tag> mediatedInvitationMessage(const std::string& from,
                                                      const std::string& room_jid,
                                                      const std::string& invitee,
                                                      const std::string& reason,
                                                      const std::string& id) {
    auto message = messageTo(from, room_jid, id);
    gloox::Tag& x = addChild(*message, "x");
    x.setXmlns(ns::kMucUser);
    gloox::Tag& invite = addChild(x, "invite");
    setAttribute(invite, "to", invitee);
    if (!reason.empty()) addChild(invite, "reason", reason);
    return message;
}

bool OccupantPresence::hasStatus(int code) const {
    return std::find(status_codes.begin(), status_codes.end(), code) != status_codes.end();
}

std::optional<OccupantPresence> parseOccupantPresence(const gloox::Tag& presence) {
    if (presence.name() != "presence" || detail::isErrorStanza(presence)) return std::nullopt;
    const std::string& type = presence.findAttribute("type");
    if (!type.empty() && type != "unavailable") return std::nullopt;

    OccupantPresence occupant;
    auto [room, nick] = detail::splitJid(presence.findAttribute("from"));
    const auto at = room.find('@');
    if (nick.empty() || at == std::string::npos || at == 0 || at + 1 == room.size())
        return std::nullopt;
    occupant.room_jid = std::move(room);
    occupant.nick = std::move(nick);
    occupant.unavailable = type == "unavailable";

    const gloox::Tag* x = detail::findChild(presence, "x", ns::kMucUser);
    if (!x) return std::nullopt;
    const gloox::Tag* item = detail::findChild(*x, "item", ns::kMucUser);
    if (!item) return std::nullopt;
    occupant.affiliation = item->findAttribute("affiliation");
    occupant.role = item->findAttribute("role");
    occupant.real_jid = item->findAttribute("jid");
    if (!isKnownAffiliation(occupant.affiliation) || !isKnownRole(occupant.role))
        return std::nullopt;

    for (const gloox::Tag* child : x->children()) {
        if (!detail::is(*child, "status", ns::kMucUser)) continue;
        const auto code = detail::parseUnsigned(child->findAttribute("code"), 999);
        if (!code || *code < 100 || occupant.status_codes.size() == kMaxStatusCodes)
            return std::nullopt;
        occupant.status_codes.push_back(static_cast<int>(*code));
    }
    return occupant;
}

}  // namespace confab::protocol
