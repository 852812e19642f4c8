// Process: a child process started by a test, and only ever stopped by its pid.
// Also the small helpers every integration test needs: free loopback ports and
// waiting for a condition with a deadline. Used from one thread.
#pragma once

#include <sys/types.h>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace confab::harness {

class Process {
  public:
    Process() = default;
    // Starts argv[0] (searched in PATH when it has no '/'). stdout and stderr go
    // to `log_file` (appended) when given, else are inherited. The child gets
    // PR_SET_PDEATHSIG(SIGKILL) so it never outlives a crashed test.
    Process(std::vector<std::string> argv, std::filesystem::path log_file = {},
            std::map<std::string, std::string> extra_env = {});
    ~Process();  // terminate()
    Process(Process&& other) noexcept;
    Process& operator=(Process&& other) noexcept;
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;

    pid_t pid() const { return pid_; }
    bool running();                             // reaps the child if it has exited
    int exitStatus() const { return status_; }  // valid once !running(); raw waitpid status
    // SIGTERM, wait up to `grace`, then SIGKILL; always reaps. Idempotent.
    void terminate(std::chrono::milliseconds grace = std::chrono::milliseconds(5000));
    void kill9();  // SIGKILL and reap
    void signal(int signo);
    // Waits (polling, no sleep beyond the poll interval) until the child exits
    // or `deadline` passes. True when it has exited; exitStatus() is then valid.
    bool waitForExit(std::chrono::milliseconds deadline);
    // Exit code when the child exited normally, -1 otherwise (signal, running).
    int exitCode() const;

  private:
    pid_t pid_ = -1;      // stays set after the child is reaped, for orphan checks
    bool reaped_ = true;  // true when there is no child left to wait for
    int status_ = 0;
};

// A TCP or UDP port on 127.0.0.1 that was free a moment ago (bind to port 0).
int freeTcpPort();
int freeUdpPort();

// True when something accepts a TCP connection on 127.0.0.1:port.
bool tcpPortOpen(int port);

// Polls `condition` every `interval` until it is true or `deadline` passes.
// Returns the final value of the condition.
bool waitUntil(const std::function<bool()>& condition, std::chrono::milliseconds deadline,
               std::chrono::milliseconds interval = std::chrono::milliseconds(20));

// Pids of live (non-zombie) processes whose command line contains `text`,
// read from /proc as ps does. Tests use it to prove nothing was left behind.
std::vector<pid_t> processesWithCommandLineContaining(const std::string& text);

// Text of a file, or "" when unreadable.
std::string readFile(const std::filesystem::path& file);

}  // namespace confab::harness
