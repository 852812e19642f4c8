// importDirectoryCsv: loads users into the Directory from a CSV file, all or
// nothing. Control thread only (it writes through the Database).
//
// Format (docs/directory.md has an example):
//   - The first non-blank line is the header, exactly
//         jid,display_name,work,mobile,preferred
//     (ASCII case-insensitive, spaces around names ignored).
//   - One user per line, 5 fields. RFC 4180 quoting: a field in double quotes
//     may hold commas ("Smith, Carol") and "" stands for one quote. A quoted
//     field ends on the same line: a quote that is not closed is an error.
//     Spaces around a quoted field are ignored; unquoted fields are trimmed.
//   - jid: a bare JID, lower-cased on import; twice in one file is an error.
//   - display_name: non-empty UTF-8 text without control characters.
//   - work, mobile: empty, or a phone number normalised with
//     normalizeToE164(text, default_region). Both empty = a chat-only user.
//     When both give the same number, it is stored once, with the kind that
//     `preferred` names (or work).
//   - preferred: "work", "mobile" or empty (= work if present, else mobile).
//     Naming an empty number is an error.
//   - UTF-8 only (invalid UTF-8 is an error), LF or CRLF line ends, a UTF-8
//     BOM is tolerated, blank lines are skipped.
//   - Limits: 100000 lines, 4096 bytes per line.
// Each imported user replaces any existing user with that JID (numbers
// included) with source "csv"; users not in the file are left alone.
#pragma once

#include <cstddef>
#include <istream>
#include <string>
#include <vector>

#include "confab/store/database.h"
#include "confab/store/directory.h"

namespace confab::store {

inline constexpr std::size_t kCsvMaxLines = 100000;
inline constexpr std::size_t kCsvMaxLineBytes = 4096;

struct ImportLineError {
    std::size_t line = 0;  // 1-based physical line
    std::string message;   // one precise sentence
};

struct ImportReport {
    std::size_t imported = 0;  // users written (0 unless committed)
    std::vector<ImportLineError> errors;
    bool committed = false;
};

// When ANY line is bad, nothing is written and every bad line is reported.
// Throws StoreError only when the database itself fails (then nothing is
// written either).
ImportReport importDirectoryCsv(Directory& directory, Database& db, std::istream& csv,
                                const std::string& default_region);

}  // namespace confab::store
