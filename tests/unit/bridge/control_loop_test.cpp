#include "confab/bridge/control_loop.h"

#include <atomic>
#include <thread>
#include <unistd.h>
#include <vector>

#include <gtest/gtest.h>

namespace confab::bridge {
namespace {

using namespace std::chrono_literals;

TEST(ControlLoopTest, PostedWorkRunsInOrderOnTheLoopThread) {
    ControlLoop loop;
    std::vector<int> order;
    std::thread::id ran_on;
    std::thread producer([&] {
        for (int i = 0; i < 100; ++i) loop.post([&order, i] { order.push_back(i); });
        loop.post([&] {
            ran_on = std::this_thread::get_id();
            loop.stop();
        });
    });
    loop.run();
    producer.join();
    ASSERT_EQ(order.size(), 100u);
    for (int i = 0; i < 100; ++i) EXPECT_EQ(order[i], i);
    EXPECT_EQ(ran_on, std::this_thread::get_id());
}

TEST(ControlLoopTest, TimersFireInDeadlineOrderAndCancelledOnesDoNot) {
    ControlLoop loop;
    std::vector<int> fired;
    loop.startTimer(30ms, [&] { fired.push_back(2); });
    const auto cancelled = loop.startTimer(10ms, [&] { fired.push_back(99); });
    loop.startTimer(5ms, [&] { fired.push_back(1); });
    loop.startTimer(60ms, [&] { loop.stop(); });
    loop.cancelTimer(cancelled);
    loop.run();
    EXPECT_EQ(fired, (std::vector<int>{1, 2}));
}

TEST(ControlLoopTest, WatchesReadableFds) {
    ControlLoop loop;
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    std::string got;
    loop.watchReadable(fds[0], [&] {
        char c;
        if (::read(fds[0], &c, 1) == 1) got.push_back(c);
        if (got == "ok") {
            loop.unwatch(fds[0]);
            loop.stop();
        }
    });
    ASSERT_EQ(::write(fds[1], "ok", 2), 2);
    loop.run();
    EXPECT_EQ(got, "ok");
    ::close(fds[0]);
    ::close(fds[1]);
}

TEST(ControlLoopTest, AThrowingCallbackDoesNotStopTheLoop) {
    ControlLoop loop;
    bool later_ran = false;
    loop.post([] { throw std::runtime_error("bad event"); });
    loop.post([&] {
        later_ran = true;
        loop.stop();
    });
    loop.run();
    EXPECT_TRUE(later_ran);
}

}  // namespace
}  // namespace confab::bridge
