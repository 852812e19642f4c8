#include "confab/recorder/recording_format.h"

#include <sndfile.h>

#include <cstdio>
#include <ctime>

namespace confab::recorder {

std::optional<RecordingFormat> parseRecordingFormat(std::string_view name) {
    if (name == "wav") return RecordingFormat::Wav;
    if (name == "ogg-opus") return RecordingFormat::OggOpus;
    return std::nullopt;
}

const char* formatName(RecordingFormat format) {
    return format == RecordingFormat::OggOpus ? "ogg-opus" : "wav";
}

const char* fileExtension(RecordingFormat format) {
    return format == RecordingFormat::OggOpus ? "opus" : "wav";
}

int sndfileFormat(RecordingFormat format) {
    return format == RecordingFormat::OggOpus ? (SF_FORMAT_OGG | SF_FORMAT_OPUS)
                                              : (SF_FORMAT_WAV | SF_FORMAT_PCM_16);
}

bool formatSupported(RecordingFormat format) {
    SF_INFO info{};
    info.samplerate = 8000;
    info.channels = 1;
    info.format = sndfileFormat(format);
    return sf_format_check(&info) != 0;
}

std::string recordingFileName(std::int64_t conference, std::uint32_t participant,
                              std::int64_t started_unix_ms, RecordingFormat format, unsigned attempt) {
    const std::time_t seconds = static_cast<std::time_t>(started_unix_ms / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char stamp[32];
    std::snprintf(stamp, sizeof stamp, "%04d%02d%02d-%02d%02d%02d", utc.tm_year + 1900, utc.tm_mon + 1,
                  utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
    std::string name = "conf-" + std::to_string(conference) + "-" + stamp;
    if (participant != 0) name += "-p" + std::to_string(participant);
    if (attempt > 1) name += "-" + std::to_string(attempt);
    name += ".";
    name += fileExtension(format);
    return name;
}

}  // namespace confab::recorder
