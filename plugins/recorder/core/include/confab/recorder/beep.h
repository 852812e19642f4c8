// The cue played when no prompt source can say "This conference is now
// being recorded.": two short tones, rising at start, falling at stop.
// Pure function, any thread.
#pragma once

#include <cstdint>
#include <vector>

namespace confab::recorder {

// 8 kHz mono: 150 ms tone, 50 ms pause, 150 ms tone (440/660 Hz rising or
// 660/440 Hz falling), about -12 dBFS, 5 ms ramps so nothing clicks.
std::vector<std::int16_t> twoToneBeep(bool rising);

}  // namespace confab::recorder
