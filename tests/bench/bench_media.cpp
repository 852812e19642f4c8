// confab-media benchmarks: the per-tick costs the media thread pays.
//   BM_MixerFrame/N    one 20 ms mix for N legs, ~3 talkers, mixed codecs;
//                      counter ns_per_leg (target <= 500 ns at N = 1000)
//   BM_TalkDetector    one frame, quiet (noise) or loud (speech-like)
//   BM_G711Encode/Decode, BM_JitterBufferPutGet: one frame each
#include <benchmark/benchmark.h>

#include <chrono>
#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include "confab/media/g711_codec.h"
#include "confab/media/jitter_buffer.h"
#include "confab/media/mixer.h"
#include "confab/media/talk_detector.h"

namespace {

using namespace confab::media;

std::vector<int16_t> harmonicTone(double f0, double amplitude, std::size_t count) {
    std::vector<int16_t> out(count);
    for (std::size_t n = 0; n < count; ++n) {
        double v = 0;
        for (int h = 1; h <= 8; ++h)
            v += std::sin(2 * std::numbers::pi * f0 * h * static_cast<double>(n) / 8000.0) / h;
        out[n] = static_cast<int16_t>(amplitude * v / 2.7);
    }
    return out;
}

std::vector<int16_t> noise(double amplitude, std::size_t count) {
    std::mt19937 rng(7);
    std::normal_distribution<double> dist(0, amplitude);
    std::vector<int16_t> out(count);
    for (auto& s : out) s = static_cast<int16_t>(std::clamp(dist(rng), -32768.0, 32767.0));
    return out;
}

void BM_MixerFrame(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    Mixer mixer(n);
    std::vector<LegId> legs;
    for (std::size_t i = 0; i < n; ++i)
        legs.push_back(mixer.addLeg(i % 3 == 2 ? Codec::Pcma : Codec::Pcmu));
    // Every leg has audio this tick (the jitter buffer wrote it in place);
    // about three are talking, and one listener in ten is muted or deaf.
    const auto voice = harmonicTone(140, 6000, kFrameSamples);
    const auto background = noise(30, kFrameSamples);
    const std::size_t talkers = std::min<std::size_t>(3, n);
    for (std::size_t i = 0; i < n; ++i) {
        const auto& src = i < talkers ? voice : background;
        std::copy(src.begin(), src.end(), mixer.inputFrame(legs[i]).begin());
        if (i >= talkers && i % 10 == 5) mixer.setMuted(legs[i], true);
        if (i >= talkers && i % 10 == 7) mixer.setDeaf(legs[i], true);
    }
    std::size_t bytes = 0;
    double total_ns = 0;
    for (auto _ : state) {
        const auto start = std::chrono::steady_clock::now();
        for (std::size_t i = 0; i < n; ++i) mixer.submit(legs[i], i < talkers);
        mixer.mixFrame();
        for (LegId id : legs) bytes += mixer.output(id).payload.size();
        benchmark::DoNotOptimize(bytes);
        const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
        state.SetIterationTime(elapsed.count());
        total_ns += elapsed.count() * 1e9;
    }
    state.counters["ns_per_leg"] = total_ns / static_cast<double>(state.iterations() * n);
    state.counters["talkers"] = static_cast<double>(mixer.contributorCount());
}
BENCHMARK(BM_MixerFrame)->Arg(3)->Arg(100)->Arg(1000)->UseManualTime();

void BM_TalkDetector(benchmark::State& state) {
    const bool loud = state.range(0) != 0;
    const std::size_t frames = 50;
    const auto signal =
        loud ? harmonicTone(140, 6000, frames * kFrameSamples) : noise(30, frames * kFrameSamples);
    TalkDetector detector;
    std::size_t f = 0;
    for (auto _ : state) {
        auto r = detector.process(ConstFrameSpan(signal.data() + f * kFrameSamples, kFrameSamples));
        benchmark::DoNotOptimize(r);
        f = (f + 1) % frames;
    }
    state.SetLabel(loud ? "speech-like frame" : "quiet noise frame");
}
BENCHMARK(BM_TalkDetector)->Arg(0)->Arg(1);

void BM_G711Encode(benchmark::State& state) {
    const auto codec = state.range(0) == 0 ? Codec::Pcmu : Codec::Pcma;
    const auto in = harmonicTone(140, 12000, kFrameSamples);
    std::array<uint8_t, kFrameSamples> out{};
    for (auto _ : state) {
        G711Codec::encode(codec, in, out);
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    state.SetLabel(std::string(codecName(codec)) + " 160 samples");
}
BENCHMARK(BM_G711Encode)->Arg(0)->Arg(1);

void BM_G711Decode(benchmark::State& state) {
    const auto codec = state.range(0) == 0 ? Codec::Pcmu : Codec::Pcma;
    std::array<uint8_t, kFrameSamples> in{};
    G711Codec::encode(codec, harmonicTone(140, 12000, kFrameSamples), in);
    Frame out{};
    for (auto _ : state) {
        G711Codec::decode(codec, in, out);
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    state.SetLabel(std::string(codecName(codec)) + " 160 samples");
}
BENCHMARK(BM_G711Decode)->Arg(0)->Arg(1);

void BM_JitterBufferPutGet(benchmark::State& state) {
    JitterBuffer jb;
    const auto tone = harmonicTone(140, 6000, kFrameSamples);
    Frame out{};
    uint32_t i = 0;
    for (auto _ : state) {
        jb.put({static_cast<uint16_t>(i), i * 160u, 1}, tone,
               MediaTime{static_cast<int64_t>(i) * 20000});
        benchmark::DoNotOptimize(jb.get(out));
        ++i;
    }
}
BENCHMARK(BM_JitterBufferPutGet);

}  // namespace
