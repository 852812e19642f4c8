#include "sip_ua_fixture.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include <sofia-sip/su.h>
#include <sofia-sip/su_wait.h>

namespace confab::sip {
void PrintTo(const LegEnding& ending, std::ostream* out) {
    *out << fmt::format("{{{}, {}, '{}'}}", toString(ending.reason), ending.sip_status,
                        ending.detail);
}
}  // namespace confab::sip

namespace confab::sip::test {

// --- SofiaRoot ---------------------------------------------------------------

SofiaRoot::SofiaRoot() {
    if (su_init() != 0) throw std::runtime_error("su_init failed");
    root_ = su_root_create(nullptr);
    if (root_ == nullptr) throw std::runtime_error("su_root_create failed");
}

SofiaRoot::~SofiaRoot() {
    su_root_destroy(root_);
    su_deinit();
}

bool SofiaRoot::runUntil(const std::function<bool()>& condition,
                         std::chrono::milliseconds deadline) {
    const auto end = std::chrono::steady_clock::now() + deadline;
    while (!condition()) {
        if (std::chrono::steady_clock::now() >= end) return condition();
        su_root_step(root_, 10);
    }
    return true;
}

// --- RecordingListener -------------------------------------------------------

void RecordingListener::onLegStateChanged(LegHandle, const command::EmitStateChange& change) {
    changes.push_back(change);
}
void RecordingListener::onOpenMedia(LegHandle, const NegotiatedMedia& media) {
    opened.push_back(media);
}
void RecordingListener::onUpdateMedia(LegHandle, const NegotiatedMedia& media) {
    updated.push_back(media);
}
void RecordingListener::onCloseMedia(LegHandle) {
    ++closed;
}
void RecordingListener::onIgnoredEvent(LegHandle, const command::ReportIgnoredEvent& report) {
    ignored.push_back(report);
}

LegState RecordingListener::state() const {
    return changes.empty() ? LegState::Idle : changes.back().to;
}

bool RecordingListener::reached(LegState wanted) const {
    for (const auto& change : changes) {
        if (change.to == wanted) return true;
    }
    return false;
}

std::vector<LegState> RecordingListener::states() const {
    std::vector<LegState> out;
    for (const auto& change : changes) out.push_back(change.to);
    return out;
}

const LegEnding& RecordingListener::ending() const {
    static const LegEnding kNone;
    return changes.empty() ? kNone : changes.back().ending;
}

std::string RecordingListener::describe() const {
    std::string text = "states:";
    for (const auto& change : changes) text += fmt::format(" {}", toString(change.to));
    const auto& end = ending();
    text += fmt::format("; ending {} {} '{}'; opened {} updated {} closed {} ignored {}",
                        toString(end.reason), end.sip_status, end.detail, opened.size(),
                        updated.size(), closed, ignored.size());
    return text;
}

// --- Sipp --------------------------------------------------------------------

std::string scenarioPath(const std::string& name) {
    return std::string(CONFAB_SIPP_SCENARIOS) + "/" + name;
}

Sipp::Sipp(const std::string& scenario, std::vector<std::string> args,
           const std::filesystem::path& folder, const std::string& local_ip) {
    static int instance = 0;
    const std::string stem = fmt::format("sipp-{}-{}", ++instance, scenario);
    log_ = folder / (stem + ".log");
    error_log_ = folder / (stem + ".errors");
    std::vector<std::string> argv = {"sipp",
                                     "-sf",
                                     scenarioPath(scenario),
                                     "-i",
                                     local_ip,
                                     "-nostdin",
                                     "-timeout",
                                     "30",
                                     "-timeout_error",
                                     "-trace_err",
                                     "-error_file",
                                     error_log_.string(),
                                     "-mp",
                                     std::to_string(harness::freeUdpPort())};
    argv.insert(argv.end(), args.begin(), args.end());
    process_ = harness::Process(argv, log_);
}

std::unique_ptr<Sipp> Sipp::callee(const std::string& scenario, int port,
                                   const std::filesystem::path& folder,
                                   std::vector<std::string> extra, const std::string& local_ip) {
    std::vector<std::string> args = {"-p", std::to_string(port), "-m", "1"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto sipp = std::make_unique<Sipp>(scenario, args, folder, local_ip);
    sipp->port_ = port;
    if (!harness::waitUntil([&] { return udpPortBound(port) || !sipp->running(); }, 10s) ||
        !sipp->running()) {
        ADD_FAILURE() << "sipp " << scenario << " did not start:\n" << sipp->logs();
    }
    return sipp;
}

std::string Sipp::logs() const {
    const std::string out = harness::readFile(log_);
    // The screen dump is long; its end has the totals.
    const std::string tail = out.size() > 4000 ? out.substr(out.size() - 4000) : out;
    return tail + "\n--- errors ---\n" + harness::readFile(error_log_);
}

bool udpPortBound(int port) {
    const std::string wanted = fmt::format(":{:04X}", port);
    for (const char* table : {"/proc/net/udp", "/proc/net/udp6"}) {
        std::ifstream in(table);
        std::string line;
        std::getline(in, line);  // header
        while (std::getline(in, line)) {
            std::istringstream fields(line);
            std::string slot;
            std::string local;
            fields >> slot >> local;
            if (local.size() > wanted.size() &&
                local.compare(local.size() - wanted.size(), wanted.size(), wanted) == 0) {
                return true;
            }
        }
    }
    return false;
}

// --- RawSipPeer --------------------------------------------------------------

RawSipPeer::RawSipPeer(const std::string& local_ip) : ip_(local_ip) {
    fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw std::runtime_error("socket failed");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    ::inet_pton(AF_INET, local_ip.c_str(), &address.sin_addr);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        throw std::runtime_error("bind " + local_ip + " failed");
    }
    socklen_t length = sizeof address;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
}

RawSipPeer::~RawSipPeer() {
    ::close(fd_);
}

std::string RawSipPeer::send(const std::string& method, int agent_port) {
    ++sequence_;
    const std::string call_id = fmt::format("raw-{}-{}-{}@{}", ::getpid(), port_, sequence_, ip_);
    const std::string body = method == "MESSAGE" ? "hello" : "";
    const std::string request = fmt::format(
        "{0} sip:confab@127.0.0.1:{1} SIP/2.0\r\n"
        "Via: SIP/2.0/UDP {2}:{3};branch=z9hG4bK-raw{4}-{5}\r\n"
        "Max-Forwards: 70\r\n"
        "From: <sip:probe@{2}>;tag=raw{4}\r\n"
        "To: <sip:confab@127.0.0.1>\r\n"
        "Call-ID: {6}\r\n"
        "CSeq: {5} {0}\r\n"
        "Contact: <sip:probe@{2}:{3}>\r\n"
        "{7}"
        "Content-Length: {8}\r\n\r\n{9}",
        method, agent_port, ip_, port_, ::getpid(), sequence_, call_id,
        method == "MESSAGE"     ? "Content-Type: text/plain\r\n"
        : method == "SUBSCRIBE" ? "Event: presence\r\n"
                                : "",
        body.size(), body);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(static_cast<std::uint16_t>(agent_port));
    ::inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
    ::sendto(fd_, request.data(), request.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
    return call_id;
}

std::optional<std::string> RawSipPeer::receive() {
    char buffer[65536];
    const auto n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n <= 0) return std::nullopt;
    return std::string(buffer, static_cast<std::size_t>(n));
}

// --- SipUaTest ---------------------------------------------------------------

SipUaTest::SipUaTest() {
    settings.listen = HostPort{"127.0.0.1", static_cast<std::uint16_t>(harness::freeUdpPort())};
    settings.caller_id = kCallerId;
}

void SipUaTest::TearDown() {
    agent.reset();
    if (HasFailure()) {
        folder.keep();
        std::cerr << "logs kept in " << folder.path() << "\n";
    }
}

void SipUaTest::addRoute(const std::string& prefix, int port, const std::string& username,
                         std::optional<std::filesystem::path> password_file,
                         const std::string& host) {
    settings.routes.push_back(SipRoute{prefix, fmt::format("sip:{{number}}@{}:{}", host, port),
                                       username, std::move(password_file), ""});
}

void SipUaTest::startAgent(SipUserAgent::Options options) {
    auto created = SipUserAgent::create(root.get(), settings, options);
    ASSERT_TRUE(created.ok()) << created.error();
    agent = std::move(created).value();
}

LegHandle SipUaTest::dial(RecordingListener& listener, const std::string& number) {
    next_rtp_port += 2;
    auto leg = agent->dial(DialRequest{
        number, "127.0.0.1", static_cast<std::uint16_t>(next_rtp_port), kDisplayName, &listener});
    EXPECT_TRUE(leg.ok()) << leg.error();
    return leg.ok() ? leg.value() : LegHandle{};
}

int SipUaTest::waitForExit(Sipp& sipp, std::chrono::milliseconds deadline) {
    if (!root.runUntil([&] { return !sipp.running(); }, deadline)) return -1;
    return sipp.exitCode();
}

}  // namespace confab::sip::test
