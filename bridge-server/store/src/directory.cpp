#include "confab/store/directory.h"

#include <algorithm>
#include <string>
#include <utility>

#include "confab/shared/phone_number.h"
#include "confab/shared/utf8.h"
#include "directory_rules.h"
#include "statement.h"

namespace confab::store {
namespace {

bool isKnownSource(std::string_view source) {
    return source == "csv" || source == "vcard" || source == "admin";
}

std::string inQuotes(std::string_view text) {
    return "\"" + std::string(text) + "\"";
}

// Checks a user and returns it with its JID lower-cased; throws StoreError
// naming `operation` for anything upsert() refuses.
DirectoryUser checkedUser(const DirectoryUser& user, const char* operation) {
    DirectoryUser checked = user;
    checked.jid = lowerAscii(user.jid);
    const std::string op(operation);
    if (const auto problem = bareJidProblem(checked.jid)) {
        throw StoreError(op + ": jid " + inQuotes(user.jid) + " " + *problem);
    }
    if (const auto problem = displayNameProblem(checked.display_name)) {
        throw StoreError(op + ": the display name of " + checked.jid + " " + *problem);
    }
    if (!isKnownSource(checked.source)) {
        throw StoreError(op + ": source " + inQuotes(checked.source) + " of " + checked.jid +
                         " is not one of csv, vcard, admin");
    }
    std::size_t preferred = 0;
    for (std::size_t i = 0; i < checked.numbers.size(); ++i) {
        const PhoneEntry& entry = checked.numbers[i];
        if (!isE164(entry.number)) {
            throw StoreError(op + ": number " + inQuotes(entry.number) + " of " + checked.jid +
                             " is not in E.164 form (+ and up to 15 digits)");
        }
        for (std::size_t j = 0; j < i; ++j) {
            if (checked.numbers[j].number == entry.number) {
                throw StoreError(op + ": number " + entry.number + " is listed twice for " +
                                 checked.jid);
            }
        }
        preferred += entry.preferred ? 1 : 0;
    }
    if (!checked.numbers.empty() && preferred != 1) {
        throw StoreError(op + ": " + checked.jid + " has " + std::to_string(preferred) +
                         " preferred numbers; exactly one is required");
    }
    return checked;
}

// Leaves exactly one preferred number: the first flagged one, else the first
// Work number, else the first number.
void settlePreferred(std::vector<PhoneEntry>& numbers) {
    if (numbers.empty()) {
        return;
    }
    auto chosen = std::find_if(numbers.begin(), numbers.end(),
                               [](const PhoneEntry& entry) { return entry.preferred; });
    if (chosen == numbers.end()) {
        chosen = std::find_if(numbers.begin(), numbers.end(), [](const PhoneEntry& entry) {
            return entry.kind == NumberKind::Work;
        });
    }
    if (chosen == numbers.end()) {
        chosen = numbers.begin();
    }
    for (auto it = numbers.begin(); it != numbers.end(); ++it) {
        it->preferred = (it == chosen);
    }
}

bool hasNumber(const std::vector<PhoneEntry>& numbers, const std::string& number) {
    return std::any_of(numbers.begin(), numbers.end(),
                       [&number](const PhoneEntry& entry) { return entry.number == number; });
}

NumberKind kindFromColumn(const std::string& text) {
    const auto kind = parseNumberKind(text);
    if (!kind) {
        throw StoreError("Directory: the database holds the unknown number kind " + inQuotes(text));
    }
    return *kind;
}

}  // namespace

std::string_view toString(NumberKind kind) {
    switch (kind) {
        case NumberKind::Work:
            return "work";
        case NumberKind::Mobile:
            return "mobile";
        case NumberKind::Other:
            return "other";
    }
    return "other";
}

std::optional<NumberKind> parseNumberKind(std::string_view text) {
    const std::string lower = lowerAscii(text);
    if (lower == "work") {
        return NumberKind::Work;
    }
    if (lower == "mobile") {
        return NumberKind::Mobile;
    }
    if (lower == "other") {
        return NumberKind::Other;
    }
    return std::nullopt;
}

const PhoneEntry* DirectoryUser::preferredNumber() const {
    for (const PhoneEntry& entry : numbers) {
        if (entry.preferred) {
            return &entry;
        }
    }
    return nullptr;
}

Directory::Directory(Database& db) : db_(db) {}

void Directory::upsert(const DirectoryUser& user) {
    const DirectoryUser checked = checkedUser(user, "Directory::upsert");
    db_.transaction([&] { write(checked); });
}

void Directory::write(const DirectoryUser& user) {
    const std::string key = nameSearchKey(user.display_name);
    Statement(db_,
              "INSERT INTO users (jid, local_part, display_name, name_key, source) "
              "VALUES (?1, ?2, ?3, ?4, ?5) "
              "ON CONFLICT (jid) DO UPDATE SET local_part = excluded.local_part, "
              "display_name = excluded.display_name, name_key = excluded.name_key, "
              "source = excluded.source",
              "Directory: writing a user")
        .bind(1, user.jid)
        .bind(2, localPartOf(user.jid))
        .bind(3, user.display_name)
        .bind(4, key)
        .bind(5, user.source)
        .run();
    Statement(db_, "DELETE FROM numbers WHERE jid = ?1", "Directory: replacing numbers")
        .bind(1, user.jid)
        .run();
    std::int64_t position = 0;
    for (const PhoneEntry& entry : user.numbers) {
        Statement(db_,
                  "INSERT INTO numbers (jid, number, kind, preferred, position) "
                  "VALUES (?1, ?2, ?3, ?4, ?5)",
                  "Directory: writing a number")
            .bind(1, user.jid)
            .bind(2, entry.number)
            .bind(3, toString(entry.kind))
            .bind(4, std::int64_t{entry.preferred ? 1 : 0})
            .bind(5, position++)
            .run();
    }
    Statement(db_, "DELETE FROM name_words WHERE jid = ?1", "Directory: replacing name words")
        .bind(1, user.jid)
        .run();
    for (const std::string& word : nameWords(key)) {
        Statement(db_, "INSERT OR IGNORE INTO name_words (jid, word) VALUES (?1, ?2)",
                  "Directory: writing a name word")
            .bind(1, user.jid)
            .bind(2, word)
            .run();
    }
}

bool Directory::remove(const std::string& jid) {
    Statement(db_, "DELETE FROM users WHERE jid = ?1", "Directory::remove")
        .bind(1, lowerAscii(jid))
        .run();
    return changedRows(db_) > 0;
}

std::optional<DirectoryUser> Directory::load(const std::string& jid) const {
    DirectoryUser user;
    {
        Statement select(db_, "SELECT jid, display_name, source FROM users WHERE jid = ?1",
                         "Directory: reading a user");
        select.bind(1, jid);
        if (!select.step()) {
            return std::nullopt;
        }
        user.jid = select.text(0);
        user.display_name = select.text(1);
        user.source = select.text(2);
    }
    Statement numbers(db_,
                      "SELECT number, kind, preferred FROM numbers WHERE jid = ?1 "
                      "ORDER BY position",
                      "Directory: reading numbers");
    numbers.bind(1, jid);
    while (numbers.step()) {
        user.numbers.push_back(
            PhoneEntry{numbers.text(0), kindFromColumn(numbers.text(1)), numbers.int64(2) != 0});
    }
    return user;
}

std::vector<DirectoryUser> Directory::loadAll(const std::vector<std::string>& jids) const {
    std::vector<DirectoryUser> users;
    users.reserve(jids.size());
    for (const std::string& jid : jids) {
        if (auto user = load(jid)) {
            users.push_back(std::move(*user));
        }
    }
    return users;
}

std::optional<DirectoryUser> Directory::findByJid(const std::string& bare_jid) const {
    return load(lowerAscii(bare_jid));
}

std::optional<DirectoryUser> Directory::findByNumber(const std::string& e164) const {
    std::string jid;
    {
        Statement select(db_,
                         "SELECT jid FROM numbers WHERE number = ?1 "
                         "ORDER BY preferred DESC, jid LIMIT 1",
                         "Directory::findByNumber");
        select.bind(1, e164);
        if (!select.step()) {
            return std::nullopt;
        }
        jid = select.text(0);
    }
    return load(jid);
}

std::vector<DirectoryUser> Directory::findByName(const std::string& name) const {
    const std::string key = nameSearchKey(name);
    if (key.empty() || !isValidUtf8(name)) {
        return {};
    }
    const auto limit = static_cast<std::int64_t>(kMaxNameMatches);
    auto jidsOf = [](Statement& select) {
        std::vector<std::string> jids;
        while (select.step()) {
            jids.push_back(select.text(0));
        }
        return jids;
    };

    // Tier 1: the JID's local part, or the whole bare JID.
    {
        std::string lowered = lowerAscii(name);
        const auto first = lowered.find_first_not_of(" \t");
        const auto last = lowered.find_last_not_of(" \t");
        lowered =
            first == std::string::npos ? std::string{} : lowered.substr(first, last - first + 1);
        Statement select(db_,
                         "SELECT jid FROM users WHERE local_part = ?1 OR jid = ?1 "
                         "ORDER BY name_key, display_name, jid LIMIT ?2",
                         "Directory::findByName: JID tier");
        select.bind(1, lowered).bind(2, limit);
        if (auto jids = jidsOf(select); !jids.empty()) {
            return loadAll(jids);
        }
    }
    // Tier 2: the whole display name.
    {
        Statement select(db_,
                         "SELECT jid FROM users WHERE name_key = ?1 "
                         "ORDER BY display_name, jid LIMIT ?2",
                         "Directory::findByName: display name tier");
        select.bind(1, key).bind(2, limit);
        if (auto jids = jidsOf(select); !jids.empty()) {
            return loadAll(jids);
        }
    }
    // Tier 3: a prefix of the display name or of one of its words. Both are
    // range scans on an index: key <= x < key with its last byte bumped.
    Statement select(db_,
                     "SELECT jid FROM users WHERE jid IN ("
                     "  SELECT jid FROM users WHERE name_key >= ?1 AND name_key < ?2"
                     "  UNION SELECT jid FROM name_words WHERE word >= ?1 AND word < ?2) "
                     "ORDER BY name_key, display_name, jid LIMIT ?3",
                     "Directory::findByName: prefix tier");
    select.bind(1, key).bind(2, prefixUpperBound(key)).bind(3, limit);
    return loadAll(jidsOf(select));
}

std::vector<DirectoryUser> Directory::all() const {
    std::vector<DirectoryUser> users;
    Statement select(db_,
                     "SELECT u.jid, u.display_name, u.source, n.number, n.kind, n.preferred "
                     "FROM users u LEFT JOIN numbers n ON n.jid = u.jid "
                     "ORDER BY u.jid, n.position",
                     "Directory::all");
    while (select.step()) {
        std::string jid = select.text(0);
        if (users.empty() || users.back().jid != jid) {
            users.push_back(DirectoryUser{std::move(jid), select.text(1), {}, select.text(2)});
        }
        if (select.optionalInt64(5)) {  // NULL when the user has no number
            users.back().numbers.push_back(
                PhoneEntry{select.text(3), kindFromColumn(select.text(4)), select.int64(5) != 0});
        }
    }
    return users;
}

std::size_t Directory::size() const {
    Statement select(db_, "SELECT count(*) FROM users", "Directory::size");
    select.step();
    return static_cast<std::size_t>(select.int64(0));
}

void Directory::mergeVcard(const std::string& jid, const std::string& display_name,
                           const std::vector<PhoneEntry>& numbers) {
    const char* operation = "Directory::mergeVcard";
    const std::string key = lowerAscii(jid);
    if (const auto problem = bareJidProblem(key)) {
        throw StoreError(std::string(operation) + ": jid " + inQuotes(jid) + " " + *problem);
    }
    std::vector<PhoneEntry> published;
    for (const PhoneEntry& entry : numbers) {
        if (!isE164(entry.number)) {
            throw StoreError(std::string(operation) + ": number " + inQuotes(entry.number) +
                             " of " + key + " is not in E.164 form (+ and up to 15 digits)");
        }
        if (!hasNumber(published, entry.number)) {
            published.push_back(entry);
        }
    }

    db_.transaction([&] {
        std::optional<DirectoryUser> existing = load(key);
        DirectoryUser merged;
        if (!existing) {
            merged = DirectoryUser{key, display_name.empty() ? localPartOf(key) : display_name,
                                   published, "vcard"};
        } else if (existing->source == "vcard") {
            merged = std::move(*existing);
            if (!display_name.empty()) {
                merged.display_name = display_name;
            }
            merged.numbers = published;
        } else {
            // The administrator's data wins: only numbers not yet present are
            // added, and they do not take over an existing preference.
            merged = std::move(*existing);
            const bool had_preferred = merged.preferredNumber() != nullptr;
            for (PhoneEntry entry : published) {
                if (!hasNumber(merged.numbers, entry.number)) {
                    entry.preferred = entry.preferred && !had_preferred;
                    merged.numbers.push_back(std::move(entry));
                }
            }
        }
        settlePreferred(merged.numbers);
        write(checkedUser(merged, operation));
    });
}

}  // namespace confab::store
