#include "confab/pstnsim/speech_synthesizer.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <numbers>
#include <random>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "confab/media/media_format.h"

extern char** environ;

namespace confab::pstnsim {

namespace {

constexpr double kTwoPi = 2.0 * std::numbers::pi;

// Runs argv to completion with stdout/stderr sent to /dev/null. Returns the
// exit code, or -1 (with errno-style text in `error`) when it could not start.
int runToCompletion(const std::vector<std::string>& argv, std::string& error) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid = -1;
    const int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        error = fmt::format("cannot start {}: {}", argv[0], std::strerror(rc));
        return -1;
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status)) {
        error = fmt::format("{} died (status {})", argv[0], status);
        return -1;
    }
    return WEXITSTATUS(status);
}

// One resonance's gain at `hz`: a smooth bump around `centre`.
double formantGain(double hz, double centre, double bandwidth) {
    const double x = (hz - centre) / bandwidth;
    return 1.0 / (1.0 + x * x);
}

}  // namespace

SpeechSynthesizer::SpeechSynthesizer(std::filesystem::path scratch_folder)
    : scratch_folder_(std::move(scratch_folder)) {}

media::Prompt SpeechSynthesizer::render(const AudioSpec& spec) {
    if (spec.engine != SpeechEngine::Synthetic) {
        std::string error;
        if (auto clip = renderWithEspeak(spec, error)) return trimAndNormalise(*clip, spec.level_dbov);
        if (spec.engine == SpeechEngine::Espeak) throw PhonebookError("espeak-ng: " + error);
        spdlog::warn("espeak-ng unusable ({}); using synthetic speech for voice {}", error, spec.voice);
    }
    return trimAndNormalise(renderSynthetic(spec), spec.level_dbov);
}

std::optional<media::Prompt> SpeechSynthesizer::renderWithEspeak(const AudioSpec& spec,
                                                                 std::string& error) {
    const auto wav = scratch_folder_ / fmt::format("speech-{}.wav", espeak_runs_++);
    const int rc = runToCompletion({"espeak-ng", "-v", spec.voice, "-s",
                                    std::to_string(spec.words_per_minute), "-w", wav.string(),
                                    "--", spec.text},
                                   error);
    if (rc != 0) {
        if (rc > 0) error = fmt::format("espeak-ng exited with {} for voice '{}'", rc, spec.voice);
        return std::nullopt;
    }
    std::string load_error;
    auto clip = media::Prompt::loadWav(wav.string(), &load_error);
    std::error_code ignored;
    std::filesystem::remove(wav, ignored);
    if (!clip || clip->samples().empty()) {
        error = "espeak-ng output unreadable: " + load_error;
        return std::nullopt;
    }
    return clip;
}

media::Prompt SpeechSynthesizer::renderSynthetic(const AudioSpec& spec) {
    // Everything random is seeded by the voice, so a voice sounds the same
    // every run and two voices differ.
    const auto seed = static_cast<std::uint32_t>(std::hash<std::string>{}(spec.voice));
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const double base_pitch = 95.0 + 135.0 * unit(rng);  // 95..230 Hz

    // About 13 characters a second at 160 words per minute.
    const double seconds =
        std::clamp(static_cast<double>(spec.text.size()) / 13.0 * 160.0 / spec.words_per_minute, 1.5, 30.0);
    const auto total = static_cast<std::size_t>(seconds * media::kSampleRateHz);
    std::vector<int16_t> out(total);
    std::vector<double> signal(total);

    const double f1_choices[] = {300, 450, 600, 750};
    const double f2_choices[] = {900, 1200, 1700, 2200};
    double glottal_phase = 0.0;
    std::size_t pos = 0;
    int syllable_in_word = 0;
    while (pos < total) {
        // Every few syllables a word ends: a short, quiet dip (never digital
        // silence, and shorter than any talk detector's hangover).
        const bool word_gap = ++syllable_in_word > 2 + static_cast<int>(rng() % 3);
        if (word_gap) syllable_in_word = 0;
        const double length_s = word_gap ? 0.05 + 0.07 * unit(rng) : 0.14 + 0.16 * unit(rng);
        const auto syllable_len = static_cast<std::size_t>(length_s * media::kSampleRateHz);
        const double f1 = f1_choices[rng() % 4];
        const double f2 = f2_choices[rng() % 4];
        for (std::size_t i = 0; i < syllable_len && pos < total; ++i, ++pos) {
            const double t = static_cast<double>(pos) / media::kSampleRateHz;
            const double progress = static_cast<double>(i) / static_cast<double>(syllable_len);
            // Rise-and-fall syllable envelope that never quite reaches zero.
            const double envelope = word_gap ? 0.1 : 0.25 + 0.75 * std::sin(std::numbers::pi * progress);
            const double pitch = base_pitch * (1.0 + 0.08 * std::sin(kTwoPi * 0.6 * t) - 0.05 * progress);
            glottal_phase += kTwoPi * pitch / media::kSampleRateHz;
            double sample = 0.0;
            for (int k = 1; k * pitch < 3400.0; ++k) {
                const double hz = k * pitch;
                const double gain = formantGain(hz, f1, 120) + 0.6 * formantGain(hz, f2, 180) +
                                    0.25 * formantGain(hz, 2600, 300);
                sample += gain / std::sqrt(static_cast<double>(k)) * std::sin(k * glottal_phase);
            }
            signal[pos] = envelope * sample;
        }
    }
    // The loudest sample may be negative: take its magnitude before the
    // floor, or a negative peak becomes 1e-9 and the int16 conversion wraps
    // into noise (which is what the talk detector used to "hear").
    double peak = 1e-9;
    for (const double v : signal) peak = std::max(peak, std::abs(v));
    const double scale = 0.5 * media::kFullScale / peak;
    for (std::size_t i = 0; i < total; ++i) out[i] = static_cast<int16_t>(std::lround(signal[i] * scale));
    return media::Prompt::fromSamples(std::move(out));
}

media::Prompt SpeechSynthesizer::trimAndNormalise(const media::Prompt& clip, double level_dbov) {
    const auto samples = clip.samples();
    constexpr int kSilenceThreshold = 100;  // about -50 dBov
    auto loud = [](int16_t s) { return std::abs(static_cast<int>(s)) > kSilenceThreshold; };
    const auto first = std::find_if(samples.begin(), samples.end(), loud);
    const auto last = std::find_if(samples.rbegin(), samples.rend(), loud);
    if (first == samples.end()) return media::Prompt::fromSamples({});
    std::vector<int16_t> kept(first, last.base());

    double sum_squares = 0.0;
    for (const int16_t s : kept) sum_squares += static_cast<double>(s) * s;
    const double rms = std::sqrt(sum_squares / static_cast<double>(kept.size()));
    const double target = media::kFullScale * std::pow(10.0, level_dbov / 20.0);
    const double gain = rms > 0 ? target / rms : 1.0;
    for (auto& s : kept) {
        const double scaled = std::clamp(s * gain, -32768.0, 32767.0);
        s = static_cast<int16_t>(std::lround(scaled));
    }
    return media::Prompt::fromSamples(std::move(kept));
}

}  // namespace confab::pstnsim
