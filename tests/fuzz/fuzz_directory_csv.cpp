// Fuzz target: importDirectoryCsv on arbitrary bytes, into a fresh in-memory
// database. The import is all or nothing: either it commits and the directory
// holds exactly the users it reports, or it reports why not and the directory
// is still empty. The line checker and Directory::upsert() must agree, so a
// StoreError (which the header reserves for a failing database) is a bug too.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>

#include "confab/shared/utf8.h"
#include "confab/store/database.h"
#include "confab/store/directory.h"
#include "confab/store/directory_csv.h"
#include "fuzz_check.h"

namespace {

// The importer logs one line per refused file; at fuzzing speed that is noise.
const bool kQuiet = [] {
    spdlog::set_level(spdlog::level::off);
    return true;
}();

// Lines that are not blank (spaces and tabs only) after LF/CRLF splitting and
// the BOM: in a committed file, the header plus one user each.
std::size_t nonBlankLines(std::string_view text) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    std::size_t count = 0;
    while (!text.empty()) {
        const std::size_t end = std::min(text.find('\n'), text.size());
        std::string_view line = text.substr(0, end);
        if (line.ends_with('\r')) line.remove_suffix(1);
        if (line.find_first_not_of(" \t") != std::string_view::npos) ++count;
        text.remove_prefix(std::min(end + 1, text.size()));
    }
    return count;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    (void)kQuiet;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::istringstream csv{std::string(text)};
    confab::store::Database db = confab::store::Database::openInMemory();
    confab::store::Directory directory(db);

    confab::store::ImportReport report;
    try {
        report = confab::store::importDirectoryCsv(directory, db, csv, "US");
    } catch (const confab::store::StoreError& error) {
        // An in-memory database does not fail: the checker let through a user
        // that upsert() refuses. Still all or nothing?
        FUZZ_CHECK(directory.size() == 0);
        std::fprintf(stderr, "importDirectoryCsv threw StoreError in memory: %s\n", error.what());
        std::abort();
    }

    if (report.committed) {
        FUZZ_CHECK(report.errors.empty());
        FUZZ_CHECK(report.imported == directory.size());
        // No line was skipped silently.
        FUZZ_CHECK(report.imported + 1 == nonBlankLines(text));
        for (const confab::store::DirectoryUser& user : directory.all()) {
            FUZZ_CHECK(user.source == "csv");
            FUZZ_CHECK(!user.display_name.empty());
            FUZZ_CHECK(confab::isValidUtf8(user.display_name));
            std::size_t preferred = 0;
            for (const auto& number : user.numbers) preferred += number.preferred ? 1 : 0;
            FUZZ_CHECK(user.numbers.empty() ? preferred == 0 : preferred == 1);
        }
    } else {
        FUZZ_CHECK(report.imported == 0);
        FUZZ_CHECK(!report.errors.empty());
        FUZZ_CHECK(directory.size() == 0);
        // The report goes back to an administrator, maybe over XMPP.
        for (const auto& error : report.errors) {
            FUZZ_CHECK(error.line >= 1);
            FUZZ_CHECK(!error.message.empty());
            FUZZ_CHECK(confab::isValidUtf8(error.message));
        }
    }
    return 0;
}
