#include "confab/sip/negotiated_media.h"

namespace confab::sip {

std::string_view toString(AudioCodec codec) {
    switch (codec) {
        case AudioCodec::Pcmu:
            return "PCMU";
        case AudioCodec::Pcma:
            return "PCMA";
    }
    return "?";
}

}  // namespace confab::sip
