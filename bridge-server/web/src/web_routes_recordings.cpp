// Recording downloads: GET /history/recordings/{id} streams a recording's
// file to a logged-in admin. The file's path comes only from the recording's
// database row (written by the bridge from the recorder plugin); the request
// names nothing but the row's id, so no request can reach another file.
//
// The file is opened before the answer starts and read by offset from that
// open descriptor while httplib sends it, so a file removed meanwhile still
// downloads whole, and a file the plugin is still growing is sent at the size
// it had when opened.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <memory>

#include "form_fields.h"
#include "web_server_impl.h"

namespace confab::web {
namespace {

// Read size per provider call: a few pages, so a large recording is sent
// without ever holding more than this in memory per download.
constexpr std::size_t kChunkBytes = 64 * 1024;

// An open file descriptor, closed with the last download that reads it.
class OpenFile {
  public:
    explicit OpenFile(int fd) : fd_(fd) {}
    ~OpenFile() {
        if (fd_ >= 0) ::close(fd_);
    }
    OpenFile(const OpenFile&) = delete;
    OpenFile& operator=(const OpenFile&) = delete;
    int fd() const { return fd_; }

  private:
    int fd_;
};

struct Opened {
    std::shared_ptr<OpenFile> file;
    std::size_t size = 0;
    std::string error;  // why not, for the log; empty when opened
};

// Opens `path` for reading if it is a regular file. O_NONBLOCK keeps open()
// from waiting forever on a FIFO left where a recording was; it is harmless
// for regular files, whose reads never block on it.
Opened openRegularFile(const std::string& path) {
    Opened opened;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        opened.error = std::strerror(errno);
        return opened;
    }
    auto file = std::make_shared<OpenFile>(fd);
    struct stat status {};
    if (::fstat(fd, &status) != 0) {
        opened.error = std::strerror(errno);
        return opened;
    }
    if (!S_ISREG(status.st_mode)) {
        opened.error = "not a regular file";
        return opened;
    }
    opened.file = std::move(file);
    opened.size = static_cast<std::size_t>(status.st_size);
    return opened;
}

std::string describe(const store::RecordingRecord& recording) {
    return "recording " + std::to_string(recording.id) + " of conference " + std::to_string(recording.conference_id) +
           " (" + sanitizeForLog(recordingDownloadName(recording), 140) + ")";
}

}  // namespace

void WebServer::Impl::registerRecordingRoutes() {
    page(R"(/history/recordings/(\d{1,18}))", [this](const httplib::Request& request, httplib::Response& response,
                                                     const Session& session) {
        const auto id = pathId(request, 1);
        std::optional<store::RecordingRecord> recording;
        if (id) {
            std::lock_guard lock(db_mutex);
            recording = log.recording(*id);
        }
        PageContext page_context = context(session);
        if (!recording) return sendError(response, &page_context, 404, "There is no recording with that number.");

        Opened opened = openRegularFile(recording->path);
        if (!opened.file) {
            spdlog::warn("admin web: {} cannot be served from {}: {}", describe(*recording),
                         sanitizeForLog(recording->path, 300), opened.error);
            audit(session.admin, "recording-download", describe(*recording), false, "the file is gone");
            return sendError(response, &page_context, 404,
                             "The file of recording " + std::to_string(recording->id) +
                                 " is no longer on the bridge (it was moved or deleted). Its entry in the "
                                 "history stays.");
        }
        audit(session.admin, "recording-download", describe(*recording), true, "");
        response.set_header("Content-Disposition",
                            "attachment; filename=\"" + recordingDownloadName(*recording) + "\"");
        response.set_content_provider(
            opened.size, std::string(recordingContentType(*recording)),
            [file = opened.file](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                std::array<char, kChunkBytes> buffer;
                const std::size_t wanted = std::min(length, buffer.size());
                ssize_t got = -1;
                do {
                    got = ::pread(file->fd(), buffer.data(), wanted, static_cast<off_t>(offset));
                } while (got < 0 && errno == EINTR);
                // The file shrank or cannot be read: end the answer short,
                // which httplib turns into a closed connection, never a
                // silently truncated "complete" download.
                if (got <= 0) return false;
                return sink.write(buffer.data(), static_cast<std::size_t>(got));
            });
    });
}

}  // namespace confab::web
