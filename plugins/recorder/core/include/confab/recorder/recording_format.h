// Recording formats and file names. Pure functions, any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace confab::recorder {

enum class RecordingFormat { Wav, OggOpus };

// "wav" / "ogg-opus" (the config's and confab_recording's spelling).
std::optional<RecordingFormat> parseRecordingFormat(std::string_view name);
const char* formatName(RecordingFormat format);
const char* fileExtension(RecordingFormat format);  // "wav" / "opus"
// libsndfile's SF_FORMAT_* bits for 8 kHz mono in this format.
int sndfileFormat(RecordingFormat format);
// Whether the libsndfile we run with can write it (sf_format_check):
// Ogg/Opus needs libsndfile >= 1.0.29 built with libopus.
bool formatSupported(RecordingFormat format);

// "conf-<conference>-<UTC yyyymmdd-hhmmss>[-p<participant>][-<n>].<ext>":
// participant 0 is the mix; `attempt` > 1 appends "-<attempt>" so a second
// recording in the same second does not overwrite the first.
std::string recordingFileName(std::int64_t conference, std::uint32_t participant,
                              std::int64_t started_unix_ms, RecordingFormat format,
                              unsigned attempt = 1);

}  // namespace confab::recorder
