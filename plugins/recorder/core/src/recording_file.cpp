#include "confab/recorder/recording_file.h"

#include <fcntl.h>
#include <sndfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace confab::recorder {
namespace {

constexpr unsigned kMaxAttempts = 50;

// libsndfile says "System error : No space left on device."; the path and
// the errno text are what a person needs.
std::string sndfileReason(SNDFILE* file) {
    std::string text = sf_strerror(file);
    const std::string prefix = "System error : ";
    if (text.rfind(prefix, 0) == 0) text.erase(0, prefix.size());
    if (!text.empty() && text.back() == '.') text.pop_back();
    return text;
}

}  // namespace

RecordingFile::RecordingFile(SNDFILE* file, std::filesystem::path path, RecordingFormat format)
    : file_(file), path_(std::move(path)), format_(format) {}

RecordingFile::~RecordingFile() { close(); }

RecordingFile::OpenResult RecordingFile::createUnique(const std::filesystem::path& directory,
                                                      std::int64_t conference, std::uint32_t participant,
                                                      std::int64_t started_unix_ms, RecordingFormat format) {
    OpenResult result;
    for (unsigned attempt = 1; attempt <= kMaxAttempts; ++attempt) {
        const std::filesystem::path path =
            directory / recordingFileName(conference, participant, started_unix_ms, format, attempt);
        // 0640: recordings are private conversations.
        const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
        if (fd < 0) {
            const int error = errno;
            if (error == EEXIST) continue;
            result.error = path.string() + ": " + std::strerror(error);
            return result;
        }
        result = adopt(fd, path, format);
        if (!result.file) ::unlink(path.c_str());  // no empty husk left behind
        return result;
    }
    result.error = (directory / recordingFileName(conference, participant, started_unix_ms, format)).string() +
                   ": " + std::to_string(kMaxAttempts) + " files of that name exist already";
    return result;
}

RecordingFile::OpenResult RecordingFile::adopt(int fd, const std::filesystem::path& path,
                                               RecordingFormat format) {
    OpenResult result;
    SF_INFO info{};
    info.samplerate = 8000;
    info.channels = 1;
    info.format = sndfileFormat(format);
    if (!sf_format_check(&info)) {
        ::close(fd);
        result.error = path.string() + ": this libsndfile cannot write " + formatName(format);
        return result;
    }
    SNDFILE* file = sf_open_fd(fd, SFM_WRITE, &info, SF_TRUE);
    if (!file) {
        result.error = path.string() + ": " + sndfileReason(nullptr);
        ::close(fd);  // sf_open_fd leaves the descriptor to us when it fails
        return result;
    }
    result.file.reset(new RecordingFile(file, path, format));
    return result;
}

void RecordingFile::fail(const std::string& what) {
    if (error_.empty()) error_ = what + " " + path_.string() + ": " + sndfileReason(file_);
}

bool RecordingFile::write(const std::int16_t* samples, std::size_t count) {
    if (!file_ || failed()) return false;
    const sf_count_t wanted = static_cast<sf_count_t>(count);
    const sf_count_t written = sf_write_short(file_, samples, wanted);
    if (written != wanted) {
        fail("writing");
        return false;
    }
    samples_written_ += count;
    return true;
}

bool RecordingFile::writeSilence(std::size_t count) {
    static const std::array<std::int16_t, 800> kZeros{};
    while (count > 0) {
        const std::size_t n = count < kZeros.size() ? count : kZeros.size();
        if (!write(kZeros.data(), n)) return false;
        count -= n;
    }
    return true;
}

bool RecordingFile::close() {
    if (!file_) return !failed();
    // sf_close rewrites the header with the final sizes; a failure there
    // (the header rewrite, or Opus flushing its last pages) is reported too.
    const int status = sf_close(file_);
    if (status != 0 && error_.empty()) {
        error_ = "closing " + path_.string() + ": " + sf_error_number(status);
    }
    file_ = nullptr;
    struct stat st {};
    if (::stat(path_.c_str(), &st) == 0 && S_ISREG(st.st_mode)) bytes_ = static_cast<std::uint64_t>(st.st_size);
    return !failed();
}

}  // namespace confab::recorder
