#include "confab/store/directory_csv.h"

#include <spdlog/spdlog.h>

#include <array>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "confab/shared/phone_number.h"
#include "confab/shared/utf8.h"
#include "directory_rules.h"

namespace confab::store {
namespace {

constexpr std::size_t kFieldCount = 5;
constexpr std::array<std::string_view, kFieldCount> kHeader = {"jid", "display_name", "work",
                                                               "mobile", "preferred"};
constexpr std::string_view kHeaderText = "jid,display_name,work,mobile,preferred";
constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Reads one physical line without its '\n'. Keeps at most a few bytes more
// than the limit, so a huge line costs no memory; `too_long` tells.
bool readLine(std::istream& in, std::string& line, bool& too_long) {
    using Traits = std::istream::traits_type;
    line.clear();
    too_long = false;
    std::streambuf* buffer = in.rdbuf();
    if (buffer == nullptr) {
        return false;
    }
    bool any = false;
    for (;;) {
        const Traits::int_type c = buffer->sbumpc();
        if (Traits::eq_int_type(c, Traits::eof())) {
            in.setstate(std::ios::eofbit);
            return any;
        }
        any = true;
        if (Traits::to_char_type(c) == '\n') {
            return true;
        }
        if (line.size() <= kCsvMaxLineBytes) {  // one spare byte for a '\r'
            line.push_back(Traits::to_char_type(c));
        } else {
            too_long = true;
        }
    }
}

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return text;
}

bool isBlank(std::string_view line) {
    return trimmed(line).empty();
}

std::string fieldName(std::size_t index) {
    if (index < kFieldCount) {
        return "field " + std::to_string(index + 1) + " (" + std::string(kHeader[index]) + ")";
    }
    return "field " + std::to_string(index + 1);
}

// Splits one line into fields (RFC 4180, one line per record). Returns the
// problem as a sentence, or an empty string.
std::string splitFields(std::string_view line, std::vector<std::string>& fields) {
    fields.clear();
    std::size_t pos = 0;
    for (;;) {
        const std::size_t index = fields.size();
        std::size_t start = pos;
        while (start < line.size() && (line[start] == ' ' || line[start] == '\t')) {
            ++start;
        }
        if (start < line.size() && line[start] == '"') {
            std::string value;
            std::size_t i = start + 1;
            bool closed = false;
            while (i < line.size()) {
                if (line[i] == '"') {
                    if (i + 1 < line.size() && line[i + 1] == '"') {
                        value += '"';
                        i += 2;
                        continue;
                    }
                    closed = true;
                    ++i;
                    break;
                }
                value += line[i++];
            }
            if (!closed) {
                return "Unbalanced quote: the quoted " + fieldName(index) + " starting at byte " +
                       std::to_string(start + 1) + " is not closed on this line.";
            }
            while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) {
                ++i;
            }
            if (i < line.size() && line[i] != ',') {
                return "Text follows the closing quote of " + fieldName(index) + " at byte " +
                       std::to_string(i + 1) + ".";
            }
            fields.push_back(std::move(value));
            if (i >= line.size()) {
                return {};
            }
            pos = i + 1;
            continue;
        }
        std::size_t end = line.find(',', pos);
        if (end == std::string_view::npos) {
            end = line.size();
        }
        const std::string_view raw = line.substr(pos, end - pos);
        if (const auto quote = raw.find('"'); quote != std::string_view::npos) {
            return "Unbalanced quote: " + fieldName(index) + " has a quote at byte " +
                   std::to_string(pos + quote + 1) +
                   " inside unquoted text; quote the whole field and double the quote.";
        }
        fields.emplace_back(trimmed(raw));
        if (end >= line.size()) {
            return {};
        }
        pos = end + 1;
    }
}

struct LineChecker {
    const std::string& region;
    std::unordered_map<std::string, std::size_t> first_line_of_jid;
    std::vector<ImportLineError>& errors;

    void error(std::size_t line, std::string message) {
        errors.push_back(ImportLineError{line, std::move(message)});
    }

    // Normalises one number field; empty result when empty or bad.
    std::string number(std::size_t line, std::string_view kind, const std::string& text) {
        if (text.empty()) {
            return {};
        }
        const E164Result result = normalizeToE164(text, region);
        if (!result.ok()) {
            std::string message =
                "The " + std::string(kind) + " number \"" + text + "\" " + result.reason;
            if (!message.ends_with('.')) {
                message += '.';
            }
            error(line, std::move(message));
            return {};
        }
        return result.e164;
    }

    // Returns the user on a good line; reports every problem of a bad one.
    std::optional<DirectoryUser> check(std::size_t line, const std::vector<std::string>& fields) {
        const std::size_t errors_before = errors.size();
        DirectoryUser user;
        user.source = "csv";
        user.jid = lowerAscii(fields[0]);
        if (user.jid.empty()) {
            error(line, "The jid is empty.");
        } else if (const auto problem = bareJidProblem(user.jid)) {
            error(line, "The jid \"" + fields[0] + "\" " + *problem + ".");
        } else if (const auto [it, inserted] = first_line_of_jid.emplace(user.jid, line);
                   !inserted) {
            error(line, "The jid " + user.jid + " appears again; it was first on line " +
                            std::to_string(it->second) + ".");
        }
        user.display_name = fields[1];
        if (const auto problem = displayNameProblem(user.display_name)) {
            error(line, "The display_name " + *problem + ".");
        }
        const std::string work = number(line, "work", fields[2]);
        const std::string mobile = number(line, "mobile", fields[3]);
        const std::string preferred = lowerAscii(fields[4]);
        bool prefer_mobile = false;
        if (preferred.empty()) {
            prefer_mobile = fields[2].empty() && !fields[3].empty();
        } else if (preferred == "work" || preferred == "mobile") {
            prefer_mobile = preferred == "mobile";
            if (fields[prefer_mobile ? 3 : 2].empty()) {
                error(line, "The preferred number is " + preferred + " but the " + preferred +
                                " number is empty.");
            }
        } else {
            error(line, "The preferred field must be \"work\", \"mobile\" or empty, not \"" +
                            fields[4] + "\".");
        }
        if (errors.size() != errors_before) {
            return std::nullopt;
        }
        if (!work.empty() && work == mobile) {
            // One number written in both columns: store it once.
            user.numbers.push_back(
                PhoneEntry{work, prefer_mobile ? NumberKind::Mobile : NumberKind::Work, true});
            return user;
        }
        if (!work.empty()) {
            user.numbers.push_back(PhoneEntry{work, NumberKind::Work, !prefer_mobile});
        }
        if (!mobile.empty()) {
            user.numbers.push_back(PhoneEntry{mobile, NumberKind::Mobile, prefer_mobile});
        }
        return user;
    }
};

}  // namespace

ImportReport importDirectoryCsv(Directory& directory, Database& db, std::istream& csv,
                                const std::string& default_region) {
    if (&directory.database() != &db) {
        throw StoreError("importDirectoryCsv: the directory uses a different database");
    }
    ImportReport report;
    LineChecker checker{default_region, {}, report.errors};
    std::vector<DirectoryUser> users;
    std::vector<std::string> fields;
    std::string line;
    std::size_t line_number = 0;
    bool seen_header = false;
    bool too_long = false;

    while (readLine(csv, line, too_long)) {
        ++line_number;
        if (line_number > kCsvMaxLines) {
            checker.error(line_number, "The file has more than " + std::to_string(kCsvMaxLines) +
                                           " lines; split it.");
            break;
        }
        if (line_number == 1 && line.starts_with(kBom)) {
            line.erase(0, kBom.size());
        }
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (too_long || line.size() > kCsvMaxLineBytes) {
            checker.error(line_number, "The line is longer than " +
                                           std::to_string(kCsvMaxLineBytes) + " bytes.");
            continue;
        }
        if (isBlank(line)) {
            continue;
        }
        if (const std::size_t bad = findInvalidUtf8(line); bad != std::string::npos) {
            checker.error(line_number, "Invalid UTF-8 at byte " + std::to_string(bad + 1) +
                                           "; the file must be UTF-8.");
            continue;
        }
        if (std::string problem = splitFields(line, fields); !problem.empty()) {
            checker.error(line_number, std::move(problem));
            continue;
        }
        if (!seen_header) {
            seen_header = true;
            bool header_ok = fields.size() == kFieldCount;
            for (std::size_t i = 0; header_ok && i < kFieldCount; ++i) {
                header_ok = lowerAscii(trimmed(fields[i])) == kHeader[i];
            }
            if (!header_ok) {
                checker.error(line_number, "The first line must be the header " +
                                               std::string(kHeaderText) + ".");
                break;  // without the header, no column means anything
            }
            continue;
        }
        if (fields.size() != kFieldCount) {
            checker.error(line_number, "Expected 5 fields (" + std::string(kHeaderText) +
                                           ") but found " + std::to_string(fields.size()) + ".");
            continue;
        }
        if (auto user = checker.check(line_number, fields)) {
            users.push_back(std::move(*user));
        }
    }
    if (!seen_header && report.errors.empty()) {
        checker.error(line_number == 0 ? 1 : line_number,
                      "The file is empty; the first line must be the header " +
                          std::string(kHeaderText) + ".");
    }

    if (!report.errors.empty()) {
        spdlog::warn(
            "store: directory CSV refused, nothing imported: {} bad line(s), first: "
            "line {}: {}",
            report.errors.size(), report.errors.front().line, report.errors.front().message);
        return report;
    }
    db.transaction([&] {
        for (const DirectoryUser& user : users) {
            directory.upsert(user);
        }
    });
    report.imported = users.size();
    report.committed = true;
    spdlog::info("store: imported {} directory user(s) from CSV", report.imported);
    return report;
}

}  // namespace confab::store
