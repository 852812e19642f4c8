#include "confab/harness/host_stall_watch.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace confab::harness {

namespace {
constexpr auto kPeriod = std::chrono::milliseconds(10);
constexpr auto kStallThreshold = std::chrono::milliseconds(50);

std::chrono::milliseconds length(const HostStallWatch::Stall& stall) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(stall.end - stall.start);
}
bool hostMade(const HostStallWatch::Stall& stall) {
    return stall.stolen * 2 >= length(stall);
}
}  // namespace

uint64_t machineStealMs() {
    std::ifstream stat("/proc/stat");
    std::string label;
    stat >> label;
    if (label != "cpu") return 0;
    // user nice system idle iowait irq softirq steal
    uint64_t field = 0, steal = 0;
    for (int i = 0; i < 8 && stat >> field; ++i) steal = field;
    const long ticks_per_second = sysconf(_SC_CLK_TCK);
    return ticks_per_second > 0 ? steal * 1000 / static_cast<uint64_t>(ticks_per_second) : 0;
}

HostStallWatch::HostStallWatch() : thread_([this] { run(); }) {}

HostStallWatch::~HostStallWatch() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    thread_.join();
}

void HostStallWatch::run() {
    auto due = Clock::now() + kPeriod;
    uint64_t steal = machineStealMs();
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (stop_) return;
        }
        std::this_thread::sleep_until(due);
        const auto woke = Clock::now();
        const uint64_t steal_now = machineStealMs();
        if (woke - due > kStallThreshold) {
            std::lock_guard lock(mutex_);
            stalls_.push_back(Stall{due, woke, std::chrono::milliseconds(steal_now - steal)});
        }
        steal = steal_now;
        due = woke + kPeriod;
    }
}

std::vector<HostStallWatch::Stall> HostStallWatch::stalls(Clock::time_point from, Clock::time_point to) const {
    std::lock_guard lock(mutex_);
    std::vector<Stall> out;
    for (const Stall& stall : stalls_) {
        if (stall.end > from && stall.start < to) out.push_back(stall);
    }
    return out;
}

std::vector<HostStallWatch::Stall> HostStallWatch::hostStalls(Clock::time_point from,
                                                              Clock::time_point to) const {
    std::vector<Stall> out = stalls(from, to);
    std::erase_if(out, [](const Stall& stall) { return !hostMade(stall); });
    return out;
}

std::chrono::milliseconds HostStallWatch::longestHostStall(Clock::time_point from, Clock::time_point to) const {
    std::chrono::milliseconds longest{0};
    for (const Stall& stall : hostStalls(from, to)) longest = std::max(longest, length(stall));
    return longest;
}

std::chrono::milliseconds HostStallWatch::hostStalled(Clock::time_point from, Clock::time_point to) const {
    std::chrono::milliseconds total{0};
    for (const Stall& stall : hostStalls(from, to)) total += length(stall);
    return total;
}

std::string HostStallWatch::describe(Clock::time_point from, Clock::time_point to) const {
    std::ostringstream out;
    const std::vector<Stall> all = stalls(from, to);
    out << "machine stalls over 50 ms: ";
    if (all.empty()) out << "none";
    for (std::size_t i = 0; i < all.size(); ++i) {
        char at[32];
        std::snprintf(at, sizeof at, "%+.2f s",
                      std::chrono::duration<double>(all[i].start - from).count());
        out << (i ? ", " : "") << length(all[i]).count() << " ms at " << at << " (steal "
            << all[i].stolen.count() << " ms" << (hostMade(all[i]) ? ", the host's" : ", not the host's")
            << ")";
    }
    return out.str();
}

}  // namespace confab::harness
