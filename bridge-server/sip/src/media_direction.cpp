#include "confab/sip/media_direction.h"

namespace confab::sip {

std::string_view toString(MediaDirection direction) {
    switch (direction) {
        case MediaDirection::SendRecv:
            return "sendrecv";
        case MediaDirection::SendOnly:
            return "sendonly";
        case MediaDirection::RecvOnly:
            return "recvonly";
        case MediaDirection::Inactive:
            return "inactive";
    }
    return "?";
}

std::optional<MediaDirection> parseMediaDirection(std::string_view attribute) {
    if (attribute == "sendrecv") return MediaDirection::SendRecv;
    if (attribute == "sendonly") return MediaDirection::SendOnly;
    if (attribute == "recvonly") return MediaDirection::RecvOnly;
    if (attribute == "inactive") return MediaDirection::Inactive;
    return std::nullopt;
}

MediaDirection answerDirectionFor(MediaDirection remote) {
    switch (remote) {
        case MediaDirection::SendRecv:
            return MediaDirection::SendRecv;
        case MediaDirection::SendOnly:
            return MediaDirection::RecvOnly;
        case MediaDirection::RecvOnly:
            return MediaDirection::SendOnly;
        case MediaDirection::Inactive:
            return MediaDirection::Inactive;
    }
    return MediaDirection::Inactive;
}

bool isHoldDirection(MediaDirection remote) {
    return remote == MediaDirection::SendOnly || remote == MediaDirection::Inactive;
}

MediaDirection withoutReceiving(MediaDirection remote) {
    switch (remote) {
        case MediaDirection::SendRecv:
            return MediaDirection::SendOnly;
        case MediaDirection::RecvOnly:
            return MediaDirection::Inactive;
        case MediaDirection::SendOnly:
        case MediaDirection::Inactive:
            return remote;
    }
    return MediaDirection::Inactive;
}

bool weSendTo(MediaDirection remote) {
    return remote == MediaDirection::SendRecv || remote == MediaDirection::RecvOnly;
}

bool weReceiveFrom(MediaDirection remote) {
    return remote == MediaDirection::SendRecv || remote == MediaDirection::SendOnly;
}

}  // namespace confab::sip
