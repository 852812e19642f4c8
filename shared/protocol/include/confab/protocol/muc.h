// XEP-0045 multi-user chat for a bridge that owns its rooms: join and leave,
// configure (members-only, non-anonymous), affiliations, destroy, XEP-0249
// direct and mediated invitations, and reading occupant presence.
// Room JIDs are bare ("room@conference.example.com"). Pure functions, any thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gloox {
class Tag;
}

namespace confab::protocol {

// <presence from to='room/nick'><x xmlns='http://jabber.org/protocol/muc'>
// <history maxstanzas='0'/></x></presence>: join (or create) without history.
std::unique_ptr<gloox::Tag> mucJoinPresence(const std::string& from, const std::string& room_jid,
                                            const std::string& nick);
// <presence type='unavailable'> to room/nick, with <status/> unless `status` is "".
std::unique_ptr<gloox::Tag> mucLeavePresence(const std::string& from, const std::string& room_jid,
                                             const std::string& nick, const std::string& status);

struct RoomConfig {
    std::string name;
    std::string description;
    bool members_only = true;
    bool non_anonymous = true;  // muc#roomconfig_whois = anyone (else moderators)
    bool persistent = false;
    bool public_room = false;
    bool enable_logging = false;
    bool allow_invites = false;

    bool operator==(const RoomConfig&) const = default;
};

// <iq type='set'> to the room with a submitted muc#roomconfig form
// (muc#owner): FORM_TYPE hidden, then roomname, roomdesc, membersonly, whois,
// persistentroom, publicroom, enablelogging, allowinvites; booleans as 1/0.
std::unique_ptr<gloox::Tag> mucConfigureIq(const std::string& from, const std::string& room_jid,
                                           const std::string& id, const RoomConfig& config);

enum class Affiliation { Owner, Admin, Member, None, Outcast };
// "owner", "admin", "member", "none", "outcast".
std::string_view toString(Affiliation affiliation);

// <iq type='set'><query xmlns='...muc#admin'><item affiliation jid><reason/>
// (no <reason/> when `reason` is "").
std::unique_ptr<gloox::Tag> mucAffiliationIq(const std::string& from, const std::string& room_jid,
                                             const std::string& id,
                                             const std::string& user_bare_jid,
                                             Affiliation affiliation, const std::string& reason);

// <iq type='set'><query xmlns='...muc#owner'><destroy><reason/></destroy>.
std::unique_ptr<gloox::Tag> mucDestroyIq(const std::string& from, const std::string& room_jid,
                                         const std::string& id, const std::string& reason);

// XEP-0249: <message from to id><x xmlns='jabber:x:conference' jid reason/>.
// `id` "" draws one from newStanzaId().
std::unique_ptr<gloox::Tag> directInvitationMessage(const std::string& from, const std::string& to,
                                                    const std::string& room_jid,
                                                    const std::string& reason,
                                                    const std::string& id = {});
// XEP-0045 mediated: <message to=room><x xmlns='...muc#user'><invite to>
// <reason/></invite></x></message>; the room forwards it and, for a
// members-only room, makes the invitee a member.
std::unique_ptr<gloox::Tag> mediatedInvitationMessage(const std::string& from,
                                                      const std::string& room_jid,
                                                      const std::string& invitee,
                                                      const std::string& reason,
                                                      const std::string& id = {});

// What an occupant presence from a room says.
struct OccupantPresence {
    std::string room_jid;
    std::string nick;
    std::string real_jid;  // muc#user <item jid>; empty when the room hides it
    std::string affiliation;  // "owner", "admin", "member", "none" or "outcast"
    std::string role;         // "moderator", "participant", "visitor" or "none"
    bool unavailable = false;
    std::vector<int> status_codes;

    bool operator==(const OccupantPresence&) const = default;

    bool hasStatus(int code) const;
    bool isSelf() const { return hasStatus(110); }
    bool roomCreated() const { return hasStatus(201); }
};
// nullopt unless `presence` is a <presence/> from "room@service/nick" with a
// muc#user <x><item affiliation role/></x>, known affiliation and role values
// and three-digit status codes. Error presences are nullopt too.
std::optional<OccupantPresence> parseOccupantPresence(const gloox::Tag& presence);

}  // namespace confab::protocol
