// HostStallWatch against a real stop of this process: a child SIGSTOPs the
// test for 250 ms. The watch must see the stall, and must not call it the
// host's, because the VM's steal counter did not move for it: a stall made
// inside the machine is never excused.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "confab/harness/host_stall_watch.h"

namespace confab::harness {
namespace {

using namespace std::chrono_literals;

// Stops this process for `length` (from a child), and waits for the child.
void stopThisProcessFor(std::chrono::milliseconds length) {
    const pid_t parent = getpid();
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        usleep(50'000);
        kill(parent, SIGSTOP);
        usleep(static_cast<useconds_t>(length.count() * 1000));
        kill(parent, SIGCONT);
        _exit(0);
    }
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    ASSERT_TRUE(WIFEXITED(status));
}

TEST(HostStallWatchTest, AStopInsideTheMachineIsSeenButNotExcused) {
    HostStallWatch watch;
    std::this_thread::sleep_for(50ms);
    // The host may steal time by chance during the stop; then this try
    // proves nothing, and another is made.
    for (int attempt = 0; attempt < 3; ++attempt) {
        const auto from = HostStallWatch::Clock::now();
        const uint64_t steal_before = machineStealMs();
        ASSERT_NO_FATAL_FAILURE(stopThisProcessFor(250ms));
        std::this_thread::sleep_for(50ms);
        const auto to = HostStallWatch::Clock::now();
        const uint64_t stolen = machineStealMs() - steal_before;

        const auto seen = watch.stalls(from, to);
        ASSERT_FALSE(seen.empty()) << "the watch missed a 250 ms stop";
        std::chrono::milliseconds longest{0};
        for (const auto& stall : seen) {
            longest = std::max(longest, std::chrono::duration_cast<std::chrono::milliseconds>(stall.end - stall.start));
        }
        EXPECT_GE(longest, 200ms) << watch.describe(from, to);
        if (stolen >= 60) continue;
        EXPECT_TRUE(watch.hostStalls(from, to).empty()) << watch.describe(from, to);
        EXPECT_EQ(watch.longestHostStall(from, to), 0ms);
        EXPECT_NE(watch.describe(from, to).find("not the host's"), std::string::npos) << watch.describe(from, to);
        return;
    }
    GTEST_FAIL() << "the host stole time during every one of three stops; the attribution was never tested";
}

}  // namespace
}  // namespace confab::harness
