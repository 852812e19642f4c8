#include "confab/protocol/invitation.h"

#include <algorithm>

#include "confab/protocol/namespaces.h"
#include "confab/protocol/stanza.h"
#include "tag_util.h"

namespace confab::protocol {
namespace {

using detail::setAttribute;

const std::string kNs = ns::kConfabInvite;

bool isKnownKind(std::string_view kind) {
    return kind == "work" || kind == "mobile" || kind == "other";
}

// `tag` itself when it is called `name` in our namespace, else its first such child.
const gloox::Tag* ownOrChild(const gloox::Tag& tag, const std::string& name) {
    if (detail::is(tag, name, kNs)) return &tag;
    if (tag.name() != "message" || detail::isErrorStanza(tag)) return nullptr;
    return detail::findChild(tag, name, kNs);
}

}  // namespace

std::unique_ptr<gloox::Tag> invitationTag(const Invitation& invitation) {
    auto tag = detail::makeTag("invitation", kNs);
    setAttribute(*tag, "id", invitation.id);
    setAttribute(*tag, "room", invitation.room_jid);
    setAttribute(*tag, "inviter", invitation.inviter_jid);
    setAttribute(*tag, "inviter-name", invitation.inviter_name);
    if (invitation.timeout_seconds > 0) {
        const int timeout = std::min(invitation.timeout_seconds, kMaxInvitationTimeoutSeconds);
        setAttribute(*tag, "timeout", std::to_string(timeout));
    }
    std::size_t written = 0;
    for (const auto& [kind, number] : invitation.numbers) {
        if (!detail::isE164(number) || written == kMaxInvitationNumbers) continue;
        gloox::Tag& child = detail::addChild(*tag, "number", number);
        setAttribute(child, "kind", isKnownKind(kind) ? kind : "other");
        ++written;
    }
    return tag;
}

std::unique_ptr<gloox::Tag> invitationMessage(const std::string& from, const std::string& to,
                                              const Invitation& invitation,
                                              const std::string& body,
                                              const std::string& message_id) {
    return eventMessage(from, to, MessageType::Chat, invitationTag(invitation), false, body,
                        message_id);
}

std::optional<Invitation> parseInvitation(const gloox::Tag& tag) {
    const gloox::Tag* element = ownOrChild(tag, "invitation");
    if (!element) return std::nullopt;
    Invitation invitation;
    invitation.id = element->findAttribute("id");
    invitation.room_jid = element->findAttribute("room");
    invitation.inviter_jid = element->findAttribute("inviter");
    invitation.inviter_name = element->findAttribute("inviter-name");
    if (invitation.id.empty() || invitation.room_jid.empty() || invitation.inviter_jid.empty())
        return std::nullopt;
    if (element->hasAttribute("timeout")) {
        const auto timeout = detail::parseUnsigned(element->findAttribute("timeout"),
                                                   kMaxInvitationTimeoutSeconds);
        if (!timeout || *timeout == 0) return std::nullopt;
        invitation.timeout_seconds = static_cast<int>(*timeout);
    }
    for (const gloox::Tag* child : element->children()) {
        if (!detail::is(*child, "number", kNs)) continue;
        std::string kind = child->findAttribute("kind");
        std::string number = child->cdata();
        if (!isKnownKind(kind) || !detail::isE164(number) ||
            invitation.numbers.size() == kMaxInvitationNumbers)
            return std::nullopt;
        invitation.numbers.emplace_back(std::move(kind), std::move(number));
    }
    return invitation;
}

std::unique_ptr<gloox::Tag> invitationAnswerTag(const InvitationAnswer& answer) {
    auto tag = detail::makeTag(answer.accepted ? "accept" : "decline", kNs);
    setAttribute(*tag, "id", answer.id);
    if (answer.accepted) {
        if (answer.chat_only)
            setAttribute(*tag, "chat-only", "true");
        else
            setAttribute(*tag, "number", answer.number);
    }
    return tag;
}

std::optional<InvitationAnswer> parseInvitationAnswer(const gloox::Tag& message) {
    InvitationAnswer answer;
    const gloox::Tag* element = ownOrChild(message, "accept");
    if (element) {
        answer.accepted = true;
    } else {
        element = ownOrChild(message, "decline");
        if (!element) return std::nullopt;
    }
    answer.id = element->findAttribute("id");
    if (answer.id.empty()) return std::nullopt;
    if (!answer.accepted) return answer;

    if (element->hasAttribute("number")) {
        answer.number = element->findAttribute("number");
        if (!detail::isE164(answer.number)) return std::nullopt;
    }
    if (element->hasAttribute("chat-only")) {
        const auto chat_only = detail::parseBoolean(element->findAttribute("chat-only"));
        if (!chat_only) return std::nullopt;
        answer.chat_only = *chat_only;
    }
    if (answer.chat_only && !answer.number.empty()) return std::nullopt;
    return answer;
}

}  // namespace confab::protocol
