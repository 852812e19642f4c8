// Number ranges ([ranges."<first>"] with count = N: one script for a block of
// consecutive numbers, as the SIP-dialled load benchmark needs) and the
// noise source: how they are read, which number finds which script, the
// mistakes refused, and a real caller dialling into a range.
#include "confab/pstnsim/audio_source.h"
#include "confab/pstnsim/phonebook.h"
#include "pstn_sim_fixture.h"

namespace confab::pstnsim::test {
namespace {

using namespace std::chrono_literals;

constexpr const char* kRangesPhonebook = R"(
[defaults]
answer_after_ms = 100
record = false

[numbers."+15552000005"]
action = "busy"

[ranges."+15552000000"]
count = 10
[ranges."+15552000000".audio]
source = "tone"
frequency_hz = 400

[ranges."+15553000000"]
count = 1000
answer_after_ms = 0
[ranges."+15553000000".audio]
source = "noise"
level_dbov = -60
)";

std::string parseError(const std::string& text) {
    try {
        Phonebook::parse(text, "/");
    } catch (const PhonebookError& e) {
        return e.what();
    }
    return "accepted";
}

TEST(PhonebookRanges, EveryNumberOfARangeFindsItsScriptAndNoOtherDoes) {
    const auto book = Phonebook::parse(kRangesPhonebook, "/books");
    ASSERT_EQ(book.ranges().size(), 2u);

    const auto* first = book.find("+15552000000");
    ASSERT_NE(first, nullptr);
    EXPECT_EQ(first->audio.kind, AudioKind::Tone);
    EXPECT_EQ(first->answer_after, Milliseconds(100));  // from [defaults]
    EXPECT_FALSE(first->record);
    EXPECT_EQ(first->number, "+15552000000..+15552000009");
    EXPECT_EQ(book.find("+15552000009"), first);
    EXPECT_EQ(book.find("+15552000010"), nullptr);  // one past the end
    EXPECT_EQ(book.find("+1555200000"), nullptr);   // shorter: another number
    EXPECT_EQ(book.find("+155520000000"), nullptr);  // longer

    // A number of its own wins over the range around it.
    ASSERT_NE(book.find("+15552000005"), nullptr);
    EXPECT_EQ(book.find("+15552000005")->action, CallAction::Busy);

    const auto* quiet = book.find("+15553000999");
    ASSERT_NE(quiet, nullptr);
    EXPECT_EQ(quiet->audio.kind, AudioKind::Noise);
    EXPECT_DOUBLE_EQ(quiet->audio.level_dbov, -60.0);
    EXPECT_EQ(quiet->answer_after, Milliseconds(0));
    EXPECT_EQ(book.find("+15553001000"), nullptr);
    EXPECT_EQ(book.find("+15552999999"), nullptr);
}

TEST(PhonebookRanges, RefusesRangesThatCannotBeMeant) {
    EXPECT_NE(parseError("[ranges.\"+15552000000\"]\n").find("'count' is required"), std::string::npos);
    EXPECT_NE(parseError("[ranges.\"+15552000000\"]\ncount = 0\n").find("'count' must be in 1..1000000"),
              std::string::npos);
    EXPECT_NE(parseError("[ranges.\"15552000000\"]\ncount = 5\n").find("not an E.164 number"), std::string::npos);
    // +97 .. +101 would change the number of digits; +95 .. +99 would not.
    EXPECT_NE(parseError("[ranges.\"+97\"]\ncount = 5\n").find("runs past 2 digits"), std::string::npos);
    EXPECT_EQ(parseError("[ranges.\"+97\"]\ncount = 5\n").find("ranges.\"+97\""), 0u);
    EXPECT_EQ(parseError("[ranges.\"+95\"]\ncount = 5\n"), "accepted");
    const std::string overlap = parseError(
        "[ranges.\"+15552000000\"]\ncount = 100\n[ranges.\"+15552000099\"]\ncount = 1\n");
    EXPECT_NE(overlap.find("ranges.\"+15552000099\": overlaps ranges.\"+15552000000\""), std::string::npos)
        << overlap;
    // Adjacent is fine, and so is the same digits at another length.
    EXPECT_EQ(parseError("[ranges.\"+15552000000\"]\ncount = 100\n[ranges.\"+15552000100\"]\ncount = 1\n"
                         "[ranges.\"+1555200000\"]\ncount = 100\n"),
              "accepted");
    EXPECT_NE(parseError("[ranges.\"+15552000000\"]\ncount = 5\ncoutn = 6\n").find("'coutn' is not a known key"),
              std::string::npos);
    EXPECT_NE(parseError("[numbers.\"+15552000000\"]\ncount = 5\n").find("'count' is not a known key"),
              std::string::npos);
    EXPECT_NE(parseError("ranges = 1\n").find("must be a table"), std::string::npos);
}

TEST(PhonebookRanges, NoiseHasTheRequestedLevelAndIsNotSilence) {
    NoiseGenerator noise(-60.0);
    std::vector<int16_t> samples;
    for (int frame = 0; frame < 50; ++frame) {
        media::Frame out{};
        noise.fill(out);
        samples.insert(samples.end(), out.begin(), out.end());
    }
    EXPECT_NEAR(levelDbov(samples), -60.0, 0.5);
    EXPECT_GT(std::count_if(samples.begin(), samples.end(), [](int16_t s) { return s != 0; }),
              static_cast<std::ptrdiff_t>(samples.size() * 9 / 10));
}

TEST(PhonebookRanges, ReadmeRangeExampleIsValid) {
    const std::string readme = harness::readFile(std::filesystem::path(CONFAB_PSTN_SIM_SOURCE_DIR) / "README.md");
    const auto section = readme.find("### Ranges");
    ASSERT_NE(section, std::string::npos);
    const auto begin = readme.find("```toml\n", section);
    ASSERT_NE(begin, std::string::npos);
    const auto end = readme.find("```", begin + 8);
    const auto example = Phonebook::parse(readme.substr(begin + 8, end - begin - 8), CONFAB_PSTN_SIM_SOURCE_DIR);
    EXPECT_EQ(example.ranges().size(), 2u);
    EXPECT_EQ(example.find("+15552000399")->audio.kind, AudioKind::Tone);
    EXPECT_EQ(example.find("+15553001599")->audio.kind, AudioKind::Noise);
}

class PhonebookRangeCalls : public PstnSimTest {};

TEST_F(PhonebookRangeCalls, CallsIntoARangeAreAnsweredWithItsScript) {
    startSimulator(kRangesPhonebook);
    auto& talker = caller_->call("+15552000007", sim_port_);
    auto& quiet = caller_->call("+15553000500", sim_port_);
    auto& busy = caller_->call("+15552000005", sim_port_);
    auto& outside = caller_->call("+15553001000", sim_port_);
    ASSERT_TRUE(caller_->runUntil(
        [&] {
            return talker.received.size() >= 25 && quiet.received.size() >= 25 && busy.final_status != 0 &&
                   outside.final_status != 0;
        },
        10s));
    EXPECT_EQ(talker.final_status, 200);
    EXPECT_EQ(quiet.final_status, 200);
    EXPECT_EQ(busy.final_status, 486);
    EXPECT_EQ(outside.final_status, 404);

    const auto tone = decodeG711(talker.received, talker.answer->payload_type);
    EXPECT_GT(tonePower(tone, 400), 100 * tonePower(tone, 1000));
    const auto noise = decodeG711(quiet.received, quiet.answer->payload_type);
    EXPECT_NEAR(levelDbov(noise), -60.0, 2.0);  // G.711 quantisation at this level

    // Events name the number dialled, not the range.
    const auto answered = findEvent("+15553000500", "answered");
    ASSERT_TRUE(answered.has_value());
    EXPECT_EQ((*answered)["number"], "+15553000500");
    EXPECT_EQ(events().front()["ranges"], 2);
    caller_->hangUp(talker);
    caller_->hangUp(quiet);
    ASSERT_TRUE(caller_->runUntil([&] { return talker.terminated && quiet.terminated; }, 5s));
}

}  // namespace
}  // namespace confab::pstnsim::test
