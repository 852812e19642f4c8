// Recorder: the recorder plugin's logic behind its confab_host table.
// "/record start [tracks]" opens conf-<id>-<time>.wav (or .opus) in the
// configured folder and adds a media tap on the conference's mix (and, for
// tracks, one per connected leg, and per leg that connects later);
// "/record stop" and the conference's end close them. Participants hear an
// announcement (or a two-tone cue without a prompt source), the room reads
// who started and stopped it, and the room panel shows it.
//
// THREAD CONTRACT
//   Every member function runs on the control thread (init, close, the
//   command and the event listener). The per-conference map (sessions_,
//   legs_) is the control thread's alone. Frames are written on the tap
//   thread by onTapFrame() (recording_session.h), which never touches the
//   Recorder: it holds only the session and track it was given, so a tap
//   may outlive the Recorder (its last frame == NULL call comes after
//   remove()). Opening a file (one create and a 44-byte header) is the only
//   disk access on the control thread, because "/record start" must answer
//   with the precise reason it could not.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "confab/plugin.h"
#include "confab/recorder/recording_format.h"
#include "confab/recorder/recording_session.h"

namespace confab::recorder {

struct RecorderSettings {
    std::filesystem::path directory;  // required; relative paths are used as given
    RecordingFormat format = RecordingFormat::Wav;
    bool per_leg_tracks = false;
};

// Reads [plugins.recorder]: directory (string, required), format ("wav" |
// "ogg-opus"; ogg-opus falls back to wav with a warning when libsndfile
// cannot write it), per_leg_tracks (bool). nullopt with `error` otherwise.
std::optional<RecorderSettings> readRecorderSettings(const confab_host& host, std::string& error);

class Recorder {
public:
    Recorder(const confab_host& host, RecorderSettings settings);
    ~Recorder();
    Recorder(const Recorder&) = delete;
    Recorder& operator=(const Recorder&) = delete;

    // Registers the event listener and "/record" (moderators); 0 or the
    // host's error (< 0).
    int registerCapabilities();
    // close(): stops every recording's taps, removes the command and the
    // listener, and shuts the gate the tap thread reports through.
    void unregister();

    int handleCommand(const confab_command_call& call, char* reply, std::size_t capacity);
    void handleEvent(const confab_event& event);

    bool isRecording(std::int64_t conference) const;
    // Tests inject the wall clock (file names, CDR times).
    void setClock(std::function<std::int64_t()> now_unix_ms) { now_unix_ms_ = std::move(now_unix_ms); }

private:
    std::string start(std::int64_t conference, const std::string& sender, bool per_leg_tracks, bool& ok);
    std::string stop(std::int64_t conference, const std::string& sender, bool& ok);
    // Opens a track's file and adds its tap; "" or why not.
    std::string addTrack(RecordingSession& session, const std::shared_ptr<RecordingSession>& shared,
                         std::uint32_t participant);
    // Removes every tap of the session (their files close on the tap thread).
    void removeTaps(RecordingSession& session);
    // Drops a session whose tap thread gave up (disk full): its taps go.
    void reapFailed(std::int64_t conference);
    void announce(std::int64_t conference, const char* text, bool rising);
    void log(confab_log_level level, const std::string& text) const;

    const confab_host& host_;
    const RecorderSettings settings_;
    std::shared_ptr<HostGate> gate_;
    std::function<std::int64_t()> now_unix_ms_;
    std::int64_t listener_ = 0;
    std::int64_t command_ = 0;
    std::map<std::int64_t, std::shared_ptr<RecordingSession>> sessions_;
    std::map<std::int64_t, std::set<std::uint32_t>> legs_;  // connected legs per conference
};

}  // namespace confab::recorder
