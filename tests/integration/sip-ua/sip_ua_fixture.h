// The fixture of the confab-sip-ua integration tests: a real SipUserAgent on a
// Sofia su_root that the test thread pumps, real sipp peers on 127.0.0.1
// (scenarios/ next to this file), and a raw UDP prober for single requests.
//
// Thread contract: everything on the test thread, which is also the agent's
// control thread (it runs the su_root in runUntil()).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "confab/harness/process.h"
#include "confab/harness/temporary_folder.h"
#include "confab/shared/bridge_config.h"
#include "confab/sip/leg_listener.h"
#include "confab/sip/sip_user_agent.h"

struct su_root_s;

namespace confab::sip {
// Readable gtest output for LegEnding comparisons.
void PrintTo(const LegEnding& ending, std::ostream* out);
}  // namespace confab::sip

namespace confab::sip::test {

using namespace std::chrono_literals;

// su_init() + a root the test thread runs step by step.
class SofiaRoot {
  public:
    SofiaRoot();
    ~SofiaRoot();
    SofiaRoot(const SofiaRoot&) = delete;
    SofiaRoot& operator=(const SofiaRoot&) = delete;

    su_root_s* get() const { return root_; }
    // Runs the loop until `condition` holds or `deadline` passes; the final value.
    bool runUntil(const std::function<bool()>& condition, std::chrono::milliseconds deadline);

  private:
    su_root_s* root_ = nullptr;
};

// Remembers everything a leg reported.
class RecordingListener : public LegListener {
  public:
    void onLegStateChanged(LegHandle leg, const command::EmitStateChange& change) override;
    void onOpenMedia(LegHandle leg, const NegotiatedMedia& media) override;
    void onUpdateMedia(LegHandle leg, const NegotiatedMedia& media) override;
    void onCloseMedia(LegHandle leg) override;
    void onIgnoredEvent(LegHandle leg, const command::ReportIgnoredEvent& report) override;

    LegState state() const;  // the last state reported (Idle before any)
    bool reached(LegState state) const;
    std::vector<LegState> states() const;  // every `to`, in order
    const LegEnding& ending() const;       // of the last change
    std::string describe() const;          // for failure messages

    std::vector<command::EmitStateChange> changes;
    std::vector<NegotiatedMedia> opened;
    std::vector<NegotiatedMedia> updated;
    int closed = 0;
    std::vector<command::ReportIgnoredEvent> ignored;
};

// A sipp child process. `role_args` are e.g. {"-p", port} for a callee or the
// target host:port for a caller; logs go to `folder`.
class Sipp {
  public:
    Sipp(const std::string& scenario, std::vector<std::string> args,
         const std::filesystem::path& folder, const std::string& local_ip = "127.0.0.1");
    // A callee on 127.0.0.1:port, once its socket is bound (false on timeout).
    static std::unique_ptr<Sipp> callee(const std::string& scenario, int port,
                                        const std::filesystem::path& folder,
                                        std::vector<std::string> extra = {},
                                        const std::string& local_ip = "127.0.0.1");

    bool running() { return process_.running(); }
    int exitCode() const { return process_.exitCode(); }
    std::string logs() const;  // stdout and error log, for failure messages
    int port() const { return port_; }

  private:
    harness::Process process_;
    std::filesystem::path log_;
    std::filesystem::path error_log_;
    int port_ = 0;
};

// True when something has a UDP socket bound to port on 127.0.0.1 (from
// /proc/net/udp, so probing cannot steal the port).
bool udpPortBound(int port);

std::string scenarioPath(const std::string& name);

// One UDP socket on `local_ip` sending hand-written requests to the agent.
class RawSipPeer {
  public:
    explicit RawSipPeer(const std::string& local_ip);
    ~RawSipPeer();
    RawSipPeer(const RawSipPeer&) = delete;
    RawSipPeer& operator=(const RawSipPeer&) = delete;

    // A minimal out-of-dialog request; returns its Call-ID.
    std::string send(const std::string& method, int agent_port);
    // A response, if one arrived (non-blocking).
    std::optional<std::string> receive();
    int port() const { return port_; }

  private:
    int fd_ = -1;
    std::string ip_;
    int port_ = 0;
    unsigned sequence_ = 0;
};

class SipUaTest : public ::testing::Test {
  protected:
    static constexpr const char* kCallerId = "+15550009999";
    static constexpr const char* kDisplayName = "Confab test";

    SipUaTest();
    void TearDown() override;

    // A route for numbers starting with `prefix` to a callee on 127.0.0.1:port.
    void addRoute(const std::string& prefix, int port, const std::string& username = {},
                  std::optional<std::filesystem::path> password_file = {},
                  const std::string& host = "127.0.0.1");
    void startAgent(SipUserAgent::Options options = {});
    LegHandle dial(RecordingListener& listener, const std::string& number);
    // Runs the loop until the sipp process exits; its exit code (-1 on timeout).
    int waitForExit(Sipp& sipp, std::chrono::milliseconds deadline = 15s);

    harness::TemporaryFolder folder{"confab-sip-ua"};
    SofiaRoot root;
    confab::SipSettings settings;
    std::unique_ptr<SipUserAgent> agent;
    int next_rtp_port = 40000;
};

}  // namespace confab::sip::test
