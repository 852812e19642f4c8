// G.711 mu-law (PCMU, PT 0) and A-law (PCMA, PT 8) conversion.
//
// The bit-exact reference is spandsp's g711.h (linear_to_ulaw, ulaw_to_linear,
// linear_to_alaw, alaw_to_linear). At static-initialisation time those
// functions fill lookup tables: 256 entries per law for decoding, and for
// encoding 16384 (mu-law, the 2 low bits never matter) and 4096 (A-law, the 4
// low bits never matter) entries, which the unit tests check against spandsp
// for all 65536 inputs. After that, encode and decode are one table load per
// sample: no state, no allocation. Any thread may call them.
#pragma once

#include <cstdint>
#include <span>

#include "confab/media/codec.h"

namespace confab::media {

class G711Codec {
  public:
    // Encodes min(in.size(), out.size()) samples.
    static void encode(Codec codec, std::span<const int16_t> in, std::span<uint8_t> out);
    // Decodes min(in.size(), out.size()) bytes.
    static void decode(Codec codec, std::span<const uint8_t> in, std::span<int16_t> out);

    static uint8_t encodeSample(Codec codec, int16_t sample);
    static int16_t decodeSample(Codec codec, uint8_t byte);

    // The byte that decodes to (near) zero: 0xFF for mu-law, 0xD5 for A-law.
    static constexpr uint8_t silenceByte(Codec codec) { return codec == Codec::Pcmu ? 0xFF : 0xD5; }
};

}  // namespace confab::media
