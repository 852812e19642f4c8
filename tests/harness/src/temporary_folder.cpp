#include "confab/harness/temporary_folder.h"

#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

namespace confab::harness {

TemporaryFolder::TemporaryFolder(const std::string& prefix) {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern =
        std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/" + prefix + "-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("TemporaryFolder: mkdtemp " + pattern + " failed");
    }
    path_ = pattern;
}

TemporaryFolder::~TemporaryFolder() {
    if (!keep_) {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
}

}  // namespace confab::harness
