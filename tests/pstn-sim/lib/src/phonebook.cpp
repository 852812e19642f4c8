#include "confab/pstnsim/phonebook.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <toml.hpp>

namespace confab::pstnsim {

namespace {

// Reads one table, remembering which keys were used so that leftovers (typos)
// can be reported instead of silently ignored.
class TableReader {
  public:
    TableReader(const toml::value& table, std::string where) : table_(table), where_(std::move(where)) {
        if (!table_.is_table()) fail("", "must be a table");
    }

    bool has(const std::string& key) {
        used_.insert(key);
        return table_.contains(key);
    }
    const toml::value& raw(const std::string& key) {
        used_.insert(key);
        return table_.at(key);
    }

    std::optional<std::int64_t> integer(const std::string& key, std::int64_t min, std::int64_t max) {
        if (!has(key)) return std::nullopt;
        const auto& v = table_.at(key);
        if (!v.is_integer()) fail(key, "must be an integer");
        const auto n = v.as_integer();
        if (n < min || n > max) fail(key, fmt::format("must be in {}..{} (is {})", min, max, n));
        return n;
    }
    std::optional<double> number(const std::string& key, double min, double max) {
        if (!has(key)) return std::nullopt;
        const auto& v = table_.at(key);
        double d = 0;
        if (v.is_integer()) {
            d = static_cast<double>(v.as_integer());
        } else if (v.is_floating()) {
            d = v.as_floating();
        } else {
            fail(key, "must be a number");
        }
        if (!(d >= min && d <= max)) fail(key, fmt::format("must be in {}..{} (is {})", min, max, d));
        return d;
    }
    std::optional<std::string> text(const std::string& key) {
        if (!has(key)) return std::nullopt;
        const auto& v = table_.at(key);
        if (!v.is_string()) fail(key, "must be a string");
        return v.as_string().str;
    }
    std::optional<bool> flag(const std::string& key) {
        if (!has(key)) return std::nullopt;
        const auto& v = table_.at(key);
        if (!v.is_boolean()) fail(key, "must be true or false");
        return v.as_boolean();
    }
    std::optional<Milliseconds> millis(const std::string& key, std::int64_t max = 24LL * 3600 * 1000) {
        const auto n = integer(key, 0, max);
        if (!n) return std::nullopt;
        return Milliseconds(*n);
    }

    // Throws for any key that no reader asked about.
    void rejectUnknownKeys() const {
        for (const auto& [key, value] : table_.as_table()) {
            if (!used_.contains(key)) fail(key, "is not a known key");
        }
    }

    [[noreturn]] void fail(const std::string& key, const std::string& what) const {
        if (key.empty()) throw PhonebookError(fmt::format("{}: {}", where_, what));
        throw PhonebookError(fmt::format("{}: '{}' {}", where_, key, what));
    }
    const std::string& where() const { return where_; }

  private:
    const toml::value& table_;
    std::string where_;
    std::set<std::string> used_;
};

template <typename Enum>
Enum pickEnum(TableReader& reader, const std::string& key, Enum current,
              std::initializer_list<std::pair<std::string_view, Enum>> choices) {
    const auto value = reader.text(key);
    if (!value) return current;
    std::string names;
    for (const auto& [name, e] : choices) {
        if (name == *value) return e;
        names += names.empty() ? "" : ", ";
        names += name;
    }
    reader.fail(key, fmt::format("is '{}', expected one of: {}", *value, names));
}

std::vector<TalkInterval> readTalk(TableReader& reader, const std::string& key) {
    std::vector<TalkInterval> talk;
    const auto& array = reader.raw(key);
    if (!array.is_array()) reader.fail(key, "must be an array of [start_ms, duration_ms] pairs");
    Milliseconds previous_end{0};
    for (const auto& pair : array.as_array()) {
        if (!pair.is_array() || pair.as_array().size() != 2 || !pair.as_array()[0].is_integer() ||
            !pair.as_array()[1].is_integer()) {
            reader.fail(key, "must be an array of [start_ms, duration_ms] integer pairs");
        }
        const auto start = pair.as_array()[0].as_integer();
        const auto duration = pair.as_array()[1].as_integer();
        if (start < previous_end.count() || duration <= 0) {
            reader.fail(key, "intervals must have positive durations, be sorted and not overlap");
        }
        talk.push_back({Milliseconds(start), Milliseconds(duration)});
        previous_end = Milliseconds(start + duration);
    }
    return talk;
}

void readAudio(const toml::value& table, const std::string& where,
               const std::filesystem::path& base, AudioSpec& audio) {
    TableReader r(table, where);
    audio.kind = pickEnum(r, "source", audio.kind,
                          {{"silence", AudioKind::Silence},
                           {"tone", AudioKind::Tone},
                           {"wav", AudioKind::Wav},
                           {"speech", AudioKind::Speech},
                           {"noise", AudioKind::Noise}});
    if (auto v = r.number("level_dbov", -90.0, 0.0)) audio.level_dbov = *v;
    if (auto v = r.number("frequency_hz", 20.0, 3900.0)) audio.tone_hz = *v;
    if (auto v = r.text("file")) audio.wav_file = base / *v;
    if (auto v = r.flag("loop")) audio.loop = *v;
    if (auto v = r.text("voice")) {
        if (v->empty() || v->find_first_of(" \t\n\"'") != std::string::npos) {
            r.fail("voice", "must be one espeak-ng voice name such as \"en-us+m3\"");
        }
        audio.voice = *v;
    }
    if (auto v = r.integer("words_per_minute", 80, 450)) audio.words_per_minute = static_cast<int>(*v);
    if (auto v = r.text("text")) {
        if (v->empty()) r.fail("text", "must not be empty");
        audio.text = *v;
    }
    audio.engine = pickEnum(r, "engine", audio.engine,
                            {{"auto", SpeechEngine::Auto},
                             {"espeak", SpeechEngine::Espeak},
                             {"synthetic", SpeechEngine::Synthetic}});
    if (r.has("talk")) audio.talk = readTalk(r, "talk");
    if (auto v = r.millis("talk_repeat_ms")) audio.talk_repeat = *v;
    r.rejectUnknownKeys();

    if (audio.kind == AudioKind::Wav && audio.wav_file.empty()) r.fail("file", "is required for source = \"wav\"");
    if (audio.talk_repeat.count() > 0 && !audio.talk.empty()) {
        const auto& last = audio.talk.back();
        if (last.start + last.duration > audio.talk_repeat) {
            r.fail("talk_repeat_ms", "must be at least the end of the last talk interval");
        }
    }
}

HoldSpec readHold(const toml::value& table, const std::string& where) {
    TableReader r(table, where);
    HoldSpec hold;
    const auto at = r.millis("at_ms");
    if (!at) r.fail("at_ms", "is required");
    hold.at = *at;
    hold.resume = r.millis("resume_ms");
    if (auto v = r.text("direction")) {
        if (*v != "sendonly" && *v != "inactive") r.fail("direction", "must be \"sendonly\" or \"inactive\"");
        hold.direction = *v;
    }
    r.rejectUnknownKeys();
    if (hold.resume && *hold.resume <= hold.at) r.fail("resume_ms", "must be after at_ms");
    return hold;
}

DtmfSpec readDtmf(const toml::value& table, const std::string& where) {
    TableReader r(table, where);
    DtmfSpec dtmf;
    const auto at = r.millis("at_ms");
    if (!at) r.fail("at_ms", "is required");
    dtmf.at = *at;
    const auto digits = r.text("digits");
    if (!digits || digits->empty()) r.fail("digits", "is required");
    if (digits->find_first_not_of("0123456789*#ABCD") != std::string::npos) {
        r.fail("digits", "may only hold 0-9 * # A-D");
    }
    dtmf.digits = *digits;
    dtmf.mode = pickEnum(r, "mode", dtmf.mode, {{"rfc4733", DtmfMode::Rfc4733}, {"inband", DtmfMode::InBand}});
    if (auto v = r.integer("duration_ms", 40, 2000)) dtmf.duration = Milliseconds(*v);
    if (auto v = r.integer("gap_ms", 20, 2000)) dtmf.gap = Milliseconds(*v);
    r.rejectUnknownKeys();
    return dtmf;
}

void readImpairment(const toml::value& table, const std::string& where, ImpairmentSpec& impairment) {
    TableReader r(table, where);
    if (auto v = r.number("loss_percent", 0.0, 100.0)) impairment.loss_percent = *v;
    // The media thread keeps up to 16 delayed packets per call: 300 ms at 50 pps.
    if (auto v = r.integer("jitter_ms", 0, 300)) impairment.jitter = Milliseconds(*v);
    if (auto v = r.integer("seed", 0, 0xFFFFFFFFLL)) impairment.seed = static_cast<std::uint32_t>(*v);
    r.rejectUnknownKeys();
}

void readMisbehaviour(const toml::value& table, const std::string& where, NumberBehaviour& b) {
    TableReader r(table, where);
    b.malformed_sdp = pickEnum(r, "malformed_sdp", b.malformed_sdp,
                               {{"none", MalformedSdp::None},
                                {"missing_c", MalformedSdp::MissingConnection},
                                {"hostname_c", MalformedSdp::HostnameConnection},
                                {"port_zero", MalformedSdp::PortZero},
                                {"no_common_codec", MalformedSdp::NoCommonCodec}});
    if (auto v = r.flag("rogue_rtp_foreign_port")) b.rogue.from_foreign_port = *v;
    if (auto v = r.flag("rogue_rtp_second_ssrc")) b.rogue.second_ssrc = *v;
    if (auto v = r.number("rogue_tone_hz", 20.0, 3900.0)) b.rogue.tone_hz = *v;
    if (auto v = r.millis("rogue_start_ms")) b.rogue.start = *v;
    r.rejectUnknownKeys();
}

// Reads the keys of a [defaults], [numbers."+1..."] or [ranges."+1..."]
// table over `b`. `range_count` is non-null for a range, whose table must
// also say how many numbers it holds.
void readBehaviour(const toml::value& table, const std::string& where,
                   const std::filesystem::path& base, NumberBehaviour& b,
                   std::uint64_t* range_count = nullptr) {
    TableReader r(table, where);
    if (range_count != nullptr) {
        const auto count = r.integer("count", 1, 1'000'000);
        if (!count) r.fail("count", "is required for a range");
        *range_count = static_cast<std::uint64_t>(*count);
    }
    b.action = pickEnum(r, "action", b.action,
                        {{"answer", CallAction::Answer},
                         {"busy", CallAction::Busy},
                         {"no_answer", CallAction::NoAnswer},
                         {"reject", CallAction::Reject}});
    if (auto v = r.millis("answer_after_ms")) b.answer_after = *v;
    if (auto v = r.integer("reject_code", 300, 699)) b.reject_code = static_cast<int>(*v);
    if (auto v = r.text("reject_phrase")) {
        if (v->empty() || v->find_first_of("\r\n") != std::string::npos) {
            r.fail("reject_phrase", "must be one non-empty line");
        }
        b.reject_phrase = *v;
    }
    if (auto v = r.millis("hangup_after_ms")) b.hangup_after = *v;
    if (auto v = r.flag("record")) b.record = *v;
    if (r.has("audio")) readAudio(r.raw("audio"), where + ".audio", base, b.audio);
    if (r.has("hold")) b.hold = readHold(r.raw("hold"), where + ".hold");
    if (r.has("dtmf")) {
        const auto& list = r.raw("dtmf");
        if (!list.is_array()) r.fail("dtmf", "must be an array of tables ([[...dtmf]])");
        b.dtmf.clear();
        for (std::size_t i = 0; i < list.as_array().size(); ++i) {
            b.dtmf.push_back(readDtmf(list.as_array()[i], fmt::format("{}.dtmf[{}]", where, i)));
        }
    }
    if (r.has("impairment")) readImpairment(r.raw("impairment"), where + ".impairment", b.impairment);
    if (r.has("misbehaviour")) readMisbehaviour(r.raw("misbehaviour"), where + ".misbehaviour", b);
    r.rejectUnknownKeys();
}

bool looksLikeE164(const std::string& number) {
    if (number.size() < 3 || number.size() > 16 || number[0] != '+') return false;
    return number.find_first_not_of("0123456789", 1) == std::string::npos;
}

// The digits after '+' as a number (at most 15 digits: fits in 64 bits).
std::uint64_t digitsValue(const std::string& number) {
    std::uint64_t value = 0;
    for (std::size_t i = 1; i < number.size(); ++i) value = value * 10 + static_cast<std::uint64_t>(number[i] - '0');
    return value;
}

std::uint64_t powerOfTen(std::size_t exponent) {
    std::uint64_t value = 1;
    while (exponent-- > 0) value *= 10;
    return value;
}

// "+" and the number's digits, zero-padded to `digits` (so "+0012" stays 4 digits).
std::string numberWithDigits(std::uint64_t value, std::size_t digits) {
    return fmt::format("+{:0{}}", value, digits);
}

NumberRange readRange(const std::string& first, const toml::value& table, const NumberBehaviour& defaults,
                      const std::filesystem::path& base) {
    const std::string where = fmt::format("ranges.\"{}\"", first);
    if (!looksLikeE164(first)) throw PhonebookError(fmt::format("{}: not an E.164 number with '+'", where));
    NumberRange range;
    range.first = first;
    range.first_value = digitsValue(first);
    range.behaviour = defaults;
    readBehaviour(table, where, base, range.behaviour, &range.count);
    const std::size_t digits = first.size() - 1;
    const std::uint64_t last = range.first_value + range.count - 1;
    if (last >= powerOfTen(digits)) {
        throw PhonebookError(fmt::format("{}: 'count' {} runs past {} digits", where, range.count, digits));
    }
    range.behaviour.number = fmt::format("{}..{}", first, numberWithDigits(last, digits));
    return range;
}

}  // namespace

Phonebook Phonebook::load(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw PhonebookError(fmt::format("{}: cannot be read", file.string()));
    std::stringstream text;
    text << in.rdbuf();
    return parse(text.str(), file.parent_path(), file.string());
}

Phonebook Phonebook::parse(const std::string& toml_text, const std::filesystem::path& base_folder,
                           const std::string& source_name) {
    toml::value root;
    try {
        std::istringstream in(toml_text);
        root = toml::parse(in, source_name);
    } catch (const std::exception& e) {
        throw PhonebookError(e.what());
    }
    TableReader top(root, source_name);
    NumberBehaviour defaults;
    if (top.has("defaults")) readBehaviour(top.raw("defaults"), "defaults", base_folder, defaults);
    Phonebook book;
    if (top.has("numbers")) {
        const auto& numbers = top.raw("numbers");
        if (!numbers.is_table()) top.fail("numbers", "must be a table of numbers");
        for (const auto& [number, table] : numbers.as_table()) {
            const std::string where = fmt::format("numbers.\"{}\"", number);
            if (!looksLikeE164(number)) {
                throw PhonebookError(fmt::format("{}: not an E.164 number with '+'", where));
            }
            NumberBehaviour b = defaults;
            b.number = number;
            readBehaviour(table, where, base_folder, b);
            book.numbers_.emplace(number, std::move(b));
        }
    }
    if (top.has("ranges")) {
        const auto& ranges = top.raw("ranges");
        if (!ranges.is_table()) top.fail("ranges", "must be a table of ranges");
        for (const auto& [first, table] : ranges.as_table()) {
            book.ranges_.push_back(readRange(first, table, defaults, base_folder));
        }
        auto& all = book.ranges_;
        std::sort(all.begin(), all.end(), [](const NumberRange& a, const NumberRange& b) {
            return std::pair(a.first.size(), a.first_value) < std::pair(b.first.size(), b.first_value);
        });
        for (std::size_t i = 1; i < all.size(); ++i) {
            const NumberRange& before = all[i - 1];
            if (before.first.size() == all[i].first.size() &&
                before.first_value + before.count > all[i].first_value) {
                throw PhonebookError(fmt::format("ranges.\"{}\": overlaps ranges.\"{}\" ({})", all[i].first,
                                                 before.first, before.behaviour.number));
            }
        }
    }
    top.rejectUnknownKeys();
    return book;
}

bool NumberRange::contains(const std::string& number) const {
    if (number.size() != first.size() || !looksLikeE164(number)) return false;
    const std::uint64_t value = digitsValue(number);
    return value >= first_value && value - first_value < count;
}

const NumberBehaviour* Phonebook::find(const std::string& number) const {
    if (const auto it = numbers_.find(number); it != numbers_.end()) return &it->second;
    for (const NumberRange& range : ranges_) {
        if (range.contains(number)) return &range.behaviour;
    }
    return nullptr;
}

std::string_view toString(CallAction action) {
    switch (action) {
        case CallAction::Answer: return "answer";
        case CallAction::Busy: return "busy";
        case CallAction::NoAnswer: return "no_answer";
        case CallAction::Reject: return "reject";
    }
    return "?";
}

std::string_view toString(AudioKind kind) {
    switch (kind) {
        case AudioKind::Silence: return "silence";
        case AudioKind::Tone: return "tone";
        case AudioKind::Wav: return "wav";
        case AudioKind::Speech: return "speech";
        case AudioKind::Noise: return "noise";
    }
    return "?";
}

std::string_view toString(MalformedSdp kind) {
    switch (kind) {
        case MalformedSdp::None: return "none";
        case MalformedSdp::MissingConnection: return "missing_c";
        case MalformedSdp::HostnameConnection: return "hostname_c";
        case MalformedSdp::PortZero: return "port_zero";
        case MalformedSdp::NoCommonCodec: return "no_common_codec";
    }
    return "?";
}

std::string_view toString(DtmfMode mode) {
    return mode == DtmfMode::Rfc4733 ? "rfc4733" : "inband";
}

}  // namespace confab::pstnsim
