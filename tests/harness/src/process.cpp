#include "confab/harness/process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace confab::harness {

namespace {

// The child side of fork(): only async-signal-safe calls until exec.
[[noreturn]] void execChild(pid_t parent, int log_fd, char* const* argv, char* const* envp) {
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent) {
        _exit(127);  // the parent died before PDEATHSIG was armed
    }
    // The test process may block or ignore signals (e.g. a demo waiting in
    // sigwait); the child must start with default handling so SIGTERM works.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    for (int signo : {SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGCHLD}) {
        ::signal(signo, SIG_DFL);
    }
    if (log_fd >= 0) {
        dup2(log_fd, STDOUT_FILENO);
        dup2(log_fd, STDERR_FILENO);
    }
    int dev_null = open("/dev/null", O_RDONLY);
    if (dev_null >= 0) {
        dup2(dev_null, STDIN_FILENO);
    }
    // Sockets and files of the test process are not the child's business.
    close_range(3, ~0U, 0);
    execvpe(argv[0], argv, envp);
    _exit(127);
}

std::vector<std::string> buildEnvironment(const std::map<std::string, std::string>& extra_env) {
    std::map<std::string, std::string> merged;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        std::string text(*entry);
        auto equals = text.find('=');
        if (equals != std::string::npos) {
            merged[text.substr(0, equals)] = text.substr(equals + 1);
        }
    }
    for (const auto& [name, value] : extra_env) {
        merged[name] = value;
    }
    std::vector<std::string> result;
    result.reserve(merged.size());
    for (const auto& [name, value] : merged) {
        result.push_back(name + "=" + value);
    }
    return result;
}

std::vector<char*> pointersTo(std::vector<std::string>& strings) {
    std::vector<char*> pointers;
    pointers.reserve(strings.size() + 1);
    for (auto& text : strings) {
        pointers.push_back(text.data());
    }
    pointers.push_back(nullptr);
    return pointers;
}

int freePort(int type) {
    int fd = ::socket(AF_INET, type | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof(address);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        int error = errno;
        ::close(fd);
        throw std::runtime_error(std::string("bind to a free port: ") + std::strerror(error));
    }
    ::close(fd);
    return ntohs(address.sin_port);
}

}  // namespace

Process::Process(std::vector<std::string> argv, std::filesystem::path log_file,
                 std::map<std::string, std::string> extra_env) {
    if (argv.empty()) {
        throw std::invalid_argument("Process: empty argv");
    }
    int log_fd = -1;
    if (!log_file.empty()) {
        log_fd = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (log_fd < 0) {
            throw std::runtime_error("Process: cannot open log " + log_file.string() + ": " +
                                     std::strerror(errno));
        }
    }
    // Everything the child needs is built before fork(): after it, the child
    // of a multi-threaded parent may not allocate.
    std::vector<std::string> environment = buildEnvironment(extra_env);
    std::vector<char*> argv_pointers = pointersTo(argv);
    std::vector<char*> env_pointers = pointersTo(environment);
    pid_t parent = ::getpid();

    pid_t child = ::fork();
    if (child == 0) {
        execChild(parent, log_fd, argv_pointers.data(), env_pointers.data());
    }
    int fork_error = errno;
    if (log_fd >= 0) {
        ::close(log_fd);
    }
    if (child < 0) {
        throw std::runtime_error(std::string("Process: fork: ") + std::strerror(fork_error));
    }
    pid_ = child;
    reaped_ = false;
}

Process::~Process() {
    terminate();
}

Process::Process(Process&& other) noexcept
    : pid_(other.pid_), reaped_(other.reaped_), status_(other.status_) {
    other.pid_ = -1;
    other.reaped_ = true;
}

Process& Process::operator=(Process&& other) noexcept {
    if (this != &other) {
        terminate();
        pid_ = other.pid_;
        reaped_ = other.reaped_;
        status_ = other.status_;
        other.pid_ = -1;
        other.reaped_ = true;
    }
    return *this;
}

bool Process::running() {
    if (reaped_) {
        return false;
    }
    int status = 0;
    pid_t result = ::waitpid(pid_, &status, WNOHANG);
    if (result == pid_ || (result < 0 && errno == ECHILD)) {
        status_ = status;
        reaped_ = true;
        return false;
    }
    return true;
}

bool Process::waitForExit(std::chrono::milliseconds deadline) {
    return waitUntil([this] { return !running(); }, deadline, std::chrono::milliseconds(5));
}

int Process::exitCode() const {
    if (!reaped_ || pid_ < 0 || !WIFEXITED(status_)) {
        return -1;
    }
    return WEXITSTATUS(status_);
}

void Process::terminate(std::chrono::milliseconds grace) {
    if (!running()) {
        return;
    }
    ::kill(pid_, SIGTERM);
    if (!waitForExit(grace)) {
        kill9();
    }
}

void Process::kill9() {
    if (reaped_) {
        return;
    }
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    status_ = status;
    reaped_ = true;
}

void Process::signal(int signo) {
    if (!reaped_) {
        ::kill(pid_, signo);
    }
}

int freeTcpPort() {
    return freePort(SOCK_STREAM);
}

int freeUdpPort() {
    return freePort(SOCK_DGRAM);
}

bool tcpPortOpen(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return false;
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(port));
    bool open = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
    ::close(fd);
    return open;
}

bool waitUntil(const std::function<bool()>& condition, std::chrono::milliseconds deadline,
               std::chrono::milliseconds interval) {
    auto until = std::chrono::steady_clock::now() + deadline;
    while (true) {
        if (condition()) {
            return true;
        }
        if (std::chrono::steady_clock::now() >= until) {
            return condition();
        }
        std::this_thread::sleep_for(interval);
    }
}

std::vector<pid_t> processesWithCommandLineContaining(const std::string& text) {
    std::vector<pid_t> pids;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) {
            continue;
        }
        std::string command_line = readFile(entry.path() / "cmdline");  // "" for zombies
        std::replace(command_line.begin(), command_line.end(), '\0', ' ');
        if (!command_line.empty() && command_line.find(text) != std::string::npos) {
            pids.push_back(static_cast<pid_t>(std::stol(name)));
        }
    }
    return pids;
}

std::string readFile(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        return {};
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace confab::harness
