// PromptWorker: the one thread that turns prompt text into audio. It owns
// the SpeechRenderer (espeak-ng, whose API is global and not thread-safe),
// keeps a PromptCache of what it rendered, and hands each finished prompt to
// a sink (the plugin's sink calls host->play_audio, an [any thread] host
// function). Callers only enqueue: the queue is bounded, and a job that does
// not fit is dropped and counted, so the control thread never waits for
// synthesis.
//
// Thread contract: start(), stop() and the destructor on the owning thread
// (the plugin's control thread); enqueue(), stats() and waitIdle() from any
// thread. The renderer, the cache and the sink calls belong to the worker
// thread. stop() joins the thread: after it returns, the sink is not called.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "confab/announcer/prompt_cache.h"
#include "confab/announcer/speech_renderer.h"

namespace confab::announcer {

struct PromptJob {
    std::int64_t conference = 0;
    std::uint32_t participant = 0;  // 0: the whole conference
    std::string text;
};

struct PromptWorkerStats {
    std::uint64_t queued = 0;       // accepted by enqueue()
    std::uint64_t dropped = 0;      // refused: queue full or worker stopped
    std::uint64_t synthesized = 0;  // rendered by the renderer
    std::uint64_t cache_hits = 0;   // served from the cache
    std::uint64_t failed = 0;       // the renderer failed
    std::uint64_t delivered = 0;    // handed to the sink
};

class PromptWorker {
public:
    struct Limits {
        std::size_t queue_capacity = 32;
        std::size_t cache_entries = 64;
        std::size_t cache_bytes = 4 * 1024 * 1024;
    };
    // Runs on the worker thread; nullptr with `error` set when it cannot.
    using RendererFactory = std::function<std::unique_ptr<SpeechRenderer>(std::string& error)>;
    // Worker thread: one finished prompt (never empty).
    using Sink = std::function<void(const PromptJob& job, const PromptAudio& audio)>;
    // Worker thread: one line about a failure (the plugin logs it).
    using Problem = std::function<void(const std::string& message)>;

    PromptWorker(RendererFactory factory, Sink sink, Problem problem, Limits limits);
    PromptWorker(RendererFactory factory, Sink sink, Problem problem)
        : PromptWorker(std::move(factory), std::move(sink), std::move(problem), Limits{}) {}
    ~PromptWorker();
    PromptWorker(const PromptWorker&) = delete;
    PromptWorker& operator=(const PromptWorker&) = delete;

    // Starts the thread and waits until it has created its renderer (espeak-ng
    // starts in well under a second). False with `error` when it could not;
    // the thread has then ended.
    bool start(std::string& error);
    // Discards what is still queued, lets a rendering in progress finish
    // (without delivering it) and joins the thread. Idempotent.
    void stop();

    // False (and counted as dropped) when the queue is full or the worker
    // is not running.
    bool enqueue(PromptJob job);

    PromptWorkerStats stats() const;
    // True once nothing is queued or being rendered (tests wait on this).
    bool waitIdle(std::chrono::milliseconds deadline);

private:
    void run(std::unique_ptr<SpeechRenderer> renderer);
    void process(SpeechRenderer& renderer, const PromptJob& job);

    RendererFactory factory_;
    Sink sink_;
    Problem problem_;
    Limits limits_;
    PromptCache cache_;  // worker thread only
    std::thread thread_;

    // Data protected by mutex_.
    mutable std::mutex mutex_;
    std::condition_variable wake_;   // a job arrived, or stop
    std::condition_variable idle_;   // the queue ran dry
    std::deque<PromptJob> queue_;
    bool running_ = false;
    bool stopping_ = false;
    bool busy_ = false;
    PromptWorkerStats stats_;
};

}  // namespace confab::announcer
