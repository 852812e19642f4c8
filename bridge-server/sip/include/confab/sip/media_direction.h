// MediaDirection: the SDP direction attribute (RFC 3264 section 5.1, 6.1), and the
// two rules the leg needs from it: what we answer to a peer's direction, and
// which of the peer's directions mean "we are on hold".
//
// Thread contract: pure functions; callable from any thread.
#pragma once

#include <optional>
#include <string_view>

namespace confab::sip {

enum class MediaDirection {
    SendRecv,
    SendOnly,
    RecvOnly,
    Inactive,
};

// "sendrecv", "sendonly", "recvonly", "inactive" (the SDP attribute names).
std::string_view toString(MediaDirection direction);

// Exact, case-sensitive attribute name (RFC 4566 attribute names are
// case-sensitive); nullopt for anything else.
std::optional<MediaDirection> parseMediaDirection(std::string_view attribute);

// The direction we answer with when the peer offers `remote`: the mirror image
// (sendonly -> recvonly, recvonly -> sendonly), since we can always both send
// and receive.
MediaDirection answerDirectionFor(MediaDirection remote);

// True when the peer will not accept our audio (sendonly or inactive from their
// side): the conventional way a phone puts the call on hold.
bool isHoldDirection(MediaDirection remote);

// The peer's direction with "they receive" removed, for a peer whose c= is the
// unspecified address (RFC 2543-style hold): nothing can be sent to 0.0.0.0.
MediaDirection withoutReceiving(MediaDirection remote);

// Whether we should send / expect audio when the peer's direction is `remote`.
bool weSendTo(MediaDirection remote);
bool weReceiveFrom(MediaDirection remote);

}  // namespace confab::sip
