// TapPump: the plugin host's tap thread. It polls the AudioTap rings that
// the media thread fills (one per tapped mix or leg) every 20 ms and hands
// each frame to every plugin callback subscribed to that source, so no
// plugin code ever runs on the media thread.
//
// Thread contract: the owner (the host, on the control thread) calls every
// public member; they only queue a change under a mutex held for a push, and
// the tap thread applies changes at the start of its next pass. The tap
// thread owns the subscriber lists. A callback that throws is reported to
// `on_fault` (on the tap thread; it must post elsewhere) and that plugin's
// callbacks are never called again.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "confab/plugin.h"

namespace confab::media {
class AudioTap;
}

namespace confab::plugins {

struct PluginRecord;

struct TapSourceKey {
    std::int64_t conference = 0;
    std::uint32_t participant = 0;  // 0: the mix
    auto operator<=>(const TapSourceKey&) const = default;
};

class TapPump {
public:
    using FaultHandler = std::function<void(PluginRecord* plugin, std::string what)>;

    explicit TapPump(FaultHandler on_fault);
    ~TapPump();  // stop()
    TapPump(const TapPump&) = delete;
    TapPump& operator=(const TapPump&) = delete;

    void start();
    // Delivers what is left, calls each remaining subscriber once with NULL,
    // and joins the thread. Idempotent.
    void stop();

    void subscribe(std::int64_t handle, TapSourceKey key, std::shared_ptr<media::AudioTap> tap,
                   confab_tap_fn fn, void* user, PluginRecord* plugin);
    // After the frames already read: one last NULL callback.
    void unsubscribe(std::int64_t handle);
    // The conference or leg ended: deliver what is left, then NULL to each.
    void endSource(TapSourceKey key);
    // The plugin was disabled: never call it again (no NULL either).
    void forget(PluginRecord* plugin);

private:
    struct Subscriber {
        std::int64_t handle = 0;
        confab_tap_fn fn = nullptr;
        void* user = nullptr;
        PluginRecord* plugin = nullptr;
    };
    struct Source {
        std::shared_ptr<media::AudioTap> tap;
        std::vector<Subscriber> subscribers;
    };
    struct Change {
        enum class Kind { Subscribe, Unsubscribe, EndSource, Forget } kind;
        std::int64_t handle = 0;
        TapSourceKey key;
        std::shared_ptr<media::AudioTap> tap;
        Subscriber subscriber;
    };

    void post(Change change);
    void run();
    void apply(std::vector<Change>& changes);
    void drain(const TapSourceKey& key, Source& source);
    void finish(Subscriber& subscriber);  // the NULL call
    bool call(Subscriber& subscriber, const confab_audio_frame* frame);

    FaultHandler on_fault_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<Change> changes_;  // guarded by mutex_
    bool stopping_ = false;        // guarded by mutex_
    std::thread thread_;
    // Tap thread only.
    std::map<TapSourceKey, Source> sources_;
    std::vector<PluginRecord*> faulted_;
};

}  // namespace confab::plugins
