#include "pstn_sim_fixture.h"

#include <cmath>
#include <fstream>
#include <numbers>
#include <sstream>

#include <sndfile.h>

#include "confab/media/codec.h"
#include "confab/media/g711_codec.h"

namespace confab::pstnsim::test {

void PstnSimTest::startSimulator(const std::string& phonebook_toml) {
    const auto book = folder_.path() / "phonebook.toml";
    std::ofstream(book) << phonebook_toml;
    sim_port_ = harness::freeUdpPort();
    sim_ = std::make_unique<harness::Process>(
        std::vector<std::string>{CONFAB_PSTN_SIM_PATH, "--phonebook", book.string(), "--listen",
                                 "127.0.0.1:" + std::to_string(sim_port_), "--events",
                                 (folder_.path() / "events.jsonl").string(), "--record-dir", recordDir().string(),
                                 "--log-level", "debug"},
        logFile(),
        // espeak-ng's scratch files (and so its command line) land in the
        // test folder, which lets the tests prove no child outlives the run.
        std::map<std::string, std::string>{{"TMPDIR", folder_.path().string()}});
    ASSERT_TRUE(harness::waitUntil(
        [this] { return harness::readFile(logFile()).find("ready sip:") != std::string::npos; },
        std::chrono::seconds(20)))
        << harness::readFile(logFile());
    caller_ = std::make_unique<SipTestCaller>();
}

void PstnSimTest::TearDown() {
    caller_.reset();
    if (sim_) sim_->terminate();
    // The contract every test relies on: whole JSON objects, stamped in order.
    std::int64_t previous = 0;
    for (const auto& event : events()) {
        ASSERT_TRUE(event.contains("t_ms") && event["t_ms"].is_number_integer()) << event.dump();
        ASSERT_TRUE(event.contains("event") && event["event"].is_string()) << event.dump();
        EXPECT_GE(event["t_ms"].get<std::int64_t>(), previous) << event.dump();
        previous = event["t_ms"].get<std::int64_t>();
        const auto name = event["event"].get<std::string>();
        if (name != "ready" && name != "stopped") {
            EXPECT_TRUE(event.contains("number") && event["number"].is_string()) << event.dump();
            EXPECT_TRUE(event.contains("call") && event["call"].is_number_integer()) << event.dump();
            EXPECT_TRUE(event.contains("call_id") && event["call_id"].is_string()) << event.dump();
        }
    }
    if (HasFailure()) {
        folder_.keep();
        std::cerr << "kept " << folder_.path() << "\n";
    }
}

std::vector<nlohmann::json> PstnSimTest::events() const {
    std::vector<nlohmann::json> parsed;
    std::istringstream lines(harness::readFile(folder_.path() / "events.jsonl"));
    std::string line;
    while (std::getline(lines, line)) {
        auto event = nlohmann::json::parse(line, nullptr, false);
        EXPECT_FALSE(event.is_discarded()) << "malformed event line: " << line;
        if (!event.is_discarded()) parsed.push_back(std::move(event));
    }
    return parsed;
}

std::vector<nlohmann::json> PstnSimTest::eventsOf(const std::string& number, int call_index) const {
    std::vector<nlohmann::json> selected;
    for (auto& event : events()) {
        if (event.value("number", "") == number && event.value("call", 0) == call_index) selected.push_back(event);
    }
    return selected;
}

std::vector<std::string> PstnSimTest::eventNames(const std::string& number, int call_index) const {
    std::vector<std::string> names;
    for (const auto& event : eventsOf(number, call_index)) names.push_back(event["event"]);
    return names;
}

std::optional<nlohmann::json> PstnSimTest::findEvent(const std::string& number, const std::string& name,
                                                     int call_index) const {
    for (const auto& event : eventsOf(number, call_index)) {
        if (event["event"] == name) return event;
    }
    return std::nullopt;
}

bool PstnSimTest::waitForEvent(const std::string& number, const std::string& name,
                               std::chrono::milliseconds deadline, int call_index) {
    // Keeps the caller's SIP loop and media running while waiting.
    return caller_->runUntil([&] { return findEvent(number, name, call_index).has_value(); }, deadline);
}

double tonePower(const std::vector<int16_t>& samples, double frequency) {
    if (samples.empty()) return 0.0;
    const double coefficient = 2.0 * std::cos(2.0 * std::numbers::pi * frequency / 8000.0);
    double s1 = 0.0;
    double s2 = 0.0;
    for (const int16_t sample : samples) {
        const double s0 = sample + coefficient * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    const double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
    return power / (static_cast<double>(samples.size()) * static_cast<double>(samples.size()));
}

double levelDbov(const std::vector<int16_t>& samples) {
    if (samples.empty()) return -96.0;
    double sum = 0.0;
    for (const int16_t s : samples) sum += static_cast<double>(s) * s;
    const double rms = std::sqrt(sum / static_cast<double>(samples.size()));
    return 20.0 * std::log10(rms / 32767.0 + 1e-10);
}

std::vector<int16_t> decodeG711(const std::vector<ReceivedPacket>& packets, std::uint8_t payload_type) {
    std::vector<int16_t> samples;
    for (const auto& packet : packets) {
        const auto codec = media::codecForPayloadType(packet.payload_type);
        if (packet.payload_type != payload_type || !codec) continue;
        for (const auto byte : packet.payload) samples.push_back(media::G711Codec::decodeSample(*codec, byte));
    }
    return samples;
}

std::vector<int16_t> readWav(const std::filesystem::path& file) {
    SF_INFO info{};
    SNDFILE* handle = sf_open(file.c_str(), SFM_READ, &info);
    if (handle == nullptr) return {};
    std::vector<int16_t> samples;
    if (info.samplerate == 8000 && info.channels == 1 &&
        (info.format & SF_FORMAT_SUBMASK) == SF_FORMAT_PCM_16 && (info.format & SF_FORMAT_TYPEMASK) == SF_FORMAT_WAV) {
        samples.resize(static_cast<std::size_t>(info.frames));
        samples.resize(static_cast<std::size_t>(sf_read_short(handle, samples.data(), info.frames)));
    }
    sf_close(handle);
    return samples;
}

}  // namespace confab::pstnsim::test
