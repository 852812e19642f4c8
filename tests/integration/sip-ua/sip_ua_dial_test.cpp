// Outgoing legs against real sipp callees on 127.0.0.1: answer, refusals,
// ring timeout, hang-ups from either side, re-INVITE hold, a refused SDP
// answer, and digest authentication.
#include <fstream>

#include "sip_ua_fixture.h"

namespace confab::sip::test {
namespace {

class SipUaDialTest : public SipUaTest {};

TEST_F(SipUaDialTest, AnsweredCallOpensMediaAndHangsUpWithBye) {
    const int port = harness::freeUdpPort();
    auto callee = Sipp::callee("uas_answer.xml", port, folder.path());
    addRoute("+1555", port);
    startAgent();

    RecordingListener listener;
    const LegHandle leg = dial(listener, "+15551230001");
    ASSERT_TRUE(root.runUntil([&] { return listener.state() == LegState::Connected; }, 10s))
        << listener.describe() << callee->logs();
    EXPECT_EQ(listener.states(),
              (std::vector<LegState>{LegState::Dialing, LegState::Alerting, LegState::Connected}));
    ASSERT_EQ(listener.opened.size(), 1u);
    EXPECT_EQ(listener.opened[0].remote_address, "127.0.0.1");
    EXPECT_EQ(listener.opened[0].codec, AudioCodec::Pcma);
    EXPECT_NE(listener.opened[0].remote_port, 0);
    EXPECT_EQ(agent->legState(leg), LegState::Connected);

    EXPECT_TRUE(agent->hangup(leg));
    ASSERT_TRUE(root.runUntil([&] { return listener.state() == LegState::Disconnected; }, 10s))
        << listener.describe();
    EXPECT_EQ(listener.ending().reason, DisconnectReason::Hangup);
    EXPECT_EQ(listener.closed, 1);
    // The callee checked our From, P-Asserted-Identity, User-Agent and offer.
    EXPECT_EQ(waitForExit(*callee), 0) << callee->logs();

    const auto counters = agent->counters();
    EXPECT_EQ(counters.dials_answered, 1u);
    EXPECT_EQ(counters.legsEnded(DisconnectReason::Hangup), 1u);
    EXPECT_EQ(counters.ignored_events, 0u);
    EXPECT_EQ(agent->legCount(), 0u);
    EXPECT_FALSE(agent->hangup(leg)) << "a finished leg is forgotten";
}

TEST_F(SipUaDialTest, BusyHereEndsTheLegAsBusy) {
    const int port = harness::freeUdpPort();
    auto callee = Sipp::callee("uas_busy.xml", port, folder.path());
    addRoute("+1555", port);
    startAgent();

    RecordingListener listener;
    dial(listener, "+15551230002");
    ASSERT_TRUE(root.runUntil([&] { return listener.state() == LegState::Disconnected; }, 10s))
        << listener.describe() << callee->logs();
    EXPECT_EQ(listener.ending(), (LegEnding{DisconnectReason::Busy, 486, "Busy Here"}));
    EXPECT_TRUE(listener.opened.empty());
    EXPECT_EQ(waitForExit(*callee), 0) << callee->logs();
    EXPECT_EQ(agent->counters().legsEnded(DisconnectReason::Busy), 1u);
}

TEST_F(SipUaDialTest, ServiceUnavailableEndsTheLegAsFailed) {
    const int port = harness::freeUdpPort();
    auto callee = Sipp::callee("uas_unavailable.xml", port, folder.path());
    addRoute("+1555", port);
    startAgent();

    RecordingListener listener;
    dial(listener, "+15551230003");
    ASSERT_TRUE(root.runUntil([&] { return listener.state() == LegState::Disconnected; }, 10s))
        << listener.describe() << callee->logs();
    EXPECT_EQ(listener.ending(), (LegEnding{DisconnectReason::Failed, 503, "Trunk Down"}));
    EXPECT_EQ(waitForExit(*callee), 0) << callee->logs();
}

TEST_F(SipUaDialTest, RingTimeoutSendsCancel) {
    const int port = harness::freeUdpPort();
    auto callee = Sipp::callee("uas_ring_forever.xml", port, folder.path());
    addRoute("+1555", port);
    SipUserAgent::Options options;
    options.ring_timeout = 400ms;
    startAgent(options);

    RecordingListener listener;
    dial(listener, "+15551230004");
    ASSERT_TRUE(root.runUntil([&] { return listener.state() == LegState::Disconnected; }, 10s))
        << listener.describe() << callee->logs();
    EXPECT_EQ(listener.states(),
              (std::vector<LegState>{LegState::Dialing, LegState::Alerting, LegState::Disconnecting,
                                     LegState::Disconnected}));
    EXPECT_EQ(listener.ending().reason, DisconnectReason::NoAnswer);
    EXPECT_EQ(listener.ending().sip_status, 487);
    EXPECT_EQ(waitForExit(*callee), 0) << "the callee saw CANCEL and ACK:\n" << callee->logs();
}

TEST_F(SipUaDialTest, HangupWhileRingingSendsCancel) {
    const int port = harness::freeUdpPort();
    auto callee = Sipp::callee("uas_ring_forever.xml", port, folder.path());
    addRoute("+1555", port);
    startAgent();

    RecordingListener listener;
    const LegHandle leg = dial(listener, "+15551230005");
    ASSERT_TRUE(root.runUntil([&] { return listener.state() == LegState::Alerting; }, 10s))
        << listener.describe() << callee->logs();
    agent->hangup(leg);
    ASSERT_TRUE(root.runUntil([&] { return listener.state() == LegState::Disconnected; }, 10s))
        << listener.describe();
    EXPECT_EQ(listener.ending().reason, DisconnectReason::Cancelled);
    EXPECT_EQ(waitForExit(*callee), 0) << callee->logs();
}

TEST_F(SipUaDialTest, RemoteByeEndsTheLeg) {
    const int port = harness::freeUdpPort();
    auto callee = Sipp::callee("uas_remote_bye.xml", port, folder.path());
    addRoute("+1555", port);
    startAgent();

    RecordingListener listener;
    dial(listener, "+15551230006");
    ASSERT_TRUE(root.runUntil([&] { return listener.state() == LegState::Disconnected; }, 10s))
        << listener.describe() << callee->logs();
    EXPECT_TRUE(listener.reached(LegState::Connected));
    EXPECT_EQ(listener.ending().reason, DisconnectReason::RemoteHangup);
    EXPECT_EQ(listener.opened.size(), 1u);
    EXPECT_EQ(listener.closed, 1);
    EXPECT_EQ(waitForExit(*callee), 0) << "our 200 to the BYE:\n" << callee->logs();
}

TEST_F(SipUaDialTest, ReInviteHoldsAndResumes) {
    const int port = harness::freeUdpPort();
    auto callee = Sipp::callee("uas_reinvite_hold.xml", port, folder.path());
    addRoute("+1555", port);
    startAgent();

    RecordingListener listener;
    const LegHandle leg = dial(listener, "+15551230007");
    ASSERT_TRUE(root.runUntil([&] { return listener.updated.size() == 2; }, 10s))
        << listener.describe() << callee->logs();
    EXPECT_EQ(listener.states(), (std::vector<LegState>{LegState::Dialing, LegState::Connected,
                                                        LegState::OnHold, LegState::Connected}));
    EXPECT_EQ(listener.updated[0].direction, MediaDirection::SendOnly);
    EXPECT_EQ(listener.updated[1].direction, MediaDirection::SendRecv);

    agent->hangup(leg);
    ASSERT_TRUE(root.runUntil([&] { return listener.state() == LegState::Disconnected; }, 10s));
    // The callee checked our answers: recvonly to its sendonly, then sendrecv.
    EXPECT_EQ(waitForExit(*callee), 0) << callee->logs();
}

TEST_F(SipUaDialTest, RefusedSdpAnswerEndsOnlyThatLeg) {
    const int good_port = harness::freeUdpPort();
    const int bad_port = harness::freeUdpPort();
    auto good_callee = Sipp::callee("uas_answer.xml", good_port, folder.path());
    auto bad_callee = Sipp::callee("uas_bad_sdp.xml", bad_port, folder.path());
    addRoute("+1555000", good_port);
    addRoute("+1555111", bad_port);
    startAgent();

    RecordingListener good;
    const LegHandle good_leg = dial(good, "+15550001234");
    ASSERT_TRUE(root.runUntil([&] { return good.state() == LegState::Connected; }, 10s))
        << good.describe() << good_callee->logs();

    RecordingListener bad;
    dial(bad, "+15551114321");
    ASSERT_TRUE(root.runUntil([&] { return bad.state() == LegState::Disconnected; }, 10s))
        << bad.describe() << bad_callee->logs();
    EXPECT_FALSE(bad.reached(LegState::Connected));
    EXPECT_TRUE(bad.opened.empty()) << "no RTP may be opened to a refused address";
    EXPECT_EQ(bad.ending().reason, DisconnectReason::MediaNegotiationFailed);
    EXPECT_NE(bad.ending().detail.find("example.com"), std::string::npos) << bad.ending().detail;
    EXPECT_EQ(waitForExit(*bad_callee), 0) << "it got our BYE:\n" << bad_callee->logs();

    EXPECT_EQ(good.state(), LegState::Connected);
    EXPECT_EQ(agent->counters().bad_sdp_answers, 1u);
    agent->hangup(good_leg);
    ASSERT_TRUE(root.runUntil([&] { return good.state() == LegState::Disconnected; }, 10s));
    EXPECT_EQ(waitForExit(*good_callee), 0) << good_callee->logs();
}

TEST_F(SipUaDialTest, DigestChallengeIsAnsweredOnce) {
    const int port = harness::freeUdpPort();
    auto callee = Sipp::callee("uas_auth.xml", port, folder.path());
    const auto password_file = folder.path() / "gateway.password";
    std::ofstream(password_file) << "s3cret\n";
    addRoute("+1555", port, "bridge", password_file);
    startAgent();

    RecordingListener listener;
    const LegHandle leg = dial(listener, "+15551230008");
    ASSERT_TRUE(root.runUntil([&] { return listener.state() == LegState::Connected; }, 10s))
        << listener.describe() << callee->logs();
    EXPECT_EQ(agent->counters().auth_attempts, 1u);
    agent->hangup(leg);
    ASSERT_TRUE(root.runUntil([&] { return listener.state() == LegState::Disconnected; }, 10s));
    EXPECT_EQ(waitForExit(*callee), 0) << callee->logs();
}

TEST_F(SipUaDialTest, WrongPasswordFailsAfterOneAttempt) {
    const int port = harness::freeUdpPort();
    auto callee = Sipp::callee("uas_auth.xml", port, folder.path());
    const auto password_file = folder.path() / "gateway.password";
    std::ofstream(password_file) << "not-it\n";
    addRoute("+1555", port, "bridge", password_file);
    startAgent();

    RecordingListener listener;
    dial(listener, "+15551230009");
    ASSERT_TRUE(root.runUntil([&] { return listener.state() == LegState::Disconnected; }, 10s))
        << listener.describe() << callee->logs();
    EXPECT_EQ(listener.ending(), (LegEnding{DisconnectReason::Failed, 403, "Wrong Digest"}));
    EXPECT_EQ(agent->counters().auth_attempts, 1u);
}

TEST_F(SipUaDialTest, ChallengeWithoutCredentialsFails) {
    const int port = harness::freeUdpPort();
    auto callee = Sipp::callee("uas_auth.xml", port, folder.path());
    addRoute("+1555", port);
    startAgent();

    RecordingListener listener;
    dial(listener, "+15551230010");
    ASSERT_TRUE(root.runUntil([&] { return listener.state() == LegState::Disconnected; }, 10s))
        << listener.describe() << callee->logs();
    EXPECT_EQ(listener.ending().reason, DisconnectReason::Failed);
    EXPECT_EQ(listener.ending().sip_status, 401);
    EXPECT_EQ(agent->counters().auth_attempts, 0u);
}

TEST_F(SipUaDialTest, UnreachableGatewayEndsTheLeg) {
    addRoute("+1555", harness::freeUdpPort());  // nobody listens there
    startAgent();

    RecordingListener listener;
    dial(listener, "+15551230011");
    ASSERT_TRUE(root.runUntil([&] { return listener.state() == LegState::Disconnected; }, 40s))
        << listener.describe();
    EXPECT_TRUE(listener.ending().reason == DisconnectReason::TransportError ||
                listener.ending().reason == DisconnectReason::Failed)
        << listener.describe();
}

TEST_F(SipUaDialTest, BadDialsAreRefusedWithoutSip) {
    addRoute("+1555", harness::freeUdpPort());
    startAgent();

    RecordingListener listener;
    auto not_e164 = agent->dial(DialRequest{"+1 555 123", "127.0.0.1", 40000, "", &listener});
    ASSERT_FALSE(not_e164.ok());
    auto no_route = agent->dial(DialRequest{"+442071234567", "127.0.0.1", 40000, "", &listener});
    ASSERT_FALSE(no_route.ok());
    auto bad_media = agent->dial(DialRequest{"+15551230012", "example.com", 40000, "", &listener});
    ASSERT_FALSE(bad_media.ok());
    auto no_listener = agent->dial(DialRequest{"+15551230012", "127.0.0.1", 40000, "", nullptr});
    ASSERT_FALSE(no_listener.ok());
    EXPECT_TRUE(listener.changes.empty());
    EXPECT_EQ(agent->counters().dials_refused, 4u);
    EXPECT_EQ(agent->legCount(), 0u);
}

TEST_F(SipUaDialTest, MediaTimeoutHangsUp) {
    const int port = harness::freeUdpPort();
    auto callee = Sipp::callee("uas_answer.xml", port, folder.path());
    addRoute("+1555", port);
    startAgent();

    RecordingListener listener;
    const LegHandle leg = dial(listener, "+15551230013");
    ASSERT_TRUE(root.runUntil([&] { return listener.state() == LegState::Connected; }, 10s))
        << listener.describe() << callee->logs();
    EXPECT_TRUE(agent->mediaTimedOut(leg));
    ASSERT_TRUE(root.runUntil([&] { return listener.state() == LegState::Disconnected; }, 10s));
    EXPECT_EQ(listener.ending().reason, DisconnectReason::MediaTimeout);
    EXPECT_EQ(listener.closed, 1);
    EXPECT_EQ(waitForExit(*callee), 0) << callee->logs();
    EXPECT_FALSE(agent->mediaTimedOut(leg));
}

TEST_F(SipUaDialTest, DetachedListenerHearsNothingMore) {
    const int port = harness::freeUdpPort();
    auto callee = Sipp::callee("uas_answer.xml", port, folder.path());
    addRoute("+1555", port);
    startAgent();

    RecordingListener listener;
    const LegHandle leg = dial(listener, "+15551230014");
    ASSERT_TRUE(root.runUntil([&] { return listener.state() == LegState::Connected; }, 10s))
        << listener.describe() << callee->logs();
    agent->detachListener(leg);
    agent->hangup(leg);
    ASSERT_TRUE(root.runUntil([&] { return !agent->legState(leg).has_value(); }, 10s));
    EXPECT_EQ(listener.state(), LegState::Connected) << "no reports after detaching";
    EXPECT_EQ(waitForExit(*callee), 0) << callee->logs();
}

// A listener that hangs up from inside its own callback, as a conference
// would when a rule says so: the hang-up waits its turn instead of nesting.
class HangUpWhenConnected : public RecordingListener {
  public:
    explicit HangUpWhenConnected(SipUserAgent*& agent) : agent_(agent) {}
    void onLegStateChanged(LegHandle leg, const command::EmitStateChange& change) override {
        RecordingListener::onLegStateChanged(leg, change);
        if (change.to == LegState::Connected) agent_->hangup(leg);
    }

  private:
    SipUserAgent*& agent_;
};

TEST_F(SipUaDialTest, ListenerMayHangUpFromItsCallback) {
    const int port = harness::freeUdpPort();
    auto callee = Sipp::callee("uas_answer.xml", port, folder.path());
    addRoute("+1555", port);
    startAgent();

    SipUserAgent* raw_agent = agent.get();
    HangUpWhenConnected listener(raw_agent);
    dial(listener, "+15551230015");
    ASSERT_TRUE(root.runUntil([&] { return listener.state() == LegState::Disconnected; }, 10s))
        << listener.describe() << callee->logs();
    EXPECT_EQ(listener.states(),
              (std::vector<LegState>{LegState::Dialing, LegState::Alerting, LegState::Connected,
                                     LegState::Disconnecting, LegState::Disconnected}));
    EXPECT_EQ(listener.ending().reason, DisconnectReason::Hangup);
    EXPECT_EQ(waitForExit(*callee), 0) << callee->logs();
}

TEST_F(SipUaDialTest, DestroyingTheAgentHangsUpLiveCalls) {
    const int port = harness::freeUdpPort();
    auto callee = Sipp::callee("uas_answer.xml", port, folder.path());
    addRoute("+1555", port);
    startAgent();

    RecordingListener listener;
    dial(listener, "+15551230016");
    ASSERT_TRUE(root.runUntil([&] { return listener.state() == LegState::Connected; }, 10s))
        << listener.describe() << callee->logs();
    const auto start = std::chrono::steady_clock::now();
    agent.reset();
    EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
    EXPECT_EQ(waitForExit(*callee), 0) << "nua_shutdown() sent BYE:\n" << callee->logs();
}

}  // namespace
}  // namespace confab::sip::test
