#include "confab/pstnsim/simulator.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include <sys/resource.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <sofia-sip/su.h>
#include <sofia-sip/su_wait.h>

#include "confab/pstnsim/clip_library.h"
#include "confab/pstnsim/event_log.h"
#include "confab/pstnsim/media_engine.h"
#include "confab/pstnsim/phonebook.h"
#include "confab/pstnsim/sip_endpoint.h"

namespace confab::pstnsim {

namespace {

// Each call holds one or two UDP sockets; a thousand calls need more than the
// usual soft limit of 1024 descriptors.
void raiseDescriptorLimit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

// A private scratch folder for espeak-ng's output, removed when done.
class ScratchFolder {
  public:
    ScratchFolder() {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern = fmt::format("{}/confab-pstn-sim-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
    }
    ~ScratchFolder() {
        std::error_code ignored;
        if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
    }
    ScratchFolder(const ScratchFolder&) = delete;
    ScratchFolder& operator=(const ScratchFolder&) = delete;
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

struct SignalWatch {
    SipEndpoint* endpoint = nullptr;
    su_root_t* root = nullptr;
    int signal_fd = -1;
    bool stopping = false;
};

int onSignal(su_root_magic_t*, su_wait_t*, su_wakeup_arg_t* arg) {
    auto* watch = static_cast<SignalWatch*>(arg);
    signalfd_siginfo info{};
    while (::read(watch->signal_fd, &info, sizeof info) == sizeof info) {
        spdlog::info("signal {}: stopping", info.ssi_signo);
    }
    if (!watch->stopping) {
        watch->stopping = true;
        watch->endpoint->shutdown([watch] { su_root_break(watch->root); });
    }
    return 0;
}

}  // namespace

int Simulator::run() {
    std::optional<Phonebook> book;
    std::optional<ClipLibrary> clips;
    try {
        book = Phonebook::load(options_.phonebook_file);
        ScratchFolder scratch;
        clips = ClipLibrary::prepare(*book, scratch.path());
    } catch (const PhonebookError& e) {
        spdlog::error("{}", e.what());
        return 2;
    }
    if (!options_.record_dir.empty()) {
        std::error_code error;
        std::filesystem::create_directories(options_.record_dir, error);
        if (error) {
            spdlog::error("record folder {}: {}", options_.record_dir.string(), error.message());
            return 2;
        }
    }
    raiseDescriptorLimit();

    // Blocked before any thread starts, so every thread inherits the mask
    // and the signals arrive only through the signalfd below. An inherited
    // SIG_IGN (a shell starting us in the background ignores SIGINT) would
    // discard them before they reach the signalfd, so restore the default.
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    const int signal_fd = signalfd(-1, &signals, SFD_NONBLOCK | SFD_CLOEXEC);
    if (signal_fd < 0) {
        spdlog::error("signalfd failed");
        return 1;
    }

    int status = 0;
    su_init();
    su_root_t* root = su_root_create(nullptr);
    try {
        EventLog events(options_.events_file, options_.events_to_stdout);
        MediaEngine media(events);
        media.start();
        {
            SipEndpoint endpoint(SipEndpointConfig{options_.listen_ip, options_.listen_port, options_.record_dir},
                                 *book, *clips, events, media);
            endpoint.start(root);

            SignalWatch watch{&endpoint, root, signal_fd};
            su_wait_t wait[1];
            su_wait_create(wait, signal_fd, SU_WAIT_IN);
            su_root_register(root, wait, onSignal, &watch, 0);

            events.simulatorEvent("ready", {{"sip", endpoint.uri()}, {"numbers", book->numbers().size()},
                                            {"ranges", book->ranges().size()}, {"pid", ::getpid()}});
            std::printf("ready %s\n", endpoint.uri().c_str());
            std::fflush(stdout);
            spdlog::info("listening on {} with {} numbers and {} ranges", endpoint.uri(), book->numbers().size(),
                         book->ranges().size());

            su_root_run(root);
            su_root_unregister(root, wait, onSignal, &watch);
        }  // ~SipEndpoint: nua destroyed
        media.stop();
        events.simulatorEvent("stopped", {{"late_media_ticks", media.lateTicks()}});
    } catch (const std::exception& e) {
        spdlog::error("{}", e.what());
        status = 1;
    }
    su_root_destroy(root);
    su_deinit();
    ::close(signal_fd);
    return status;
}

}  // namespace confab::pstnsim
