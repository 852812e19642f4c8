// WavRecorder: what one call heard, as an 8 kHz mono 16-bit WAV. Samples are
// gathered in a one-second buffer and written with one libsndfile call per
// second, so a thousand recorded calls cost a thousand writes a second, not
// fifty thousand. close() (or the destructor) writes the rest and fixes up
// the WAV header, so the file is valid once the call has ended.
//
// Thread contract: opened on the SIP thread, then owned and used by the media
// thread alone.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

struct sf_private_tag;

namespace confab::pstnsim {

class WavRecorder {
  public:
    // nullptr (with `error`) when the file cannot be created.
    static std::unique_ptr<WavRecorder> create(const std::filesystem::path& file, std::string& error);
    ~WavRecorder();
    WavRecorder(const WavRecorder&) = delete;
    WavRecorder& operator=(const WavRecorder&) = delete;

    void append(std::span<const int16_t> samples);
    // Appends `count` zero samples (a gap in what was received), bounded by the caller.
    void appendSilence(std::size_t count);
    void close();

    std::uint64_t samplesWritten() const { return total_samples_; }
    const std::filesystem::path& file() const { return file_; }

  private:
    WavRecorder(sf_private_tag* handle, std::filesystem::path file);
    void flush();

    sf_private_tag* handle_;
    std::filesystem::path file_;
    std::vector<int16_t> buffer_;  // capacity one second, reserved up front
    std::uint64_t total_samples_ = 0;
};

}  // namespace confab::pstnsim
