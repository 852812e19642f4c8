// Replays tests/unit/sip/corpus/sdp/ through SdpNegotiator (see
// corpus/make_sdp_corpus.py), then mutates the valid files with a fixed seed:
// a cheap, deterministic stand-in for a fuzzer that runs under ASan/UBSan with
// the other unit tests. Nothing may crash, every refusal must carry a one-line
// reason, and anything accepted must satisfy NegotiatedMedia's promises.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "confab/sip/ip_literal.h"
#include "confab/sip/sdp_negotiator.h"

namespace confab::sip::test {
namespace {

namespace fs = std::filesystem;

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream data;
    data << in.rdbuf();
    return data.str();
}

std::vector<fs::path> corpusFiles(std::string_view prefix) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(CONFAB_SIP_SDP_CORPUS_DIR)) {
        const auto name = entry.path().filename().string();
        if (entry.path().extension() == ".sdp" && name.rfind(prefix, 0) == 0) {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

void expectSane(const NegotiatedMedia& media) {
    const auto literal = IpLiteral::parse(media.remote_address);
    ASSERT_TRUE(literal) << media.remote_address;
    EXPECT_FALSE(literal->isMulticast());
    EXPECT_FALSE(literal->isBroadcast());
    EXPECT_NE(media.remote_port, 0);
    EXPECT_LE(media.payload_type, 127);
    EXPECT_GE(media.ptime_ms, 10u);
    EXPECT_LE(media.ptime_ms, 120u);
    if (literal->isUnspecified()) {
        EXPECT_TRUE(isHoldDirection(media.direction));
    }
}

void expectOneLineReason(const std::string& reason, std::string_view prefix) {
    EXPECT_EQ(reason.rfind(prefix, 0), 0u) << reason;
    EXPECT_GT(reason.size(), prefix.size());
    EXPECT_LT(reason.size(), 400u) << reason;
    EXPECT_TRUE(std::all_of(reason.begin(), reason.end(),
                            [](char c) {
                                return static_cast<unsigned char>(c) >= 0x20 &&
                                       static_cast<unsigned char>(c) < 0x7f;
                            }))
        << "reason must be printable ASCII: " << reason;
}

TEST(SdpCorpus, HasBothKinds) {
    EXPECT_GE(corpusFiles("valid-").size(), 5u);
    EXPECT_GE(corpusFiles("invalid-").size(), 20u);
}

TEST(SdpCorpus, ValidAnswersAreAccepted) {
    for (const auto& file : corpusFiles("valid-")) {
        SCOPED_TRACE(file.filename().string());
        SdpNegotiator negotiator;
        auto result = negotiator.checkAnswer(readFile(file));
        ASSERT_TRUE(result) << result.error();
        expectSane(result.value());
    }
}

TEST(SdpCorpus, InvalidAnswersAreRefusedWithTheExpectedReason) {
    for (const auto& file : corpusFiles("invalid-")) {
        SCOPED_TRACE(file.filename().string());
        auto reason_file = file;
        reason_file.replace_extension(".reason");
        std::string expected = readFile(reason_file);
        while (!expected.empty() && (expected.back() == '\n' || expected.back() == '\r')) {
            expected.pop_back();
        }
        SdpNegotiator negotiator;
        auto result = negotiator.checkAnswer(readFile(file));
        ASSERT_FALSE(result) << "accepted an invalid answer";
        expectOneLineReason(result.error(), "SDP answer: ");
        EXPECT_NE(result.error().find(expected), std::string::npos)
            << "reason '" << result.error() << "' lacks '" << expected << "'";
        // The same bytes as an offer must not crash either.
        auto as_offer = negotiator.checkOffer(readFile(file));
        if (!as_offer) expectOneLineReason(as_offer.error(), "SDP offer: ");
    }
}

// Byte flips, insertions, deletions, line duplication and truncation of the
// valid files; 20000 mutants with a fixed seed.
TEST(SdpCorpus, MutatedAnswersNeverCrashAndAlwaysExplain) {
    std::vector<std::string> seeds;
    for (const auto& file : corpusFiles("valid-")) seeds.push_back(readFile(file));
    ASSERT_FALSE(seeds.empty());
    std::mt19937 rng(12345);
    auto pick = [&](std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
    };
    static constexpr char kInteresting[] = {'\0', '\r', '\n',   ' ',    '/',    ':', '=', '0',
                                            '9',  'a',  '\x7f', '\x80', '\xff', '-', '.', '%'};
    SdpNegotiator negotiator;
    std::size_t accepted = 0;
    for (int i = 0; i < 20000; ++i) {
        std::string sdp = seeds[pick(seeds.size())];
        const int edits = 1 + static_cast<int>(pick(4));
        for (int e = 0; e < edits && !sdp.empty(); ++e) {
            const std::size_t at = pick(sdp.size());
            switch (pick(6)) {
                case 0:
                    sdp[at] = kInteresting[pick(sizeof kInteresting)];
                    break;
                case 1:
                    sdp.insert(at, 1, kInteresting[pick(sizeof kInteresting)]);
                    break;
                case 2:
                    sdp.erase(at, 1 + pick(8));
                    break;
                case 3:
                    sdp.resize(at);
                    break;
                case 4: {  // duplicate a line
                    const auto start = sdp.rfind('\n', at);
                    const auto from = start == std::string::npos ? 0 : start + 1;
                    const auto end = sdp.find('\n', at);
                    const auto line = sdp.substr(
                        from, end == std::string::npos ? std::string::npos : end - from + 1);
                    sdp.insert(from, line);
                    break;
                }
                default:
                    sdp[at] = static_cast<char>(pick(256));
                    break;
            }
        }
        auto answer = negotiator.checkAnswer(sdp);
        if (answer) {
            ++accepted;
            expectSane(answer.value());
        } else {
            expectOneLineReason(answer.error(), "SDP answer: ");
        }
        auto offer = negotiator.checkOffer(sdp);
        if (offer) {
            expectSane(offer.value().media);
        } else {
            expectOneLineReason(offer.error(), "SDP offer: ");
        }
        if (HasFailure()) {
            ADD_FAILURE() << "mutant #" << i << ":\n" << sdp;
            return;
        }
    }
    // Some mutants (e.g. a changed digit in a port) stay valid.
    EXPECT_GT(accepted, 0u);
    EXPECT_EQ(negotiator.counters().answers_accepted + negotiator.counters().answers_refused,
              20000u);
}

}  // namespace
}  // namespace confab::sip::test
