// DtmfDetector: in-band DTMF detection over a leg's linear frames, for phones
// that send key presses as audio instead of RFC 4733 events. Wraps spandsp's
// dtmf_rx (Goertzel filters, twist and timing checks per Q.24).
//
// Thread contract: one per leg, owned by the media thread. The spandsp state
// is allocated in the constructor; process() does not allocate.
#pragma once

#include <array>
#include <span>

#include "confab/media/media_format.h"

struct dtmf_rx_state_s;

namespace confab::media {

class DtmfDetector {
  public:
    DtmfDetector();
    ~DtmfDetector();
    DtmfDetector(const DtmfDetector&) = delete;
    DtmfDetector& operator=(const DtmfDetector&) = delete;

    // Digits completed in this frame (usually none); valid until the next call.
    std::span<const char> process(ConstFrameSpan frame);

  private:
    dtmf_rx_state_s* state_;
    std::array<char, 16> digits_{};
};

}  // namespace confab::media
