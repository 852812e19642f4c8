#include "confab/announcer/prompt_worker.h"

#include <future>
#include <utility>

namespace confab::announcer {

PromptWorker::PromptWorker(RendererFactory factory, Sink sink, Problem problem, Limits limits)
    : factory_(std::move(factory)),
      sink_(std::move(sink)),
      problem_(std::move(problem)),
      limits_(limits),
      cache_(limits.cache_entries, limits.cache_bytes) {}

PromptWorker::~PromptWorker() { stop(); }

bool PromptWorker::start(std::string& error) {
    if (thread_.joinable()) {
        error = "already started";
        return false;
    }
    // The renderer is made on the worker thread: espeak-ng must be started,
    // used and terminated by one thread. The promise reports how it went.
    std::promise<std::string> started;
    std::future<std::string> result = started.get_future();
    {
        std::lock_guard lock(mutex_);
        stopping_ = false;
        running_ = true;
    }
    // The thread owns the promise, so the shared state outlives set_value().
    thread_ = std::thread([this, started = std::move(started)]() mutable {
        std::string problem;
        std::unique_ptr<SpeechRenderer> renderer;
        try {
            renderer = factory_ ? factory_(problem) : nullptr;
        } catch (const std::exception& e) {
            problem = e.what();
        }
        if (!renderer) {
            if (problem.empty()) problem = "no speech renderer";
            started.set_value(problem);
            return;
        }
        started.set_value({});
        run(std::move(renderer));
    });
    error = result.get();
    if (!error.empty()) {
        thread_.join();
        std::lock_guard lock(mutex_);
        running_ = false;
        return false;
    }
    return true;
}

void PromptWorker::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        running_ = false;
        queue_.clear();
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
    idle_.notify_all();
}

bool PromptWorker::enqueue(PromptJob job) {
    {
        std::lock_guard lock(mutex_);
        if (!running_ || queue_.size() >= limits_.queue_capacity) {
            ++stats_.dropped;
            return false;
        }
        queue_.push_back(std::move(job));
        ++stats_.queued;
    }
    wake_.notify_one();
    return true;
}

PromptWorkerStats PromptWorker::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

bool PromptWorker::waitIdle(std::chrono::milliseconds deadline) {
    std::unique_lock lock(mutex_);
    return idle_.wait_for(lock, deadline, [this] { return queue_.empty() && !busy_; });
}

void PromptWorker::run(std::unique_ptr<SpeechRenderer> renderer) {
    for (;;) {
        PromptJob job;
        {
            std::unique_lock lock(mutex_);
            busy_ = false;
            if (queue_.empty()) idle_.notify_all();
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) break;
            job = std::move(queue_.front());
            queue_.pop_front();
            busy_ = true;
        }
        process(*renderer, job);
    }
    // espeak-ng is terminated here, on the thread that started it.
    renderer.reset();
    std::lock_guard lock(mutex_);
    busy_ = false;
}

void PromptWorker::process(SpeechRenderer& renderer, const PromptJob& job) {
    PromptAudio audio = cache_.find(job.text);
    bool hit = audio != nullptr;
    if (!audio) {
        auto samples = std::make_shared<std::vector<std::int16_t>>();
        std::string error;
        bool ok = false;
        try {
            ok = renderer.render(job.text, *samples, error);
        } catch (const std::exception& e) {
            error = e.what();
        }
        if (!ok || samples->empty()) {
            {
                std::lock_guard lock(mutex_);
                ++stats_.failed;
            }
            if (problem_) problem_("could not render \"" + job.text + "\": " + error);
            return;
        }
        audio = std::move(samples);
        cache_.insert(job.text, audio);
    }
    {
        std::lock_guard lock(mutex_);
        if (hit) {
            ++stats_.cache_hits;
        } else {
            ++stats_.synthesized;
        }
        if (stopping_) return;  // stop() promises no sink call after it returns
        ++stats_.delivered;
    }
    if (sink_) sink_(job, audio);
}

}  // namespace confab::announcer
