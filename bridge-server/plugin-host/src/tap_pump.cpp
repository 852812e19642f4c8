#include "tap_pump.h"

#include <algorithm>
#include <chrono>
#include <exception>

#include "confab/media/audio_tap.h"

namespace confab::plugins {

namespace {
// Half a frame: a pass reads everything waiting, so this only bounds how
// late a frame reaches a plugin, not how many are delivered.
constexpr auto kPollInterval = std::chrono::milliseconds(10);
}  // namespace

TapPump::TapPump(FaultHandler on_fault) : on_fault_(std::move(on_fault)) {}

TapPump::~TapPump() { stop(); }

void TapPump::start() {
    if (thread_.joinable()) return;
    thread_ = std::thread([this] { run(); });
}

void TapPump::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
}

void TapPump::post(Change change) {
    {
        std::lock_guard lock(mutex_);
        changes_.push_back(std::move(change));
    }
    wake_.notify_one();
}

void TapPump::subscribe(std::int64_t handle, TapSourceKey key, std::shared_ptr<media::AudioTap> tap,
                        confab_tap_fn fn, void* user, PluginRecord* plugin) {
    Change change{Change::Kind::Subscribe, handle, key, std::move(tap), {}};
    change.subscriber = Subscriber{handle, fn, user, plugin};
    post(std::move(change));
}

void TapPump::unsubscribe(std::int64_t handle) { post(Change{Change::Kind::Unsubscribe, handle, {}, {}, {}}); }

void TapPump::endSource(TapSourceKey key) { post(Change{Change::Kind::EndSource, 0, key, {}, {}}); }

void TapPump::forget(PluginRecord* plugin) {
    Change change{Change::Kind::Forget, 0, {}, {}, {}};
    change.subscriber.plugin = plugin;
    post(std::move(change));
}

bool TapPump::call(Subscriber& subscriber, const confab_audio_frame* frame) {
    if (std::find(faulted_.begin(), faulted_.end(), subscriber.plugin) != faulted_.end()) return false;
    try {
        subscriber.fn(subscriber.user, frame);
        return true;
    } catch (const std::exception& error) {
        faulted_.push_back(subscriber.plugin);
        on_fault_(subscriber.plugin, std::string("its media tap callback threw: ") + error.what());
    } catch (...) {
        faulted_.push_back(subscriber.plugin);
        on_fault_(subscriber.plugin, "its media tap callback threw a non-standard exception");
    }
    return false;
}

void TapPump::finish(Subscriber& subscriber) { call(subscriber, nullptr); }

void TapPump::drain(const TapSourceKey& key, Source& source) {
    media::TapFrame frame;
    while (source.tap && source.tap->read(frame)) {
        confab_audio_frame out{};
        out.conference = key.conference;
        out.participant = key.participant;
        out.tick = frame.tick;
        out.silence = frame.silence ? 1 : 0;
        out.samples = frame.samples.data();
        out.sample_count = frame.samples.size();
        out.sample_rate = 8000;
        out.dropped = source.tap->dropped();
        for (Subscriber& subscriber : source.subscribers) call(subscriber, &out);
    }
}

void TapPump::apply(std::vector<Change>& changes) {
    for (Change& change : changes) {
        switch (change.kind) {
            case Change::Kind::Subscribe: {
                Source& source = sources_[change.key];
                if (source.tap != change.tap) {
                    drain(change.key, source);
                    source.tap = change.tap;
                }
                source.subscribers.push_back(change.subscriber);
                break;
            }
            case Change::Kind::Unsubscribe:
                for (auto it = sources_.begin(); it != sources_.end();) {
                    auto& subscribers = it->second.subscribers;
                    auto found = std::find_if(subscribers.begin(), subscribers.end(),
                                              [&](const Subscriber& s) { return s.handle == change.handle; });
                    if (found != subscribers.end()) {
                        drain(it->first, it->second);
                        Subscriber gone = *found;
                        subscribers.erase(found);
                        finish(gone);
                    }
                    it = subscribers.empty() ? sources_.erase(it) : std::next(it);
                }
                break;
            case Change::Kind::EndSource: {
                auto found = sources_.find(change.key);
                if (found == sources_.end()) break;
                drain(found->first, found->second);
                for (Subscriber& subscriber : found->second.subscribers) finish(subscriber);
                sources_.erase(found);
                break;
            }
            case Change::Kind::Forget:
                if (std::find(faulted_.begin(), faulted_.end(), change.subscriber.plugin) == faulted_.end())
                    faulted_.push_back(change.subscriber.plugin);
                for (auto it = sources_.begin(); it != sources_.end();) {
                    auto& subscribers = it->second.subscribers;
                    std::erase_if(subscribers,
                                  [&](const Subscriber& s) { return s.plugin == change.subscriber.plugin; });
                    it = subscribers.empty() ? sources_.erase(it) : std::next(it);
                }
                break;
        }
    }
    changes.clear();
}

void TapPump::run() {
    std::vector<Change> changes;
    for (;;) {
        bool stopping = false;
        {
            std::unique_lock lock(mutex_);
            wake_.wait_for(lock, kPollInterval, [this] { return stopping_ || !changes_.empty(); });
            changes.swap(changes_);
            stopping = stopping_;
        }
        apply(changes);
        for (auto& [key, source] : sources_) drain(key, source);
        if (stopping) break;
    }
    for (auto& [key, source] : sources_) {
        for (Subscriber& subscriber : source.subscribers) finish(subscriber);
    }
    sources_.clear();
}

}  // namespace confab::plugins
