// What the control thread and the tap thread share while a conference is
// being recorded, and the tap callback itself.
//
// THREAD CONTRACT
//   Control thread: creates a RecordingSession per "/record start", opens
//     each RecordingTrack's file, adds its media tap (handing the track to
//     the tap thread), and alone reads and writes RecordingSession::taps.
//   Tap thread: onTapFrame() alone touches RecordingTrack::file and the tick
//     bookkeeping once the tap exists; it closes the file on the frame ==
//     NULL call (remove(), conference or leg end) and lists it with
//     host->add_recording.
//   Shared: RecordingSession's failure (atomic flag + text under its mutex)
//     and RecordingTrack::finished (atomic). Host functions the tap thread
//     calls are [any thread] ones, and only through HostGate, which close()
//     shuts so nothing calls a host that is gone.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "confab/plugin.h"
#include "confab/recorder/recording_file.h"

namespace confab::recorder {

// The host table, usable from the tap thread until the plugin closes.
class HostGate {
public:
    explicit HostGate(const confab_host* host) : host_(host) {}
    // Calls fn(host) unless closed. Holding the lock while calling is safe:
    // [any thread] host functions only post to the control thread.
    template <typename Fn>
    void with(Fn&& fn) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (host_) fn(*host_);
    }
    void close() {
        std::lock_guard<std::mutex> lock(mutex_);
        host_ = nullptr;
    }

private:
    std::mutex mutex_;
    const confab_host* host_;
};

// One file of a recording: the mix (participant 0) or one leg's track.
struct RecordingTrack {
    RecordingTrack(std::uint32_t participant_, std::int64_t started_unix_ms_,
                   std::unique_ptr<RecordingFile> file_)
        : participant(participant_),
          started_unix_ms(started_unix_ms_),
          path(file_->path()),
          file(std::move(file_)) {}

    const std::uint32_t participant;
    const std::int64_t started_unix_ms;
    const std::filesystem::path path;

    // Tap thread only, once the tap is added.
    std::unique_ptr<RecordingFile> file;
    bool seen_frame = false;
    std::uint64_t next_tick = 0;

    // Set by the tap thread when the file is closed; read by the control
    // thread to know whether a reconnecting leg needs a new track.
    std::atomic<bool> finished{false};
};

// One "/record start" .. "/record stop" of one conference.
class RecordingSession {
public:
    RecordingSession(std::int64_t conference_, std::int64_t started_unix_ms_, std::string started_by_,
                     bool per_leg_tracks_, RecordingFormat format_)
        : conference(conference_),
          started_unix_ms(started_unix_ms_),
          started_by(std::move(started_by_)),
          per_leg_tracks(per_leg_tracks_),
          format(format_) {}

    const std::int64_t conference;
    const std::int64_t started_unix_ms;
    const std::string started_by;
    const bool per_leg_tracks;
    const RecordingFormat format;

    // Any thread. The first failure wins: true for that caller only, which
    // reports it; every track stops writing at its next frame.
    bool markFailed(const std::string& error) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (failed_.load()) return false;
        failure_ = error;
        failed_.store(true);
        return true;
    }
    bool failed() const { return failed_.load(); }
    std::string failure() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return failure_;
    }

    // Control thread only: the taps of this session still registered.
    struct Tap {
        std::int64_t handle = 0;
        std::shared_ptr<RecordingTrack> track;
    };
    std::vector<Tap> taps;
    std::string mix_file_name;          // the mix's file name, for replies
    std::size_t leg_tracks_opened = 0;  // every leg track of the session so far

private:
    std::atomic<bool> failed_{false};
    mutable std::mutex mutex_;
    std::string failure_;
};

// The user pointer of one media tap; deleted by its frame == NULL call.
struct TapContext {
    std::shared_ptr<HostGate> gate;
    std::shared_ptr<RecordingSession> session;
    std::shared_ptr<RecordingTrack> track;
};

// Frames longer than this are refused (the host sends 160 samples); lost
// frames are replaced by silence, at most this many per gap, so a stall
// does not write minutes of zeros.
inline constexpr std::size_t kMaxFrameSamples = 8000;
inline constexpr std::uint64_t kMaxGapFrames = 250;

// Tap thread: the confab_tap_fn of every recorder tap (user: TapContext*).
void onTapFrame(void* user, const confab_audio_frame* frame);

}  // namespace confab::recorder
