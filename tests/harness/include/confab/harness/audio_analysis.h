// What tests measure in the audio the PSTN simulator records: its WAV files
// (8 kHz mono 16-bit PCM, a 44-byte header) and the level of one tone in
// them (Goertzel), so "A hears B's 440 Hz tone" is a number a test asserts.
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>
#include <vector>

namespace confab::harness {

// The samples of a simulator recording, scaled to -1..1; empty when the file
// is missing or shorter than its header. A file still being written is read
// as far as it goes.
std::vector<float> readSimulatorWav(const std::filesystem::path& wav);
// How many samples the recording holds now, from its size alone.
std::size_t simulatorWavSampleCount(const std::filesystem::path& wav);
// Amplitude of `frequency` in `samples`, in dB relative to full scale (a
// full-scale sine is 0 dB); -200 for no samples.
double toneLevelDb(std::span<const float> samples, double frequency, double sample_rate = 8000);

}  // namespace confab::harness
