// A dial-in INVITE flood against a live conference: three phones on the real
// PSTN simulator, each playing its own tone, while the bridge's SIP port takes
// 2000 raw INVITEs back to back and then a paced stream from sipp. The legs
// stay connected, every phone keeps hearing the other two without gaps (over
// 60 ms; a stall the VM's host made, seen by HostStallWatch, is excused)
// through the flood, the refusals are counted, and a new dial still connects.
// The flood is handled on the control thread; the media thread must not
// notice it.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <span>

#include "confab/harness/audio_analysis.h"
#include "confab/media/media_engine.h"
#include "engine_fixture.h"

namespace confab::test {
namespace {

using namespace std::chrono_literals;
using sip::LegState;

constexpr int kBurstInvites = 2000;  // raw, back to back: more than the socket buffer holds
constexpr int kPacedInvites = 1000;  // sipp, 500 per second, each one ACKed after its 403
constexpr int kPacedRate = 500;
constexpr double kFrameSeconds = 0.020;
constexpr double kToneFloorDb = -30.0;  // a tone at -20 dBov, heard through the mix, per 20 ms
constexpr double kMaxGapSeconds = 0.060;

// A UDP socket that writes minimal out-of-dialog INVITEs (a dial-in attempt,
// as a scanner sends them) and keeps the responses for the test to read.
// The same request as the SIP agent's own tests send (sip_ua_fixture.h's
// RawSipPeer), reduced to INVITE.
class InviteFlooder {
public:
    InviteFlooder() {
        fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
        sockaddr_in local{};
        local.sin_family = AF_INET;
        ::inet_pton(AF_INET, "127.0.0.1", &local.sin_addr);
        socklen_t length = sizeof local;
        if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0 ||
            ::getsockname(fd_, reinterpret_cast<sockaddr*>(&local), &length) != 0)
            throw std::runtime_error("cannot open the flooder's socket");
        port_ = ntohs(local.sin_port);
        const int buffer = 4 << 20;  // room for the 403s, so they can be checked
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUFFORCE, &buffer, sizeof buffer);
    }
    ~InviteFlooder() { ::close(fd_); }
    InviteFlooder(const InviteFlooder&) = delete;
    InviteFlooder& operator=(const InviteFlooder&) = delete;

    // False when the kernel refused the datagram (it never does on loopback,
    // but a silent short flood would make the test prove nothing).
    bool send(int bridge_port) {
        ++sequence_;
        const std::string n = std::to_string(sequence_);
        const std::string self = "127.0.0.1:" + std::to_string(port_);
        const std::string request =
            "INVITE sip:confab@127.0.0.1:" + std::to_string(bridge_port) + " SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP " + self + ";branch=z9hG4bK-flood" + n + "\r\n" +
            "Max-Forwards: 70\r\nFrom: <sip:scanner@" + self + ">;tag=flood" + n + "\r\n" +
            "To: <sip:confab@127.0.0.1>\r\nCall-ID: flood-" + std::to_string(::getpid()) + "-" + n +
            "@127.0.0.1\r\nCSeq: 1 INVITE\r\nContact: <sip:scanner@" + self +
            ">\r\nContent-Length: 0\r\n\r\n";
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(static_cast<std::uint16_t>(bridge_port));
        ::inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
        return ::sendto(fd_, request.data(), request.size(), 0, reinterpret_cast<sockaddr*>(&to),
                        sizeof to) == static_cast<ssize_t>(request.size());
    }

    // The status lines of the responses that have arrived.
    std::vector<std::string> statusLines() {
        std::vector<std::string> lines;
        char buffer[65536];
        for (ssize_t n; (n = ::recv(fd_, buffer, sizeof buffer, 0)) > 0;) {
            const std::string response(buffer, static_cast<std::size_t>(n));
            lines.push_back(response.substr(0, response.find("\r\n")));
        }
        return lines;
    }

private:
    int fd_ = -1;
    int port_ = 0;
    unsigned sequence_ = 0;
};

struct Phone {
    std::string number;
    int tone = 0;
};

struct Gap {
    double start_seconds = 0;
    double seconds = 0;
};

// Runs of 20 ms frames in which either of `tones` is below the floor.
std::vector<Gap> gapsIn(const std::vector<float>& samples, const std::vector<int>& tones) {
    const auto frame = static_cast<std::size_t>(8000 * kFrameSeconds);
    std::vector<Gap> gaps;
    bool in_gap = false;
    for (std::size_t start = 0; start + frame <= samples.size(); start += frame) {
        const std::span<const float> chunk(samples.data() + start, frame);
        const bool heard = std::all_of(tones.begin(), tones.end(), [&](int tone) {
            return harness::toneLevelDb(chunk, tone) > kToneFloorDb;
        });
        if (!heard && !in_gap) gaps.push_back({static_cast<double>(start) / 8000, 0});
        if (!heard) gaps.back().seconds += kFrameSeconds;
        in_gap = !heard;
    }
    return gaps;
}

std::string describe(const std::vector<Gap>& gaps) {
    std::string text;
    for (const auto& gap : gaps)
        text += (text.empty() ? "" : ", ") + std::to_string(static_cast<int>(gap.seconds * 1000)) + " ms at +" +
                std::to_string(static_cast<int>(gap.start_seconds * 1000)) + " ms";
    return text.empty() ? "none" : text;
}

class EngineFloodTest : public EngineFixture {
protected:
    // The simulator's CLOCK_MONOTONIC time of its 200 OK for `number`: its
    // recording starts there (placed by RTP timestamp, which the bridge
    // starts at its first packet, a few ms later at most).
    std::optional<double> answeredAtMs(const std::string& number) const {
        std::optional<double> at;
        harness::waitUntil(
            [&] {
                for (const auto& event : simulatorEvents())
                    if (event.value("event", "") == "answered" && event.value("number", "") == number)
                        at = event["t_ms"].get<double>();
                return at.has_value();
            },
            5s);
        return at;
    }

    // The simulator's own media-thread health, from its "stopped" line.
    std::string simulatorLateTicks() const {
        for (const auto& event : simulatorEvents())
            if (event.value("event", "") == "stopped")
                return "simulator: " + std::to_string(event.value("late_media_ticks", -1)) + " late media ticks";
        return "simulator: no \"stopped\" line";
    }

    std::vector<engine::LegSnapshot> snapshots(engine::ConferenceId conference) {
        return onLoop([&](engine::ConferenceEngine& e) { return e.legs(conference); });
    }
};

TEST_F(EngineFloodTest, InviteFloodLeavesALiveConferenceUndisturbed) {
    const std::vector<Phone> phones{{"+15551230001", 500}, {"+15551230002", 900}, {"+15551230003", 1400}};
    const Phone late{"+15551230004", 2000};
    std::string phonebook;
    for (const auto& phone : phones) phonebook += answeringTone(phone.number, phone.tone);
    phonebook += answeringTone(late.number, late.tone);
    startSimulator(phonebook);
    startEngine();

    const auto conference = onLoop([](engine::ConferenceEngine& e) { return e.createConference(); });
    std::vector<engine::LegId> legs;
    for (const auto& phone : phones) {
        auto leg = onLoop([&](engine::ConferenceEngine& e) { return e.dial(conference, phone.number); });
        ASSERT_TRUE(leg.ok()) << leg.error();
        legs.push_back(leg.value());
    }
    for (auto leg : legs) ASSERT_TRUE(waitForLegState(leg, LegState::Connected, 10s)) << simulatorLog();
    // A second of steady mix before the flood.
    for (const auto& phone : phones) ASSERT_TRUE(waitForRecordedSeconds(recording(phone.number), 1.0));
    const auto before = onLoop([](engine::ConferenceEngine& e) { return e.sipAgent().counters(); });

    // The flood: the raw burst, then sipp's paced stream while the burst is
    // still being worked through. The legs are checked all along.
    const auto flood_start = std::chrono::steady_clock::now();
    InviteFlooder flooder;
    int sent = 0;
    for (int i = 0; i < kBurstInvites; ++i) sent += flooder.send(engineSipPort()) ? 1 : 0;
    ASSERT_EQ(sent, kBurstInvites);
    const auto sipp_folder = folder_.path();
    harness::Process sipp(
        {"sipp", "-sf", CONFAB_SIPP_DIAL_IN_SCENARIO, "-i", "127.0.0.1", "-p",
         std::to_string(harness::freeUdpPort()), "-mp", std::to_string(harness::freeUdpPort()), "-nostdin",
         "-timeout", "20", "-timeout_error", "-trace_err", "-error_file", (sipp_folder / "sipp.errors").string(),
         "127.0.0.1:" + std::to_string(engineSipPort()), "-m", std::to_string(kPacedInvites), "-r",
         std::to_string(kPacedRate), "-l", std::to_string(kPacedInvites)},
        sipp_folder / "sipp.log");
    std::size_t disturbed_checks = 0;
    std::size_t checks = 0;
    const auto all_connected = [&] {
        const auto now = snapshots(conference);
        return now.size() == legs.size() && std::all_of(now.begin(), now.end(), [](const auto& leg) {
                   return leg.state == LegState::Connected;
               });
    };
    const auto handled = [&] {
        const auto counters = onLoop([](engine::ConferenceEngine& e) { return e.sipAgent().counters(); });
        return counters.incoming_refused + counters.kernel_dropped_datagrams -
                   (before.incoming_refused + before.kernel_dropped_datagrams) >=
               static_cast<std::uint64_t>(kBurstInvites + kPacedInvites);
    };
    ASSERT_TRUE(harness::waitUntil(
        [&] {
            ++checks;
            if (!all_connected()) ++disturbed_checks;
            return !sipp.running() && handled();
        },
        20s))
        << "sipp running: " << sipp.running() << "\n"
        << harness::readFile(sipp_folder / "sipp.log");
    const auto flood_end = std::chrono::steady_clock::now();
    const auto after = onLoop([](engine::ConferenceEngine& e) { return e.sipAgent().counters(); });
    // When the mix breaks up, these say whether the bridge's media thread was
    // starved (a busy machine) rather than disturbed by the flood.
    const auto media = onLoop([](engine::ConferenceEngine& e) { return e.mediaEngine().metrics(); });
    const std::string media_thread = "bridge media thread: " + std::to_string(media.late_ticks) + " late and " +
                                     std::to_string(media.skipped_ticks) + " skipped ticks, longest tick " +
                                     std::to_string(media.max_tick_us) + " us";
    const auto flood_ms = std::chrono::duration_cast<std::chrono::milliseconds>(flood_end - flood_start);
    const auto host_stall = host_stalls_.longestHostStall(flood_start, flood_end);

    EXPECT_EQ(disturbed_checks, 0u) << "of " << checks << " checks, a leg was not connected";
    EXPECT_EQ(sipp.exitCode(), 0) << "every paced INVITE got its 403:\n"
                                  << harness::readFile(sipp_folder / "sipp.log")
                                  << harness::readFile(sipp_folder / "sipp.errors");
    const auto refused = after.incoming_refused - before.incoming_refused;
    const auto dropped = after.kernel_dropped_datagrams - before.kernel_dropped_datagrams;
    EXPECT_GE(refused, static_cast<std::uint64_t>(kPacedInvites)) << "sipp saw 403s the agent did not count";
    EXPECT_LE(refused, static_cast<std::uint64_t>(kBurstInvites + kPacedInvites))
        << "a retransmission was counted as a new INVITE";
    EXPECT_EQ(after.dials_answered - before.dials_answered, 0u);
    // Whatever the burst got back was the refusal, with its reason.
    const auto responses = flooder.statusLines();
    EXPECT_FALSE(responses.empty()) << "the burst got no answer at all";
    for (const auto& line : responses) {
        if (line.rfind("SIP/2.0 100 ", 0) != 0) {
            EXPECT_EQ(line, "SIP/2.0 403 Dial-in not enabled");
        }
    }
    std::cout << "[ flood    ] " << kBurstInvites << " raw + " << kPacedInvites << " paced INVITEs in "
              << flood_ms.count() << " ms: " << refused << " refused (403), " << dropped
              << " dropped by the kernel, " << responses.size() << " responses to the burst\n";
    RecordProperty("flood_ms", static_cast<int>(flood_ms.count()));
    RecordProperty("flood_refused", static_cast<int>(refused));
    RecordProperty("flood_kernel_dropped", static_cast<int>(dropped));

    // After the flood, a new dial connects.
    auto dialled = onLoop([&](engine::ConferenceEngine& e) { return e.dial(conference, late.number); });
    ASSERT_TRUE(dialled.ok()) << dialled.error();
    EXPECT_TRUE(waitForLegState(dialled.value(), LegState::Connected, 5s)) << simulatorLog();

    // The recordings must reach past the flood window before the calls end.
    std::map<std::string, double> answered_ms;
    for (const auto& phone : phones) {
        const auto at = answeredAtMs(phone.number);
        ASSERT_TRUE(at) << phone.number;
        answered_ms[phone.number] = *at;
        const double needed = (monotonicMs(flood_end) - *at) / 1000.0 + 0.2;
        ASSERT_TRUE(waitForRecordedSeconds(recording(phone.number), needed)) << phone.number;
    }
    // Nothing happened to the three legs before we end the conference.
    for (const auto& event : events()) {
        const auto* change = std::get_if<engine::LegStateChanged>(&event);
        if (!change || std::find(legs.begin(), legs.end(), change->leg) == legs.end()) continue;
        EXPECT_TRUE(change->to == LegState::Dialing || change->to == LegState::Alerting ||
                    change->to == LegState::Connected)
            << "leg " << change->leg << " went " << sip::toString(change->from) << " -> "
            << sip::toString(change->to);
    }
    onLoop([&](engine::ConferenceEngine& e) { return e.endConference(conference); });
    for (auto leg : legs) ASSERT_TRUE(waitForLegState(leg, LegState::Disconnected, 10s));
    stopSimulator();

    for (const auto& phone : phones) {
        const auto samples = readWav(recording(phone.number));
        const auto offset = [&](std::chrono::steady_clock::time_point at) {
            const double seconds = (monotonicMs(at) - answered_ms[phone.number]) / 1000.0;
            return std::min(samples.size(), static_cast<std::size_t>(std::max(0.0, seconds) * 8000));
        };
        const std::vector<float> window(samples.begin() + static_cast<std::ptrdiff_t>(offset(flood_start)),
                                        samples.begin() + static_cast<std::ptrdiff_t>(offset(flood_end)));
        ASSERT_GE(window.size(), static_cast<std::size_t>(8000 * 0.5)) << phone.number << ": flood window too short";
        std::vector<int> others;
        for (const auto& other : phones)
            if (other.number != phone.number) others.push_back(other.tone);
        const double first = toneLevelDb(window, others[0]);
        const double second = toneLevelDb(window, others[1]);
        const double own = toneLevelDb(window, phone.tone);
        const auto gaps = gapsIn(window, others);
        double longest = 0;
        for (const auto& gap : gaps) longest = std::max(longest, gap.seconds);
        const std::string summary = phone.number + " over " + std::to_string(window.size() / 8) +
                                    " ms of flood: others " + std::to_string(first) + " / " +
                                    std::to_string(second) + " dB, own " + std::to_string(own) +
                                    " dB, longest gap " + std::to_string(static_cast<int>(longest * 1000)) + " ms";
        std::cout << "[ heard    ] " << summary << "\n";
        SCOPED_TRACE(summary);
        EXPECT_GT(first, -35.0);
        EXPECT_GT(second, -35.0);
        EXPECT_LT(std::abs(first - second), 3.0) << "the other two are not within 3 dB";
        EXPECT_LT(own, std::min(first, second) - 30.0) << "a phone hears itself";
        // A stall the VM's host made (steal time, not the flood) is excused by its length.
        const double excused = std::chrono::duration<double>(host_stall).count();
        EXPECT_LE(longest, kMaxGapSeconds + excused + 1e-9)
            << "the mix broke up during the flood; gaps: " << describe(gaps) << "; " << media_thread << "; "
            << simulatorLateTicks() << "; " << host_stalls_.describe(flood_start, flood_end);
    }
}

}  // namespace
}  // namespace confab::test
