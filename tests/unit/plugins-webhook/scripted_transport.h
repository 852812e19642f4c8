// ScriptedTransport: a DeliveryTransport that answers from a script and
// records each call, for the worker's retry/stop/queue logic. State lives in
// a shared Script the test keeps after the worker took the transport.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "confab/webhook/delivery_transport.h"
#include "confab/webhook/delivery_worker.h"

namespace confab::webhook::test {

struct Script {
    struct Call {
        std::string body;
        HeaderList headers;
        std::chrono::steady_clock::time_point at;
        std::string header(const std::string& name) const {
            for (const auto& [key, value] : headers) {
                if (key == name) return value;
            }
            return {};
        }
    };
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<DeliveryOutcome> outcomes;  // empty: 200
    bool block = false;                    // post() waits until released or interrupted
    bool interrupted = false;
    std::vector<Call> calls;

    bool waitForCalls(std::size_t count, std::chrono::milliseconds deadline) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, deadline, [&] { return calls.size() >= count; });
    }
    void release() {
        std::lock_guard lock(mutex);
        block = false;
        changed.notify_all();
    }
    std::vector<Call> snapshot() {
        std::lock_guard lock(mutex);
        return calls;
    }
};

class ScriptedTransport final : public DeliveryTransport {
public:
    explicit ScriptedTransport(std::shared_ptr<Script> script) : script_(std::move(script)) {}
    DeliveryOutcome post(const std::string& body, const HeaderList& headers) override {
        std::unique_lock lock(script_->mutex);
        script_->calls.push_back({body, headers, std::chrono::steady_clock::now()});
        script_->changed.notify_all();
        script_->changed.wait(lock, [&] { return !script_->block || script_->interrupted; });
        if (script_->interrupted) return {0, "interrupted"};
        if (script_->outcomes.empty()) return {200, ""};
        DeliveryOutcome outcome = script_->outcomes.front();
        script_->outcomes.pop_front();
        return outcome;
    }
    void interrupt() override {
        std::lock_guard lock(script_->mutex);
        script_->interrupted = true;
        script_->changed.notify_all();
    }

private:
    std::shared_ptr<Script> script_;
};

// Log lines from any thread.
struct LogLines {
    std::mutex mutex;
    std::vector<std::string> lines;
    LogFn fn() {
        return [this](confab_log_level, const std::string& line) {
            std::lock_guard lock(mutex);
            lines.push_back(line);
        };
    }
    std::size_t countContaining(const std::string& text) {
        std::lock_guard lock(mutex);
        std::size_t count = 0;
        for (const auto& line : lines) count += line.find(text) != std::string::npos ? 1 : 0;
        return count;
    }
    std::string all() {
        std::lock_guard lock(mutex);
        std::string text;
        for (const auto& line : lines) text += line + "\n";
        return text;
    }
};

}  // namespace confab::webhook::test
