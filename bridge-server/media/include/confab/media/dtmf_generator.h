// DtmfGenerator: in-band DTMF tones into linear frames (spandsp dtmf_tx), for
// a PSTN leg that cannot take RFC 4733, or for tests.
//
// Thread contract: one per leg, owned by the media thread. spandsp's state is
// allocated in the constructor; queue() and generate() do not allocate.
#pragma once

#include <chrono>
#include <cstddef>
#include <string_view>

#include "confab/media/media_format.h"

struct dtmf_tx_state_s;

namespace confab::media {

struct DtmfGeneratorConfig {
    int level_dbm0 = -10;  // per tone
    std::chrono::milliseconds on_time{100};
    std::chrono::milliseconds off_time{60};
};

class DtmfGenerator {
  public:
    explicit DtmfGenerator(const DtmfGeneratorConfig& config = {});
    ~DtmfGenerator();
    DtmfGenerator(const DtmfGenerator&) = delete;
    DtmfGenerator& operator=(const DtmfGenerator&) = delete;

    // Appends digits to spandsp's queue; false when it has no room.
    bool queue(std::string_view digits);
    // Fills one frame: tones and gaps, then zeros once the queue is empty.
    // Returns how many samples were generated (< 160 when it ran out).
    std::size_t generate(FrameSpan out);
    bool busy() const { return busy_; }

  private:
    dtmf_tx_state_s* state_;
    bool busy_ = false;
};

}  // namespace confab::media
