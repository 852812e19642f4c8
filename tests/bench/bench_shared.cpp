// Microbenchmarks for confab-shared: the per-message cost of reading a slash
// command and of normalizing a number. Both run on the control thread for
// every command a user sends, so they bound how many commands per second one
// bridge can answer.
#include <benchmark/benchmark.h>

#include "confab/shared/phone_number.h"
#include "confab/shared/slash_command.h"

namespace {

void BM_ParseSlashCommandTypical(benchmark::State& state) {
    const std::string input = R"(/call bob "Carol Smith" +1 555 123 4567)";
    for (auto _ : state) {
        benchmark::DoNotOptimize(confab::parseSlashCommand(input));
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * input.size()));
}
BENCHMARK(BM_ParseSlashCommandTypical);

void BM_ParseSlashCommandUnknownWithSuggestion(benchmark::State& state) {
    const std::string input = "/hnagup bob";
    for (auto _ : state) {
        benchmark::DoNotOptimize(confab::parseSlashCommand(input));
    }
}
BENCHMARK(BM_ParseSlashCommandUnknownWithSuggestion);

void BM_ParseSlashCommandLongest(benchmark::State& state) {
    std::string input = "/invite";
    while (input.size() + 8 < confab::kMaxSlashCommandBytes) {
        input += " \"Zoë K\"";
    }
    for (auto _ : state) {
        benchmark::DoNotOptimize(confab::parseSlashCommand(input));
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * input.size()));
}
BENCHMARK(BM_ParseSlashCommandLongest);

void BM_NormalizeToE164International(benchmark::State& state) {
    confab::preloadPhoneNumberMetadata();
    for (auto _ : state) {
        benchmark::DoNotOptimize(confab::normalizeToE164("+1 555 123 4567", "US"));
    }
}
BENCHMARK(BM_NormalizeToE164International);

void BM_NormalizeToE164NationalValid(benchmark::State& state) {
    confab::preloadPhoneNumberMetadata();
    for (auto _ : state) {
        benchmark::DoNotOptimize(
            confab::normalizeToE164("020 7946 0958", "GB", confab::NumberCheck::Valid));
    }
}
BENCHMARK(BM_NormalizeToE164NationalValid);

void BM_IsDialSafe(benchmark::State& state) {
    for (auto _ : state) {
        benchmark::DoNotOptimize(confab::isDialSafe("+15551234567"));
    }
}
BENCHMARK(BM_IsDialSafe);

}  // namespace
