#include <fcntl.h>
#include <sndfile.h>
#include <unistd.h>

#include <fstream>
#include <vector>

#include <gtest/gtest.h>

#include "confab/recorder/recording_file.h"
#include "test_folder.h"

namespace confab::recorder {
namespace {

using test::TestFolder;

constexpr std::int64_t kStart = 1704164645678;  // 2024-01-02 03:04:05 UTC

std::vector<std::int16_t> readAll(const std::filesystem::path& path, SF_INFO& info) {
    info = SF_INFO{};
    SNDFILE* file = sf_open(path.c_str(), SFM_READ, &info);
    if (!file) return {};
    std::vector<std::int16_t> samples(static_cast<std::size_t>(info.frames));
    samples.resize(static_cast<std::size_t>(sf_readf_short(file, samples.data(), info.frames)));
    sf_close(file);
    return samples;
}

TEST(RecordingFile, WritesAWavThatLibsndfileReadsBackSampleForSample) {
    TestFolder folder;
    auto opened = RecordingFile::createUnique(folder.path(), 7, 0, kStart, RecordingFormat::Wav);
    ASSERT_TRUE(opened.file) << opened.error;
    EXPECT_EQ(opened.file->path(), folder.path() / "conf-7-20240102-030405.wav");
    std::vector<std::int16_t> written;
    for (int frame = 0; frame < 50; ++frame) {
        std::vector<std::int16_t> samples(160);
        for (std::size_t i = 0; i < samples.size(); ++i) {
            samples[i] = static_cast<std::int16_t>(frame * 300 - 7000 + static_cast<int>(i));
        }
        ASSERT_TRUE(opened.file->write(samples.data(), samples.size())) << opened.file->error();
        written.insert(written.end(), samples.begin(), samples.end());
    }
    ASSERT_TRUE(opened.file->writeSilence(1000));
    written.insert(written.end(), 1000, 0);
    EXPECT_EQ(opened.file->samplesWritten(), written.size());
    ASSERT_TRUE(opened.file->close()) << opened.file->error();
    EXPECT_TRUE(opened.file->close()) << "idempotent";
    EXPECT_EQ(opened.file->bytes(), 44u + 2 * written.size()) << "a plain 44-byte PCM header";

    SF_INFO info;
    const auto read = readAll(opened.file->path(), info);
    EXPECT_EQ(info.samplerate, 8000);
    EXPECT_EQ(info.channels, 1);
    EXPECT_EQ(info.format, SF_FORMAT_WAV | SF_FORMAT_PCM_16);
    EXPECT_EQ(read, written);
}

TEST(RecordingFile, OggOpusIsReadableWhenLibsndfileSupportsIt) {
    if (!formatSupported(RecordingFormat::OggOpus)) GTEST_SKIP() << "libsndfile without Opus";
    TestFolder folder;
    auto opened = RecordingFile::createUnique(folder.path(), 7, 2, kStart, RecordingFormat::OggOpus);
    ASSERT_TRUE(opened.file) << opened.error;
    EXPECT_EQ(opened.file->path().filename(), "conf-7-20240102-030405-p2.opus");
    std::vector<std::int16_t> tone(8000);
    for (std::size_t i = 0; i < tone.size(); ++i) tone[i] = static_cast<std::int16_t>(i % 16 < 8 ? 5000 : -5000);
    ASSERT_TRUE(opened.file->write(tone.data(), tone.size()));
    ASSERT_TRUE(opened.file->close()) << opened.file->error();
    SF_INFO info;
    const auto read = readAll(opened.file->path(), info);
    EXPECT_EQ(info.format & SF_FORMAT_TYPEMASK, SF_FORMAT_OGG);
    EXPECT_EQ(info.samplerate, 8000);
    EXPECT_NEAR(static_cast<double>(read.size()), 8000.0, 400.0);
}

TEST(RecordingFile, NeverOverwritesARecordingOfTheSameSecond) {
    TestFolder folder;
    auto first = RecordingFile::createUnique(folder.path(), 7, 0, kStart, RecordingFormat::Wav);
    auto second = RecordingFile::createUnique(folder.path(), 7, 0, kStart, RecordingFormat::Wav);
    ASSERT_TRUE(first.file && second.file);
    EXPECT_EQ(second.file->path().filename(), "conf-7-20240102-030405-2.wav");
}

TEST(RecordingFile, AFolderThatCannotExistIsAnErrorWithPathAndReason) {
    TestFolder folder;
    std::ofstream(folder.path() / "plain-file") << "x";
    const auto under_file = folder.path() / "plain-file" / "sub";
    auto opened = RecordingFile::createUnique(under_file, 7, 0, kStart, RecordingFormat::Wav);
    EXPECT_FALSE(opened.file);
    EXPECT_NE(opened.error.find((under_file / "conf-7-20240102-030405.wav").string()), std::string::npos)
        << opened.error;
    EXPECT_NE(opened.error.find("Not a directory"), std::string::npos) << opened.error;
}

TEST(RecordingFile, AFullDeviceAtOpenIsAnErrorNotACrash) {
    const int fd = ::open("/dev/full", O_WRONLY | O_CLOEXEC);
    ASSERT_GE(fd, 0);
    auto opened = RecordingFile::adopt(fd, "/dev/full", RecordingFormat::Wav);
    EXPECT_FALSE(opened.file);
    EXPECT_NE(opened.error.find("/dev/full: No space left on device"), std::string::npos) << opened.error;
}

TEST(RecordingFile, TheDiskFillingUpWhileRecordingIsAnErrorNotACrash) {
    TestFolder folder;
    const auto path = folder.path() / "r.wav";
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    ASSERT_GE(fd, 0);
    auto opened = RecordingFile::adopt(fd, path, RecordingFormat::Wav);
    ASSERT_TRUE(opened.file) << opened.error;
    std::vector<std::int16_t> frame(160, 1234);
    ASSERT_TRUE(opened.file->write(frame.data(), frame.size()));
    // The file system fills up: the descriptor now refuses every write.
    const int full = ::open("/dev/full", O_WRONLY | O_CLOEXEC);
    ASSERT_GE(full, 0);
    ASSERT_EQ(::dup2(full, fd), fd);
    ::close(full);
    EXPECT_FALSE(opened.file->write(frame.data(), frame.size()));
    EXPECT_NE(opened.file->error().find("No space left on device"), std::string::npos) << opened.file->error();
    EXPECT_NE(opened.file->error().find(path.string()), std::string::npos) << opened.file->error();
    EXPECT_FALSE(opened.file->write(frame.data(), frame.size())) << "stays failed";
    EXPECT_FALSE(opened.file->close());
    EXPECT_FALSE(opened.file->isOpen());
}

}  // namespace
}  // namespace confab::recorder
