#include "confab/media/prompt_player.h"

#include <algorithm>

namespace confab::media {

bool PromptPlayer::nextFrame(FrameSpan out) {
    if (!prompt_ || position_ >= prompt_->samples().size()) {
        prompt_ = nullptr;
        std::fill(out.begin(), out.end(), int16_t{0});
        return false;
    }
    const auto samples = prompt_->samples();
    const std::size_t n = std::min(kFrameSamples, samples.size() - position_);
    std::copy_n(samples.begin() + static_cast<std::ptrdiff_t>(position_), n, out.begin());
    std::fill(out.begin() + static_cast<std::ptrdiff_t>(n), out.end(), int16_t{0});
    position_ += n;
    return true;
}

}  // namespace confab::media
