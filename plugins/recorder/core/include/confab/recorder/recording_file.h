// RecordingFile: one audio file being written with libsndfile, 8 kHz mono
// 16-bit samples in, WAV or Ogg/Opus out; close() writes the final header.
//
// Thread contract: not shared. One thread at a time uses an instance: the
// recorder creates it on the control thread (the open must answer
// "/record start" with the precise reason it failed) and then hands it to
// the tap thread, which alone writes and closes it. Nothing here throws;
// failures come back as false / an error text naming the path.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "confab/recorder/recording_format.h"

struct sf_private_tag;  // libsndfile's SNDFILE

namespace confab::recorder {

class RecordingFile {
public:
    struct OpenResult {
        std::unique_ptr<RecordingFile> file;  // null on failure
        std::string error;                    // "<path>: <reason>" on failure
    };

    // Creates <directory>/<name> exclusively (never overwrites a file: on
    // EEXIST it tries the next `attempt` of recordingFileName, up to 50).
    static OpenResult createUnique(const std::filesystem::path& directory, std::int64_t conference,
                                   std::uint32_t participant, std::int64_t started_unix_ms,
                                   RecordingFormat format);
    // Takes ownership of `fd` (closed on failure too) and writes the header
    // to it; `path` only names it in errors and in path().
    static OpenResult adopt(int fd, const std::filesystem::path& path, RecordingFormat format);

    ~RecordingFile();  // closes if still open
    RecordingFile(const RecordingFile&) = delete;
    RecordingFile& operator=(const RecordingFile&) = delete;

    // Appends samples; false (with error()) when the file system refused
    // them (disk full, I/O error). After a failure every write fails.
    bool write(const std::int16_t* samples, std::size_t count);
    bool writeSilence(std::size_t count);
    // Finalises the header and closes; false when that failed. The size is
    // read back for bytes(). Idempotent.
    bool close();

    bool isOpen() const { return file_ != nullptr; }
    bool failed() const { return !error_.empty(); }
    const std::string& error() const { return error_; }
    const std::filesystem::path& path() const { return path_; }
    RecordingFormat format() const { return format_; }
    std::uint64_t samplesWritten() const { return samples_written_; }
    std::uint64_t bytes() const { return bytes_; }  // after close()

private:
    RecordingFile(sf_private_tag* file, std::filesystem::path path, RecordingFormat format);
    void fail(const std::string& what);

    sf_private_tag* file_ = nullptr;
    std::filesystem::path path_;
    RecordingFormat format_;
    std::string error_;
    std::uint64_t samples_written_ = 0;
    std::uint64_t bytes_ = 0;
};

}  // namespace confab::recorder
