// TemporaryFolder: a fresh folder under $TMPDIR (or /tmp), removed with
// everything in it on destruction. Used from one thread.
#pragma once

#include <filesystem>
#include <string>

namespace confab::harness {

class TemporaryFolder {
  public:
    // Creates <tmp>/<prefix>-XXXXXX. Throws std::runtime_error on failure.
    explicit TemporaryFolder(const std::string& prefix = "confab-test");
    ~TemporaryFolder();
    TemporaryFolder(const TemporaryFolder&) = delete;
    TemporaryFolder& operator=(const TemporaryFolder&) = delete;

    const std::filesystem::path& path() const { return path_; }
    // Keeps the folder on destruction (e.g. to look at logs after a failure).
    void keep() { keep_ = true; }

  private:
    std::filesystem::path path_;
    bool keep_ = false;
};

}  // namespace confab::harness
