#include "confab/recorder/recorder.h"

#include <chrono>
#include <cstring>
#include <exception>
#include <system_error>
#include <vector>

#include "confab/recorder/beep.h"
#include "confab/recorder/record_command.h"

namespace confab::recorder {
namespace {

std::int64_t systemNowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

void writeReply(const std::string& text, char* reply, std::size_t capacity) {
    if (!reply || capacity == 0) return;
    const std::size_t n = text.size() < capacity - 1 ? text.size() : capacity - 1;
    std::memcpy(reply, text.data(), n);
    reply[n] = '\0';
}

// The C callbacks: nothing may escape across the ABI.
int commandTrampoline(void* user, const confab_command_call* call, char* reply, std::size_t capacity) {
    try {
        if (!user || !call) return 1;
        return static_cast<Recorder*>(user)->handleCommand(*call, reply, capacity);
    } catch (const std::exception& e) {
        writeReply(std::string("Sorry, /record failed: ") + e.what(), reply, capacity);
    } catch (...) {
        writeReply("Sorry, /record failed.", reply, capacity);
    }
    return 1;
}

void eventTrampoline(void* user, const confab_event* event) {
    try {
        if (user && event) static_cast<Recorder*>(user)->handleEvent(*event);
    } catch (...) {
        // A lost event costs at most a per-leg track; the next one resyncs.
    }
}

}  // namespace

std::optional<RecorderSettings> readRecorderSettings(const confab_host& host, std::string& error) {
    RecorderSettings settings;
    const char* directory = host.config_string(&host, "directory");
    if (!directory || !*directory) {
        error = "[plugins.recorder] needs directory = \"<folder for recordings>\"";
        return std::nullopt;
    }
    settings.directory = directory;
    if (const char* format = host.config_string(&host, "format")) {
        const auto parsed = parseRecordingFormat(format);
        if (!parsed) {
            error = std::string("[plugins.recorder] format = \"") + format + "\": use \"wav\" or \"ogg-opus\"";
            return std::nullopt;
        }
        settings.format = *parsed;
        if (!formatSupported(settings.format)) {
            host.log(&host, CONFAB_LOG_WARN,
                     "format = \"ogg-opus\", but this libsndfile cannot write Ogg/Opus: recording WAV");
            settings.format = RecordingFormat::Wav;
        }
    }
    int tracks = 0;
    const int status = host.config_bool(&host, "per_leg_tracks", &tracks);
    if (status == CONFAB_ERR_INVALID) {
        error = "[plugins.recorder] per_leg_tracks must be true or false";
        return std::nullopt;
    }
    settings.per_leg_tracks = status == CONFAB_OK && tracks != 0;
    return settings;
}

Recorder::Recorder(const confab_host& host, RecorderSettings settings)
    : host_(host), settings_(std::move(settings)), gate_(std::make_shared<HostGate>(&host)),
      now_unix_ms_(systemNowMs) {}

Recorder::~Recorder() { unregister(); }

int Recorder::registerCapabilities() {
    listener_ = host_.add_event_listener(&host_, eventTrampoline, this);
    if (listener_ < 0) return static_cast<int>(listener_);
    command_ = host_.add_command(&host_, "record", kRecordUsage,
                                 "Record the conference to a file (tracks: one file per phone too)",
                                 CONFAB_COMMAND_MODERATORS, commandTrampoline, this);
    if (command_ < 0) return static_cast<int>(command_);
    return 0;
}

void Recorder::unregister() {
    for (auto& [conference, session] : sessions_) removeTaps(*session);
    sessions_.clear();
    legs_.clear();
    if (command_ > 0) host_.remove(&host_, command_);
    if (listener_ > 0) host_.remove(&host_, listener_);
    command_ = listener_ = 0;
    // Taps just removed still get their frame == NULL call, later, on the tap
    // thread: their files close then, but the host may be gone by then.
    gate_->close();
}

bool Recorder::isRecording(std::int64_t conference) const {
    const auto found = sessions_.find(conference);
    return found != sessions_.end() && !found->second->failed();
}

int Recorder::handleCommand(const confab_command_call& call, char* reply, std::size_t capacity) {
    const std::string sender = call.sender ? call.sender : "";
    if (!call.sender_is_moderator) {  // the host checks too; a recording is not for anyone
        writeReply("Only the owner or a moderator may start or stop a recording.", reply, capacity);
        return 1;
    }
    std::vector<std::string> args;
    for (std::size_t i = 0; i < call.argc; ++i) args.emplace_back(call.argv[i] ? call.argv[i] : "");
    const auto command = parseRecordCommand(args);
    if (!command) {
        writeReply(std::string("Usage: ") + kRecordUsage, reply, capacity);
        return 1;
    }
    bool ok = false;
    const std::string text = command->action == RecordCommand::Action::Start
                                 ? start(call.conference, sender, command->per_leg_tracks, ok)
                                 : stop(call.conference, sender, ok);
    writeReply(text, reply, capacity);
    return ok ? 0 : 1;
}

std::string Recorder::start(std::int64_t conference, const std::string& sender, bool per_leg_tracks,
                            bool& ok) {
    reapFailed(conference);
    if (const auto found = sessions_.find(conference); found != sessions_.end()) {
        return "Already recording (started by " + found->second->started_by + ", " +
               found->second->mix_file_name + ").";
    }
    std::error_code ec;
    std::filesystem::create_directories(settings_.directory, ec);
    if (ec) {
        return "Cannot record: cannot create the folder " + settings_.directory.string() + ": " +
               ec.message() + ".";
    }
    const bool tracks = per_leg_tracks || settings_.per_leg_tracks;
    auto session = std::make_shared<RecordingSession>(conference, now_unix_ms_(), sender, tracks, settings_.format);
    if (const std::string error = addTrack(*session, session, 0); !error.empty()) {
        return "Cannot record: " + error + ".";
    }
    const std::string file = session->mix_file_name;
    std::string reply = "Recording to " + file;
    if (tracks) {
        std::size_t opened = 0;
        for (const std::uint32_t leg : legs_[conference]) {
            if (const std::string error = addTrack(*session, session, leg); !error.empty()) {
                reply += "; no track for participant " + std::to_string(leg) + ": " + error;
            } else {
                ++opened;
            }
        }
        reply += ", with " + std::to_string(opened) + " leg track" + (opened == 1 ? "" : "s");
    }
    reply += ".";
    sessions_[conference] = session;
    log(CONFAB_LOG_INFO, "conference " + std::to_string(conference) + ": recording started by " + sender +
                             " to " + session->taps.front().track->path.string());
    announce(conference, "This conference is now being recorded.", true);
    host_.say(&host_, conference, ("Recording started by " + sender + ".").c_str());
    host_.set_recording(&host_, conference, 1);
    ok = true;
    return reply;
}

std::string Recorder::stop(std::int64_t conference, const std::string& sender, bool& ok) {
    const auto found = sessions_.find(conference);
    if (found == sessions_.end()) return "Not recording.";
    const std::shared_ptr<RecordingSession> session = found->second;
    sessions_.erase(found);
    const std::string file = session->mix_file_name;
    const std::size_t leg_tracks = session->leg_tracks_opened;
    removeTaps(*session);
    if (session->failed()) {
        // The tap thread already told the room and cleared the panel.
        return "The recording had already stopped: " + session->failure() + ".";
    }
    log(CONFAB_LOG_INFO, "conference " + std::to_string(conference) + ": recording stopped by " + sender);
    announce(conference, "Recording has stopped.", false);
    std::string saved = file;
    if (leg_tracks > 0) saved += " and " + std::to_string(leg_tracks) + " leg track" + (leg_tracks == 1 ? "" : "s");
    host_.say(&host_, conference, ("Recording stopped by " + sender + "; saved as " + saved + ".").c_str());
    host_.set_recording(&host_, conference, 0);
    ok = true;
    return "Recording stopped; saved as " + saved + ".";
}

std::string Recorder::addTrack(RecordingSession& session, const std::shared_ptr<RecordingSession>& shared,
                               std::uint32_t participant) {
    const std::int64_t started = participant == 0 ? session.started_unix_ms : now_unix_ms_();
    RecordingFile::OpenResult opened = RecordingFile::createUnique(settings_.directory, session.conference,
                                                                   participant, started, session.format);
    if (!opened.file) {
        log(CONFAB_LOG_WARN, "conference " + std::to_string(session.conference) + ": cannot record: " + opened.error);
        return "cannot create " + opened.error;
    }
    auto track = std::make_shared<RecordingTrack>(participant, started, std::move(opened.file));
    auto* context = new TapContext{gate_, shared, track};
    const std::int64_t handle = host_.add_media_tap(&host_, session.conference, participant, onTapFrame, context);
    if (handle < 0) {
        // No tap, so no tap thread: the file is still ours to drop.
        const std::filesystem::path path = track->path;
        delete context;
        track->file.reset();
        std::error_code ec;
        std::filesystem::remove(path, ec);
        return "the bridge gave no audio for " +
               (participant == 0 ? std::string("the conference") : "participant " + std::to_string(participant)) +
               " (error " + std::to_string(handle) + ")";
    }
    if (participant == 0) {
        session.mix_file_name = track->path.filename().string();
    } else {
        ++session.leg_tracks_opened;
    }
    session.taps.push_back({handle, std::move(track)});
    return {};
}

void Recorder::removeTaps(RecordingSession& session) {
    for (const auto& tap : session.taps) host_.remove(&host_, tap.handle);
    session.taps.clear();
}

void Recorder::reapFailed(std::int64_t conference) {
    const auto found = sessions_.find(conference);
    if (found == sessions_.end() || !found->second->failed()) return;
    removeTaps(*found->second);
    sessions_.erase(found);
}

void Recorder::handleEvent(const confab_event& event) {
    const std::int64_t conference = event.conference;
    switch (event.kind) {
        case CONFAB_EVENT_CONFERENCE_ENDED: {
            // The host ends every tap of the conference (frame == NULL).
            if (sessions_.erase(conference) > 0) {
                log(CONFAB_LOG_INFO, "conference " + std::to_string(conference) + " ended: recording stopped");
            }
            legs_.erase(conference);
            return;
        }
        case CONFAB_EVENT_LEG_STATE: break;
        default: reapFailed(conference); return;
    }
    reapFailed(conference);
    if (event.leg_state == CONFAB_LEG_DISCONNECTED) {
        if (auto legs = legs_.find(conference); legs != legs_.end()) {
            legs->second.erase(event.participant);
            if (legs->second.empty()) legs_.erase(legs);
        }
        // The host ends that leg's tap itself.
        if (auto found = sessions_.find(conference); found != sessions_.end()) {
            auto& taps = found->second->taps;
            for (auto it = taps.begin(); it != taps.end();) {
                it = it->track->participant == event.participant ? taps.erase(it) : std::next(it);
            }
        }
        return;
    }
    if (event.leg_state != CONFAB_LEG_CONNECTED || event.participant == 0) return;
    legs_[conference].insert(event.participant);
    const auto found = sessions_.find(conference);
    if (found == sessions_.end() || !found->second->per_leg_tracks) return;
    RecordingSession& session = *found->second;
    for (const auto& tap : session.taps) {
        if (tap.track->participant == event.participant && !tap.track->finished.load()) return;  // back from hold
    }
    if (const std::string error = addTrack(session, found->second, event.participant); !error.empty()) {
        host_.say(&host_, conference,
                  ("No recording track for " + std::string(event.name ? event.name : "a participant") + ": " +
                   error + ".")
                      .c_str());
    }
}

void Recorder::announce(std::int64_t conference, const char* text, bool rising) {
    const int status = host_.announce(&host_, conference, 0, text);
    if (status == CONFAB_OK) return;
    if (status != CONFAB_ERR_UNAVAILABLE) {
        log(CONFAB_LOG_WARN, "conference " + std::to_string(conference) + ": announce failed (" +
                                 std::to_string(status) + "); playing the cue instead");
    }
    const std::vector<std::int16_t> beep = twoToneBeep(rising);
    host_.play_audio(&host_, conference, 0, beep.data(), beep.size(), 8000);
}

void Recorder::log(confab_log_level level, const std::string& text) const {
    host_.log(&host_, level, text.c_str());
}

}  // namespace confab::recorder
