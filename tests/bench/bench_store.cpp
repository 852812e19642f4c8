// The database work the control thread does per call, on a real file in WAL
// mode (the bridge's settings): one call detail record's life (created,
// answered, ended) plus the audit line of its dial, and the crash recovery
// of a database left with 100 live conferences of 10 legs each.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include "confab/store/conference_log.h"
#include "confab/store/database.h"

namespace {

namespace fs = std::filesystem;

fs::path scratchFile(const char* name) {
    const fs::path dir = fs::temp_directory_path() / ("confab-bench-store-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path file = dir / name;
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(file.string() + suffix);
    return file;
}

void BM_StoreCallRecordLifecycle(benchmark::State& state) {
    const fs::path file = scratchFile("lifecycle.sqlite");
    {
        auto db = confab::store::Database::open(file);
        confab::store::ConferenceLog log(db);
        const auto conference = log.conferenceStarted("alice@example.com", "conf-1@conference.example.com", 1);
        std::int64_t now = 1000;
        for (auto _ : state) {
            log.audit("alice@example.com", "dial", "+15551230001", true, "", now);
            const auto leg = log.legCreated(conference, "alice@example.com", "+15551230001", "Bob Baker", now);
            log.legAnswered(leg, now + 1000);
            log.legEnded(leg, now + 60000, "hung up", 0);
            now += 1;
        }
        state.SetItemsProcessed(state.iterations());
    }
    fs::remove_all(file.parent_path());
}
BENCHMARK(BM_StoreCallRecordLifecycle)->Unit(benchmark::kMicrosecond);

void BM_StoreCrashRecovery100x10(benchmark::State& state) {
    const fs::path file = scratchFile("recovery.sqlite");
    for (auto _ : state) {
        state.PauseTiming();
        {
            auto db = confab::store::Database::open(file);
            confab::store::ConferenceLog log(db);
            db.transaction([&] {
                for (int c = 0; c < 100; ++c) {
                    const auto conference = log.conferenceStarted("owner@example.com", "room@conference.example.com", 1);
                    for (int l = 0; l < 10; ++l) {
                        log.legCreated(conference, "owner@example.com", "+1555123" + std::to_string(1000 + l), "", 2);
                    }
                }
            });
        }
        auto db = confab::store::Database::open(file);
        confab::store::ConferenceLog log(db);
        spdlog::set_level(spdlog::level::err);  // the recovery's own warning line
        state.ResumeTiming();
        const auto recovered = log.recoverAfterCrash(3, "bridge restarted");
        benchmark::DoNotOptimize(recovered);
        if (recovered.size() != 100) state.SkipWithError("expected 100 recovered conferences");
    }
    fs::remove_all(file.parent_path());
}
BENCHMARK(BM_StoreCrashRecovery100x10)->Unit(benchmark::kMillisecond)->Iterations(5);

}  // namespace
