// Corpus replay: stands in for libFuzzer's main() where there is no libFuzzer
// (g++ builds). Feeds every file named on the command line, and every file
// under every folder named, to LLVMFuzzerTestOneInput, in a stable order so a
// failure is reproducible. A crash or a broken FUZZ_CHECK fails the test; so
// does an empty corpus, which would otherwise pass while testing nothing.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::vector<std::filesystem::path> inputsUnder(const std::filesystem::path& root) {
    std::vector<std::filesystem::path> inputs;
    if (std::filesystem::is_directory(root)) {
        for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
            if (entry.is_regular_file()) {
                inputs.push_back(entry.path());
            }
        }
        std::sort(inputs.begin(), inputs.end());
    } else {
        inputs.push_back(root);
    }
    return inputs;
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t replayed = 0;
    for (int i = 1; i < argc; ++i) {
        for (const auto& path : inputsUnder(argv[i])) {
            std::ifstream in(path, std::ios::binary);
            if (!in) {
                std::fprintf(stderr, "cannot read %s\n", path.c_str());
                return 1;
            }
            const std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                                          std::istreambuf_iterator<char>());
            // A copy of exactly `size` bytes, so reading past the end is
            // caught by AddressSanitizer builds as it would be by libFuzzer.
            std::vector<std::uint8_t> input(bytes.begin(), bytes.end());
            std::fprintf(stderr, "replaying %s (%zu bytes)\n", path.c_str(), input.size());
            LLVMFuzzerTestOneInput(input.data(), input.size());
            ++replayed;
        }
    }
    std::fprintf(stderr, "replayed %zu inputs\n", replayed);
    return replayed == 0 ? 1 : 0;
}
