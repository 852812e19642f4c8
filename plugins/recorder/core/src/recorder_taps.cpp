// The tap thread's half of the recorder: writing frames, closing files and
// reporting a disk that refuses them. See recording_session.h.
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <exception>
#include <vector>

#include "confab/recorder/beep.h"
#include "confab/recorder/recording_session.h"

namespace confab::recorder {
namespace {

std::int64_t nowUnixMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// A write or close failed: stop the whole recording (a full disk fails
// every track alike), once, and tell the room, the log and the room panel.
void reportFailure(TapContext& ctx, const std::string& error) {
    if (!ctx.session->markFailed(error)) return;
    const std::int64_t conference = ctx.session->conference;
    const std::string log_line = "conference " + std::to_string(conference) +
                                 ": recording stopped: " + error;
    const std::string room_line = "Recording stopped: " + error + ".";
    const std::vector<std::int16_t> beep = twoToneBeep(false);
    ctx.gate->with([&](const confab_host& host) {
        host.log(&host, CONFAB_LOG_ERROR, log_line.c_str());
        host.say(&host, conference, room_line.c_str());
        host.set_recording(&host, conference, 0);
        host.play_audio(&host, conference, 0, beep.data(), beep.size(), 8000);
    });
}

// Closes the track's file and lists it; what is on disk is kept even when
// the recording failed part-way (it is valid up to the failure).
void finishTrack(TapContext& ctx) {
    RecordingTrack& track = *ctx.track;
    if (!track.file) return;
    RecordingFile& file = *track.file;
    const bool closed = file.close();
    if (!closed) reportFailure(ctx, file.error());
    const std::string path = file.path().string();
    confab_recording recording{};
    recording.struct_size = sizeof recording;
    recording.conference = ctx.session->conference;
    recording.path = path.c_str();
    recording.format = formatName(file.format());
    recording.participant = track.participant;
    recording.started_unix_ms = track.started_unix_ms;
    recording.ended_unix_ms = nowUnixMs();
    recording.bytes = file.bytes();
    char line[256];
    std::snprintf(line, sizeof line, "conference %" PRId64 ": finished %s (%" PRIu64 " bytes, %" PRIu64 " samples)",
                  recording.conference, path.c_str(), recording.bytes, file.samplesWritten());
    ctx.gate->with([&](const confab_host& host) {
        host.log(&host, CONFAB_LOG_INFO, line);
        host.add_recording(&host, &recording);
    });
    track.file.reset();
    track.finished.store(true);
}

void writeFrame(TapContext& ctx, const confab_audio_frame& frame) {
    RecordingTrack& track = *ctx.track;
    if (!track.file) return;  // closed after a failure; waiting for NULL
    if (ctx.session->failed()) {
        finishTrack(ctx);
        return;
    }
    RecordingFile& file = *track.file;
    bool ok = true;
    if (track.seen_frame && frame.tick > track.next_tick) {
        // Lost frames (the tap ring overflowed): keep the timeline.
        std::uint64_t missing = frame.tick - track.next_tick;
        if (missing > kMaxGapFrames) missing = kMaxGapFrames;
        ok = file.writeSilence(static_cast<std::size_t>(missing) * frame.sample_count);
    }
    track.seen_frame = true;
    track.next_tick = frame.tick + 1;
    if (ok) {
        if (frame.sample_count > kMaxFrameSamples) return;  // not what the ABI sends; skip it
        ok = frame.samples ? file.write(frame.samples, frame.sample_count) : file.writeSilence(frame.sample_count);
    }
    if (!ok) {
        reportFailure(ctx, file.error());
        finishTrack(ctx);
    }
}

}  // namespace

void onTapFrame(void* user, const confab_audio_frame* frame) {
    auto* ctx = static_cast<TapContext*>(user);
    if (!ctx) return;
    try {
        if (frame) {
            writeFrame(*ctx, *frame);
            return;
        }
        finishTrack(*ctx);
    } catch (const std::exception&) {
        // Only allocation can throw here; the file is left to the NULL call.
    }
    if (!frame) delete ctx;
}

}  // namespace confab::recorder
