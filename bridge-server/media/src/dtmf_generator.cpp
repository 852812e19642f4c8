#include "confab/media/dtmf_generator.h"

#include <algorithm>

// spandsp headers are not self-contained: keep this order.
// clang-format off
#include <spandsp/telephony.h>
#include <spandsp/logging.h>
#include <spandsp/super_tone_rx.h>
#include <spandsp/dtmf.h>
// clang-format on

namespace confab::media {

DtmfGenerator::DtmfGenerator(const DtmfGeneratorConfig& config) : state_(dtmf_tx_init(nullptr)) {
    if (!state_) return;
    dtmf_tx_set_level(state_, config.level_dbm0, 0);
    dtmf_tx_set_timing(state_, static_cast<int>(config.on_time.count()),
                       static_cast<int>(config.off_time.count()));
}

DtmfGenerator::~DtmfGenerator() {
    if (state_) dtmf_tx_free(state_);
}

bool DtmfGenerator::queue(std::string_view digits) {
    if (!state_ || digits.empty()) return false;
    // dtmf_tx_put returns the number of digits that did not fit (0 on success).
    if (dtmf_tx_put(state_, digits.data(), static_cast<int>(digits.size())) != 0) return false;
    busy_ = true;
    return true;
}

std::size_t DtmfGenerator::generate(FrameSpan out) {
    int produced = 0;
    if (state_ && busy_) produced = dtmf_tx(state_, out.data(), static_cast<int>(out.size()));
    produced = std::max(produced, 0);
    std::fill(out.begin() + produced, out.end(), int16_t{0});
    if (static_cast<std::size_t>(produced) < out.size()) busy_ = false;
    return static_cast<std::size_t>(produced);
}

}  // namespace confab::media
