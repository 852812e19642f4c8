#include "confab/media/dtmf_detector.h"

// spandsp headers are not self-contained: keep this order.
// clang-format off
#include <spandsp/telephony.h>
#include <spandsp/logging.h>
#include <spandsp/super_tone_rx.h>
#include <spandsp/dtmf.h>
// clang-format on

namespace confab::media {

DtmfDetector::DtmfDetector() : state_(dtmf_rx_init(nullptr, nullptr, nullptr)) {}

DtmfDetector::~DtmfDetector() {
    if (state_) dtmf_rx_free(state_);
}

std::span<const char> DtmfDetector::process(ConstFrameSpan frame) {
    if (!state_) return {};
    dtmf_rx(state_, frame.data(), static_cast<int>(frame.size()));
    const std::size_t n = dtmf_rx_get(state_, digits_.data(), static_cast<int>(digits_.size()));
    return {digits_.data(), n};
}

}  // namespace confab::media
