// A bridge config's [media] section takes effect in an engine built from it
// with engine::conferenceEngineOptions, the way confab-bridge builds its own:
// legs take their RTP ports from rtp_port_min..rtp_port_max, a dial finds no
// port once that range is used up and one again when a leg ends, [sip]
// ring_timeout_seconds ends an unanswered leg, and realtime_priority reaches
// the media thread.
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <random>

#include "confab/engine/engine_options.h"
#include "confab/media/media_engine.h"
#include "engine_fixture.h"

namespace confab::test {
namespace {

using namespace std::chrono_literals;
using sip::DisconnectReason;
using sip::LegState;

bool udpPortFree(int port) {
    const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool free = fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    if (fd >= 0) ::close(fd);
    return free;
}

// An even port p with p..p+3 free a moment ago: two RTP/RTCP pairs.
int freeRtpRange() {
    std::minstd_rand random(static_cast<unsigned>(::getpid()) ^ static_cast<unsigned>(std::random_device{}()));
    for (int attempt = 0; attempt < 200; ++attempt) {
        const int first = 20000 + 2 * static_cast<int>(random() % 15000);
        if (udpPortFree(first) && udpPortFree(first + 1) && udpPortFree(first + 2) && udpPortFree(first + 3))
            return first;
    }
    return 0;
}

// Whether this process may give a thread SCHED_FIFO (root in a container
// often may not): what the media thread's realtime_scheduling metric must say.
bool fifoSchedulingAllowed() {
    bool granted = false;
    std::thread probe([&granted] {
        sched_param param{};
        param.sched_priority = 10;
        granted = pthread_setschedparam(pthread_self(), SCHED_FIFO, &param) == 0;
    });
    probe.join();
    return granted;
}

class EngineMediaConfigTest : public EngineFixture {
protected:
    // The bridge's RTP port that the simulator saw in `number`'s offer. Its
    // "answered" line may reach the events file after our side connected.
    std::optional<int> bridgeRtpPort(const std::string& number) const {
        std::optional<int> port;
        harness::waitUntil(
            [&] {
                for (const auto& event : simulatorEvents())
                    if (event.value("event", "") == "answered" && event.value("number", "") == number) {
                        const std::string remote = event.value("remote_rtp", "");
                        port = std::stoi(remote.substr(remote.rfind(':') + 1));
                    }
                return port.has_value();
            },
            5s);
        return port;
    }
};

TEST_F(EngineMediaConfigTest, MediaSectionSetsTheRtpRangeAndSchedulingAndSipSetsTheRingTimeout) {
    startSimulator(answeringTone("+15551230001", 500) + answeringTone("+15551230002", 900) +
                   "[numbers.\"+15551230006\"]\naction = \"no_answer\"\n");
    const int first = freeRtpRange();
    ASSERT_NE(first, 0) << "no four free ports in a row";
    const std::string text =
        "[xmpp]\ndomain = \"localhost\"\ncomponent = \"bridge.localhost\"\nsecret = \"x\"\n"
        "[sip]\nlisten = \"127.0.0.1:" + std::to_string(harness::freeUdpPort()) + "\"\n"
        "caller_id = \"+15550100\"\nring_timeout_seconds = 1\n"
        "[[sip.route]]\nprefix = \"+1555\"\nuri = \"sip:{number}@127.0.0.1:" + std::to_string(simulatorSipPort()) + "\"\n"
        "[policy]\nmax_legs_per_conference = 2\n"
        "[media]\nrtp_port_min = " + std::to_string(first) + "\nrtp_port_max = " + std::to_string(first + 3) +
        "\nrealtime_priority = 10\n";
    const BridgeConfig config = parseBridgeConfig(text, "bridge.toml", folder_.path());
    startEngine(config.sip, engine::conferenceEngineOptions(config, config.policy.max_legs_per_conference));

    const auto conference = onLoop([](engine::ConferenceEngine& e) { return e.createConference(); });
    auto answered = onLoop([&](engine::ConferenceEngine& e) { return e.dial(conference, "+15551230001"); });
    auto ringing = onLoop([&](engine::ConferenceEngine& e) { return e.dial(conference, "+15551230006"); });
    ASSERT_TRUE(answered.ok()) << answered.error();
    ASSERT_TRUE(ringing.ok()) << ringing.error();
    ASSERT_TRUE(waitForLegState(answered.value(), LegState::Connected, 10s)) << simulatorLog();
    const auto first_port = bridgeRtpPort("+15551230001");
    ASSERT_TRUE(first_port);
    EXPECT_TRUE(*first_port == first || *first_port == first + 2) << *first_port << " is outside " << first
                                                                  << ".." << first + 3 << " or odd";

    // Both pairs are taken: a dial into another conference finds no port.
    const auto other = onLoop([](engine::ConferenceEngine& e) { return e.createConference(); });
    auto refused = onLoop([&](engine::ConferenceEngine& e) { return e.dial(other, "+15551230002"); });
    ASSERT_FALSE(refused.ok()) << "a third leg got a port from a range of two pairs";
    EXPECT_NE(refused.error().find("no free RTP port pair"), std::string::npos) << refused.error();

    // ring_timeout_seconds = 1 gives up on the phone that never answers...
    const auto rang_out = waitForLegState(ringing.value(), LegState::Disconnected, 5s);
    ASSERT_TRUE(rang_out);
    EXPECT_EQ(rang_out->ending.reason, DisconnectReason::NoAnswer);
    // ...and frees its pair, which the next dial gets.
    std::optional<engine::LegId> second;
    ASSERT_TRUE(harness::waitUntil(
        [&] {
            auto dialled = onLoop([&](engine::ConferenceEngine& e) { return e.dial(other, "+15551230002"); });
            if (dialled.ok()) second = dialled.value();
            return dialled.ok();
        },
        3s))
        << "the ended leg's RTP ports were never released";
    ASSERT_TRUE(waitForLegState(*second, LegState::Connected, 10s)) << simulatorLog();
    const auto second_port = bridgeRtpPort("+15551230002");
    ASSERT_TRUE(second_port);
    EXPECT_TRUE(*second_port == first || *second_port == first + 2) << *second_port;
    EXPECT_NE(*second_port, *first_port);

    // realtime_priority reached the media thread: it asked for SCHED_FIFO,
    // and got it exactly when this process may have it.
    const bool allowed = fifoSchedulingAllowed();
    const auto scheduling = [&] {
        return onLoop([](engine::ConferenceEngine& e) { return e.mediaEngine().metrics().realtime_scheduling; });
    };
    if (allowed) {
        EXPECT_TRUE(harness::waitUntil([&] { return scheduling() == 1; }, 2s));
    } else {
        std::cout << "[ note     ] SCHED_FIFO is not allowed here; the media thread's metric must say 0\n";
        EXPECT_EQ(scheduling(), 0u);
    }
    RecordProperty("realtime_allowed", allowed ? 1 : 0);
}

// A config without [media] must run the engine exactly as its own defaults
// do: the bridge's behaviour does not change for files written before [media].
TEST(EngineOptionsTest, AConfigWithoutMediaGivesTheEngineDefaults) {
    BridgeConfig config;
    config.sip.listen.host = "127.0.0.1";
    const auto options = engine::conferenceEngineOptions(config, 20);
    const media::MediaEngineConfig defaults;
    EXPECT_EQ(options.media.bind_address, "127.0.0.1");
    EXPECT_EQ(options.media.rtp_port_min, defaults.rtp_port_min);
    EXPECT_EQ(options.media.rtp_port_max, defaults.rtp_port_max);
    EXPECT_EQ(options.media.dscp, defaults.dscp);
    EXPECT_EQ(options.media.realtime_priority, defaults.realtime_priority);
    EXPECT_EQ(options.media.jitter.min_delay, defaults.jitter.min_delay);
    EXPECT_EQ(options.media.jitter.max_delay, defaults.jitter.max_delay);
    EXPECT_EQ(options.media.talk.hangover, defaults.talk.hangover);
    EXPECT_EQ(options.media.media_timeout, defaults.media_timeout);
    EXPECT_EQ(options.sip.ring_timeout, sip::SipUserAgent::Options{}.ring_timeout);
    EXPECT_EQ(options.max_legs_per_conference, 20u);
}

}  // namespace
}  // namespace confab::test
