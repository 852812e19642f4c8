// What reaches the agent uninvited: dial-in INVITEs (refused, also as a flood
// while a call is up), out-of-dialog requests, and trusted_peers.
#include <sofia-sip/su_wait.h>

#include <cstdlib>
#include <iostream>

#include <fmt/format.h>

#include "sip_ua_fixture.h"

namespace confab::sip::test {
namespace {

class SipUaIncomingTest : public SipUaTest {
  protected:
    // The first response `peer` gets within `deadline`, pumping the agent.
    std::optional<std::string> awaitResponse(RawSipPeer& peer,
                                             std::chrono::milliseconds deadline = 5s) {
        std::optional<std::string> response;
        root.runUntil([&] { return (response = peer.receive()).has_value(); }, deadline);
        return response;
    }

    static std::string firstLine(const std::string& message) {
        return message.substr(0, message.find("\r\n"));
    }
};

TEST_F(SipUaIncomingTest, DialInInviteIsRefusedWith403) {
    startAgent();
    Sipp caller("uac_dial_in.xml", {fmt::format("127.0.0.1:{}", settings.listen.port), "-m", "1"},
                folder.path());
    EXPECT_EQ(waitForExit(caller), 0) << "expects 403 and gets no other answer:\n" << caller.logs();

    RawSipPeer peer("127.0.0.1");
    peer.send("INVITE", settings.listen.port);
    std::optional<std::string> response;
    root.runUntil(
        [&] {
            // Skip nua's 100 Trying.
            response = peer.receive();
            return response && firstLine(*response) != "SIP/2.0 100 Trying";
        },
        5s);
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(firstLine(*response), "SIP/2.0 403 Dial-in not enabled");
    EXPECT_EQ(agent->counters().incoming_refused, 2u);
    EXPECT_EQ(agent->legCount(), 0u);
}

TEST_F(SipUaIncomingTest, OptionsIsAnsweredWithOurAllow) {
    startAgent();
    RawSipPeer peer("127.0.0.1");
    peer.send("OPTIONS", settings.listen.port);
    const auto response = awaitResponse(peer);
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(firstLine(*response), "SIP/2.0 200 OK");
    EXPECT_NE(response->find("Allow: INVITE, ACK, BYE, CANCEL, OPTIONS\r\n"), std::string::npos)
        << *response;
    EXPECT_NE(response->find("User-Agent: Confab/0.1\r\n"), std::string::npos) << *response;
}

TEST_F(SipUaIncomingTest, OtherMethodsAreNotAllowed) {
    startAgent();
    RawSipPeer peer("127.0.0.1");
    for (const char* method : {"MESSAGE", "SUBSCRIBE", "REGISTER"}) {
        peer.send(method, settings.listen.port);
        const auto response = awaitResponse(peer);
        ASSERT_TRUE(response.has_value()) << method;
        EXPECT_EQ(firstLine(*response).substr(0, 11), "SIP/2.0 405") << method << ": " << *response;
    }
}

TEST_F(SipUaIncomingTest, UntrustedSourcesAreDroppedInTheKernel) {
    // The callee (and so the route target) is the one trusted peer.
    const int port = harness::freeUdpPort();
    auto callee = Sipp::callee("uas_answer.xml", port, folder.path(), {}, "127.0.0.2");
    addRoute("+1555", port, {}, {}, "127.0.0.2");
    settings.trusted_peers = {"127.0.0.2"};
    startAgent();
    ASSERT_TRUE(agent->kernelFilterActive());

    RawSipPeer stranger("127.0.0.1");
    stranger.send("OPTIONS", settings.listen.port);
    stranger.send("INVITE", settings.listen.port);
    RawSipPeer friendly("127.0.0.2");
    friendly.send("OPTIONS", settings.listen.port);
    const auto answer = awaitResponse(friendly);
    ASSERT_TRUE(answer.has_value());
    EXPECT_EQ(firstLine(*answer), "SIP/2.0 200 OK");
    // The trusted answer came after the untrusted requests were (not) handled.
    EXPECT_FALSE(awaitResponse(stranger, 300ms).has_value()) << "untrusted peers get no answer";
    EXPECT_GE(agent->counters().kernel_dropped_datagrams, 2u);

    RecordingListener listener;
    const LegHandle leg = dial(listener, "+15551230020");
    ASSERT_TRUE(root.runUntil([&] { return listener.state() == LegState::Connected; }, 10s))
        << listener.describe() << callee->logs();
    agent->hangup(leg);
    ASSERT_TRUE(root.runUntil([&] { return listener.state() == LegState::Disconnected; }, 10s));
    EXPECT_EQ(waitForExit(*callee), 0) << callee->logs();
}

// Measures how late a 10 ms periodic timer on the agent's loop fires: how long
// the control thread was busy with something else.
class LoopLatencyProbe {
  public:
    explicit LoopLatencyProbe(su_root_t* root) {
        timer_ = su_timer_create(su_root_task(root), kPeriodMs);
        next_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(kPeriodMs);
        su_timer_set(timer_, &LoopLatencyProbe::onTick,
                     static_cast<su_timer_arg_t*>(static_cast<void*>(this)));
    }
    ~LoopLatencyProbe() { su_timer_destroy(timer_); }
    std::chrono::milliseconds worst() const { return worst_; }

  private:
    static constexpr su_duration_t kPeriodMs = 10;
    static void onTick(su_root_magic_t*, su_timer_t* timer, su_timer_arg_t* arg) {
        auto* self = static_cast<LoopLatencyProbe*>(static_cast<void*>(arg));
        const auto now = std::chrono::steady_clock::now();
        self->worst_ = std::max(
            self->worst_, std::chrono::duration_cast<std::chrono::milliseconds>(now - self->next_));
        self->next_ = now + std::chrono::milliseconds(kPeriodMs);
        su_timer_set(timer, &LoopLatencyProbe::onTick, arg);
    }
    su_timer_t* timer_ = nullptr;
    std::chrono::steady_clock::time_point next_;
    std::chrono::milliseconds worst_{0};
};

// The flood rate (INVITEs/s) can be raised for measurements:
// CONFAB_SIP_FLOOD_RATE=5000 confab-sip-ua-tests --gtest_filter='*Flood*'
int floodRate() {
    const char* text = std::getenv("CONFAB_SIP_FLOOD_RATE");
    return text != nullptr && std::atoi(text) > 0 ? std::atoi(text) : 1000;
}

TEST_F(SipUaIncomingTest, InviteFloodDoesNotDisturbAnEstablishedLeg) {
    constexpr int kFloodCalls = 2000;
    const int rate = floodRate();
    const int port = harness::freeUdpPort();
    // Answers, then holds and resumes with re-INVITEs 1.5 s apart: during the flood.
    auto callee = Sipp::callee("uas_reinvite_slow.xml", port, folder.path());
    addRoute("+1555", port);
    startAgent();

    RecordingListener listener;
    const LegHandle leg = dial(listener, "+15551230030");
    ASSERT_TRUE(root.runUntil([&] { return listener.state() == LegState::Connected; }, 10s))
        << listener.describe() << callee->logs();

    LoopLatencyProbe probe(root.get());
    const auto start = std::chrono::steady_clock::now();
    Sipp flood(
        "uac_dial_in.xml",
        {fmt::format("127.0.0.1:{}", settings.listen.port), "-m", std::to_string(kFloodCalls), "-r",
         std::to_string(rate), "-l", std::to_string(kFloodCalls), "-trace_screen", "-screen_file",
         (folder.path() / "flood.screen").string()},
        folder.path());
    const int flood_exit = waitForExit(flood, 60s);
    const auto flood_time = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);

    ASSERT_TRUE(root.runUntil([&] { return listener.updated.size() == 2; }, 15s))
        << listener.describe() << callee->logs();
    EXPECT_EQ(listener.states(), (std::vector<LegState>{LegState::Dialing, LegState::Connected,
                                                        LegState::OnHold, LegState::Connected}))
        << "the leg stayed up through the flood";
    agent->hangup(leg);
    ASSERT_TRUE(root.runUntil([&] { return listener.state() == LegState::Disconnected; }, 10s));
    EXPECT_EQ(waitForExit(*callee), 0) << callee->logs();

    const auto counters = agent->counters();
    std::cout << "[ flood    ] " << kFloodCalls << " dial-in INVITEs at " << rate
              << "/s: sipp exit " << flood_exit << ", " << flood_time.count() << " ms, "
              << counters.incoming_refused
              << " refused (403) by the agent, worst control-loop delay " << probe.worst().count()
              << " ms\n";
    RecordProperty("flood_ms", static_cast<int>(flood_time.count()));
    RecordProperty("flood_refused", static_cast<int>(counters.incoming_refused));
    RecordProperty("loop_worst_delay_ms", static_cast<int>(probe.worst().count()));
    EXPECT_EQ(flood_exit, 0) << "every flood INVITE got its 403:\n" << flood.logs();
    EXPECT_EQ(counters.incoming_refused, static_cast<std::uint64_t>(kFloodCalls));
    EXPECT_EQ(agent->legCount(), 0u);
}

TEST_F(SipUaIncomingTest, RawInviteBurstDoesNotDisturbAnEstablishedLeg) {
    constexpr int kBurst = 2000;
    const int port = harness::freeUdpPort();
    auto callee = Sipp::callee("uas_answer.xml", port, folder.path());
    addRoute("+1555", port);
    startAgent();

    RecordingListener listener;
    const LegHandle leg = dial(listener, "+15551230031");
    ASSERT_TRUE(root.runUntil([&] { return listener.state() == LegState::Connected; }, 10s))
        << listener.describe() << callee->logs();

    // 2000 INVITEs written back to back, never ACKed: more than the socket
    // buffer holds, so the kernel drops some; nua refuses the rest.
    RawSipPeer flooder("127.0.0.1");
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < kBurst; ++i) flooder.send("INVITE", settings.listen.port);
    const auto handled = [&] {
        const auto counters = agent->counters();
        return counters.incoming_refused + counters.kernel_dropped_datagrams >= kBurst;
    };
    EXPECT_TRUE(root.runUntil(handled, 20s));
    const auto burst_time = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    const auto counters = agent->counters();

    // The call is still there, and hangs up normally.
    EXPECT_EQ(listener.state(), LegState::Connected);
    const auto hangup_start = std::chrono::steady_clock::now();
    agent->hangup(leg);
    ASSERT_TRUE(root.runUntil([&] { return listener.state() == LegState::Disconnected; }, 10s));
    const auto hangup_time = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - hangup_start);
    EXPECT_EQ(listener.ending().reason, DisconnectReason::Hangup);
    EXPECT_EQ(waitForExit(*callee), 0) << callee->logs();

    std::cout << "[ burst    ] " << kBurst << " raw INVITEs back to back: handled in "
              << burst_time.count() << " ms, " << counters.incoming_refused << " refused (403), "
              << counters.kernel_dropped_datagrams << " dropped by the kernel (buffer full); "
              << "BYE round trip afterwards " << hangup_time.count() << " ms\n";
    RecordProperty("burst_refused", static_cast<int>(counters.incoming_refused));
    RecordProperty("burst_kernel_dropped", static_cast<int>(counters.kernel_dropped_datagrams));
}

}  // namespace
}  // namespace confab::sip::test
