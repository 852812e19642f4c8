// Conference invitations in our namespace urn:confab:invite:0. The message
// carries a plain-text body, so a client that knows nothing of the payload can
// still answer with "/accept", "/accept <number>", "/accept chat" or
// "/decline" (parsed by the chat command side, not here); a rich client
// answers with <accept/> or <decline/> instead. Pure functions, any thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gloox {
class Tag;
}

namespace confab::protocol {

struct Invitation {
    std::string id;  // the invitation's id, echoed in the answer
    std::string room_jid;
    std::string inviter_jid;
    std::string inviter_name;
    // kind ("work", "mobile" or "other") and E.164 number, in the order offered.
    std::vector<std::pair<std::string, std::string>> numbers;
    int timeout_seconds = 30;

    bool operator==(const Invitation&) const = default;
};

// Limits the parsers enforce (and the builder respects for numbers).
inline constexpr std::size_t kMaxInvitationNumbers = 16;
inline constexpr int kMaxInvitationTimeoutSeconds = 86'400;

// <message type='chat' from to id><body/><invitation xmlns='urn:confab:invite:0'
// id room inviter inviter-name timeout><number kind='work'>+1555...</number>
// ...</invitation></message>. Numbers that are not E.164 are left out, as is
// everything after the first kMaxInvitationNumbers; unknown kinds are written
// as "other"; a timeout above the maximum is written as the maximum, one of 0
// or less not at all (reads as 30). `message_id` "" draws one from newStanzaId().
std::unique_ptr<gloox::Tag> invitationMessage(const std::string& from, const std::string& to,
                                              const Invitation& invitation,
                                              const std::string& body,
                                              const std::string& message_id = {});

// The <invitation/> element alone.
std::unique_ptr<gloox::Tag> invitationTag(const Invitation& invitation);

// The invitation in a <message/> (or a bare <invitation/> element). nullopt
// for an error message, a missing id, room or inviter, a timeout that is not
// 1..kMaxInvitationTimeoutSeconds, a number that is not E.164, an unknown kind
// or more than kMaxInvitationNumbers numbers. A missing timeout reads as 30.
std::optional<Invitation> parseInvitation(const gloox::Tag& tag);

struct InvitationAnswer {
    std::string id;
    bool accepted = false;
    std::string number;  // E.164 to call, or "" for the first offered number
    bool chat_only = false;

    bool operator==(const InvitationAnswer&) const = default;
};

// <accept xmlns='urn:confab:invite:0' id number? chat-only?/> or <decline id/>.
std::unique_ptr<gloox::Tag> invitationAnswerTag(const InvitationAnswer& answer);

// The answer in a <message/> (or a bare <accept/>/<decline/>). nullopt for an
// error message, no answer element, a missing id, a number that is not E.164,
// a chat-only that is not an xs:boolean, or chat-only='true' with a number.
std::optional<InvitationAnswer> parseInvitationAnswer(const gloox::Tag& message);

}  // namespace confab::protocol
