// Phonebook: what the PSTN simulator does for each number it is called on,
// read once at start from a TOML file (format and example: tests/pstn-sim/README.md).
//
// Everything here is plain data, validated at load: a typo in a key, a wrong
// type or an impossible value throws PhonebookError naming the number and the
// key, because a simulator that silently ignores half its script makes tests
// pass for the wrong reason. Relative file paths are resolved against the
// phonebook's folder.
//
// Besides single numbers, a phonebook may hold ranges: a block of
// consecutive numbers sharing one script ([ranges."+15552000000"] with
// count = 2000), so a load test can dial thousands of distinct numbers
// without a thousand-entry file. A number listed on its own wins over a
// range that contains it; ranges may not overlap one another.
//
// Thread contract: built on the main thread before anything starts, then
// immutable and read from the SIP and media threads without locks.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace confab::pstnsim {

class PhonebookError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

using Milliseconds = std::chrono::milliseconds;

// What happens to the INVITE.
enum class CallAction {
    Answer,    // 180 Ringing, then 200 OK after answer_after
    Busy,      // 486 Busy Here at once
    NoAnswer,  // 180 Ringing until the caller gives up (CANCEL -> 487)
    Reject,    // reject_code + reject_phrase at once
};

// One talk spurt, relative to the moment the 200 OK was sent.
struct TalkInterval {
    Milliseconds start{0};
    Milliseconds duration{0};
};

// Which signal the number plays once answered. Noise is white noise at
// level_dbov: a quiet line that is not digital silence.
enum class AudioKind { Silence, Tone, Wav, Speech, Noise };

// How speech audio is made: espeak-ng when installed ("auto"), or a
// speech-like synthetic signal (harmonics with syllable-rate envelope).
enum class SpeechEngine { Auto, Espeak, Synthetic };

struct AudioSpec {
    AudioKind kind = AudioKind::Silence;
    double level_dbov = -20.0;  // RMS level of tone, speech and noise; WAV files play as recorded
    double tone_hz = 1000.0;
    std::filesystem::path wav_file;  // absolute after load
    bool loop = true;                // WAV and speech: start over when the clip ends
    std::string voice = "en-us";     // espeak-ng voice, e.g. "en-us+m3", "en-gb+f2"
    int words_per_minute = 160;
    std::string text = "This is the public switched telephone network simulator speaking.";
    SpeechEngine engine = SpeechEngine::Auto;
    // When empty the source plays for the whole call. Otherwise it plays only
    // inside these intervals (silence outside), which is what speech_start /
    // speech_stop events report.
    std::vector<TalkInterval> talk;
    // 0: the schedule runs once. Otherwise it starts over every period.
    Milliseconds talk_repeat{0};
};

struct HoldSpec {
    Milliseconds at{0};                    // re-INVITE with `direction`, after answer
    std::optional<Milliseconds> resume;    // re-INVITE with sendrecv, after answer
    std::string direction = "sendonly";    // "sendonly" or "inactive"
};

enum class DtmfMode { Rfc4733, InBand };

struct DtmfSpec {
    Milliseconds at{0};  // after answer
    std::string digits;  // 0-9 * # A-D
    DtmfMode mode = DtmfMode::Rfc4733;
    Milliseconds duration{100};  // per digit
    Milliseconds gap{60};        // between digits
};

struct ImpairmentSpec {
    double loss_percent = 0.0;  // each outgoing RTP packet dropped with this probability
    Milliseconds jitter{0};     // each outgoing packet delayed by uniform [0, jitter]
    std::uint32_t seed = 1;     // with the call index, makes a run reproducible
};

// Deliberately broken SDP answers, for the bridge's robustness tests.
enum class MalformedSdp { None, MissingConnection, HostnameConnection, PortZero, NoCommonCodec };

struct RogueRtpSpec {
    bool from_foreign_port = false;  // extra packets from a second socket
    bool second_ssrc = false;        // extra packets with another SSRC
    double tone_hz = 2500.0;         // what the rogue packets carry, so a leak is audible
    Milliseconds start{1000};        // after answer, so the real source is seen first
    bool enabled() const { return from_foreign_port || second_ssrc; }
};

struct NumberBehaviour {
    std::string number;  // E.164 with '+'; for a range "first..last"
    CallAction action = CallAction::Answer;
    Milliseconds answer_after{1000};
    int reject_code = 503;
    std::string reject_phrase = "Service Unavailable";
    std::optional<Milliseconds> hangup_after;  // BYE this long after answer
    bool record = true;                        // when the simulator has a record folder
    AudioSpec audio;
    std::optional<HoldSpec> hold;
    std::vector<DtmfSpec> dtmf;
    ImpairmentSpec impairment;
    MalformedSdp malformed_sdp = MalformedSdp::None;
    RogueRtpSpec rogue;
};

// [ranges."<first>"]: `count` consecutive numbers from `first`, all with the
// same number of digits (the last one may not carry into another digit).
struct NumberRange {
    std::string first;              // E.164 with '+'
    std::uint64_t first_value = 0;  // the digits after '+', as a number
    std::uint64_t count = 0;        // 1..1000000
    NumberBehaviour behaviour;

    bool contains(const std::string& number) const;
};

class Phonebook {
  public:
    // Throws PhonebookError (file unreadable, TOML syntax, bad key or value).
    static Phonebook load(const std::filesystem::path& file);
    static Phonebook parse(const std::string& toml_text, const std::filesystem::path& base_folder,
                           const std::string& source_name = "phonebook");

    // nullptr for a number that is not in the book (the caller answers 404).
    // A number of its own first, then the range that holds it.
    const NumberBehaviour* find(const std::string& number) const;
    const std::map<std::string, NumberBehaviour>& numbers() const { return numbers_; }
    const std::vector<NumberRange>& ranges() const { return ranges_; }

  private:
    std::map<std::string, NumberBehaviour> numbers_;
    std::vector<NumberRange> ranges_;  // sorted by length, then first number
};

std::string_view toString(CallAction action);
std::string_view toString(AudioKind kind);
std::string_view toString(MalformedSdp kind);
std::string_view toString(DtmfMode mode);

}  // namespace confab::pstnsim
