#include "confab/pstnsim/wav_recorder.h"

#include <algorithm>

#include <sndfile.h>

#include "confab/media/media_format.h"

namespace confab::pstnsim {

namespace {
constexpr std::size_t kBufferSamples = media::kSampleRateHz;  // one second
}

std::unique_ptr<WavRecorder> WavRecorder::create(const std::filesystem::path& file, std::string& error) {
    SF_INFO info{};
    info.samplerate = media::kSampleRateHz;
    info.channels = 1;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    SNDFILE* handle = sf_open(file.c_str(), SFM_WRITE, &info);
    if (handle == nullptr) {
        error = sf_strerror(nullptr);
        return nullptr;
    }
    return std::unique_ptr<WavRecorder>(new WavRecorder(handle, file));
}

WavRecorder::WavRecorder(sf_private_tag* handle, std::filesystem::path file)
    : handle_(handle), file_(std::move(file)) {
    buffer_.reserve(kBufferSamples);
}

WavRecorder::~WavRecorder() { close(); }

void WavRecorder::append(std::span<const int16_t> samples) {
    if (handle_ == nullptr) return;
    while (!samples.empty()) {
        const std::size_t n = std::min(samples.size(), kBufferSamples - buffer_.size());
        buffer_.insert(buffer_.end(), samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(n));
        samples = samples.subspan(n);
        if (buffer_.size() == kBufferSamples) flush();
    }
}

void WavRecorder::appendSilence(std::size_t count) {
    if (handle_ == nullptr) return;
    while (count > 0) {
        const std::size_t n = std::min(count, kBufferSamples - buffer_.size());
        buffer_.insert(buffer_.end(), n, int16_t{0});
        count -= n;
        if (buffer_.size() == kBufferSamples) flush();
    }
}

void WavRecorder::flush() {
    if (buffer_.empty() || handle_ == nullptr) return;
    sf_write_short(handle_, buffer_.data(), static_cast<sf_count_t>(buffer_.size()));
    total_samples_ += buffer_.size();
    buffer_.clear();
}

void WavRecorder::close() {
    if (handle_ == nullptr) return;
    flush();
    sf_close(handle_);  // rewrites the header with the final length
    handle_ = nullptr;
}

}  // namespace confab::pstnsim
