#include "confab/store/conference_log.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <limits>
#include <set>
#include <string>
#include <utility>

#include "statement.h"

namespace confab::store {
namespace {

constexpr const char* kConferenceColumns =
    "SELECT id, owner_jid, room_jid, started, ended, end_reason FROM conferences ";
constexpr const char* kLegColumns =
    "SELECT id, conference_id, requester_jid, number, display_name, started, answered, ended, "
    "end_reason, sip_code FROM legs ";

constexpr const char* kRecordingColumns =
    "SELECT id, conference_id, participant, path, format, started_ms, ended_ms, bytes "
    "FROM recordings ";

RecordingRecord recordingFrom(const Statement& row) {
    RecordingRecord recording;
    recording.id = row.int64(0);
    recording.conference_id = row.int64(1);
    // The columns' CHECKs keep both non-negative; participant was written
    // from a uint32_t.
    recording.participant = static_cast<std::uint32_t>(row.int64(2));
    recording.path = row.text(3);
    recording.format = row.text(4);
    recording.started = row.int64(5);
    recording.ended = row.int64(6);
    recording.bytes = static_cast<std::uint64_t>(std::max<std::int64_t>(0, row.int64(7)));
    return recording;
}

ConferenceRecord conferenceFrom(const Statement& row) {
    return ConferenceRecord{row.int64(0), row.text(1),          row.text(2),
                            row.int64(3), row.optionalInt64(4), row.text(5)};
}

LegRecord legFrom(const Statement& row) {
    LegRecord leg;
    leg.id = row.int64(0);
    leg.conference_id = row.int64(1);
    leg.requester_jid = row.text(2);
    leg.number = row.text(3);
    leg.display_name = row.text(4);
    leg.started = row.int64(5);
    leg.answered = row.optionalInt64(6);
    leg.ended = row.optionalInt64(7);
    leg.end_reason = row.text(8);
    leg.sip_code = static_cast<int>(row.int64(9));
    return leg;
}

std::int64_t sqlLimit(std::size_t limit) {
    constexpr auto kMax = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
    return static_cast<std::int64_t>(limit > kMax ? kMax : limit);
}

template <typename Record, typename Convert>
std::vector<Record> collect(Statement& select, Convert convert) {
    std::vector<Record> records;
    while (select.step()) {
        records.push_back(convert(select));
    }
    return records;
}

bool exists(Database& db, const char* sql, std::int64_t id, const char* operation) {
    Statement select(db, sql, operation);
    select.bind(1, id);
    return select.step();
}

// A LIKE pattern matching `text` anywhere, with the pattern characters the
// admin typed made literal (ESCAPE '\\' in the SQL below).
std::string containsPattern(const std::string& text) {
    std::string pattern = "%";
    for (const char c : text) {
        if (c == '%' || c == '_' || c == '\\') {
            pattern += '\\';
        }
        pattern += c;
    }
    pattern += '%';
    return pattern;
}

// Shared by the page query and the count query so they always agree. SQLite's
// LIKE is ASCII case-insensitive, which is what the user filter wants; for
// numbers (digits and '+') case does not matter.
constexpr const char* kLegSearchWhere =
    "FROM legs JOIN conferences ON conferences.id = legs.conference_id "
    "WHERE (?1 = 0 OR legs.requester_jid LIKE ?2 ESCAPE '\\' "
    "OR legs.display_name LIKE ?2 ESCAPE '\\' OR conferences.owner_jid LIKE ?2 ESCAPE '\\') "
    "AND (?3 = 0 OR legs.number LIKE ?4 ESCAPE '\\') "
    "AND (?5 IS NULL OR legs.started >= ?5) "
    "AND (?6 IS NULL OR legs.started < ?6) ";

void bindLegSearch(Statement& statement, const LegSearch& search) {
    statement.bind(1, std::int64_t{search.user.empty() ? 0 : 1})
        .bind(2, containsPattern(search.user))
        .bind(3, std::int64_t{search.number.empty() ? 0 : 1})
        .bind(4, containsPattern(search.number))
        .bind(5, search.from)
        .bind(6, search.to);
}

[[noreturn]] void throwUnknown(const char* operation, const char* what, std::int64_t id) {
    throw StoreError(std::string(operation) + ": no " + what + " with id " + std::to_string(id));
}

}  // namespace

std::int64_t LegRecord::durationMillis() const {
    if (!answered || !ended || *ended < *answered) {
        return 0;
    }
    return *ended - *answered;
}

ConferenceLog::ConferenceLog(Database& db) : db_(db) {}

std::int64_t ConferenceLog::conferenceStarted(const std::string& owner_jid,
                                              const std::string& room_jid, UnixMillis now) {
    Statement(db_, "INSERT INTO conferences (owner_jid, room_jid, started) VALUES (?1, ?2, ?3)",
              "ConferenceLog::conferenceStarted")
        .bind(1, owner_jid)
        .bind(2, room_jid)
        .bind(3, now)
        .run();
    return lastInsertId(db_);
}

void ConferenceLog::setRoom(std::int64_t conference_id, const std::string& room_jid) {
    const char* operation = "ConferenceLog::setRoom";
    Statement(db_, "UPDATE conferences SET room_jid = ?2 WHERE id = ?1", operation)
        .bind(1, conference_id)
        .bind(2, room_jid)
        .run();
    if (changedRows(db_) == 0) {
        throwUnknown(operation, "conference", conference_id);
    }
}

void ConferenceLog::conferenceEnded(std::int64_t conference_id, UnixMillis now,
                                    const std::string& reason) {
    const char* operation = "ConferenceLog::conferenceEnded";
    Statement(db_,
              "UPDATE conferences SET ended = ?2, end_reason = ?3 WHERE id = ?1 AND ended IS NULL",
              operation)
        .bind(1, conference_id)
        .bind(2, now)
        .bind(3, reason)
        .run();
    if (changedRows(db_) == 0 &&
        !exists(db_, "SELECT 1 FROM conferences WHERE id = ?1", conference_id, operation)) {
        throwUnknown(operation, "conference", conference_id);
    }
}

std::int64_t ConferenceLog::legCreated(std::int64_t conference_id, const std::string& requester_jid,
                                       const std::string& number, const std::string& display_name,
                                       UnixMillis now) {
    const char* operation = "ConferenceLog::legCreated";
    // Checked here for a clear message; the foreign key would refuse it too.
    if (!exists(db_, "SELECT 1 FROM conferences WHERE id = ?1", conference_id, operation)) {
        throwUnknown(operation, "conference", conference_id);
    }
    Statement(db_,
              "INSERT INTO legs (conference_id, requester_jid, number, display_name, started) "
              "VALUES (?1, ?2, ?3, ?4, ?5)",
              operation)
        .bind(1, conference_id)
        .bind(2, requester_jid)
        .bind(3, number)
        .bind(4, display_name)
        .bind(5, now)
        .run();
    return lastInsertId(db_);
}

void ConferenceLog::legAnswered(std::int64_t leg_id, UnixMillis now) {
    const char* operation = "ConferenceLog::legAnswered";
    Statement(db_,
              "UPDATE legs SET answered = ?2 WHERE id = ?1 AND answered IS NULL AND ended IS NULL",
              operation)
        .bind(1, leg_id)
        .bind(2, now)
        .run();
    if (changedRows(db_) == 0 &&
        !exists(db_, "SELECT 1 FROM legs WHERE id = ?1", leg_id, operation)) {
        throwUnknown(operation, "leg", leg_id);
    }
}

void ConferenceLog::legEnded(std::int64_t leg_id, UnixMillis now, const std::string& reason,
                             int sip_code) {
    const char* operation = "ConferenceLog::legEnded";
    Statement(db_,
              "UPDATE legs SET ended = ?2, end_reason = ?3, sip_code = ?4 "
              "WHERE id = ?1 AND ended IS NULL",
              operation)
        .bind(1, leg_id)
        .bind(2, now)
        .bind(3, reason)
        .bind(4, std::int64_t{sip_code})
        .run();
    if (changedRows(db_) == 0 &&
        !exists(db_, "SELECT 1 FROM legs WHERE id = ?1", leg_id, operation)) {
        throwUnknown(operation, "leg", leg_id);
    }
}

void ConferenceLog::event(std::int64_t conference_id, const std::string& kind,
                          const std::string& detail, UnixMillis now) {
    const char* operation = "ConferenceLog::event";
    if (!exists(db_, "SELECT 1 FROM conferences WHERE id = ?1", conference_id, operation)) {
        throwUnknown(operation, "conference", conference_id);
    }
    Statement(db_, "INSERT INTO events (conference_id, at, kind, detail) VALUES (?1, ?2, ?3, ?4)",
              operation)
        .bind(1, conference_id)
        .bind(2, now)
        .bind(3, kind)
        .bind(4, detail)
        .run();
}

void ConferenceLog::audit(const std::string& actor_jid, const std::string& action,
                          const std::string& detail, bool allowed, const std::string& reason,
                          UnixMillis now) {
    Statement(db_,
              "INSERT INTO audit (at, actor_jid, action, detail, allowed, reason) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
              "ConferenceLog::audit")
        .bind(1, now)
        .bind(2, actor_jid)
        .bind(3, action)
        .bind(4, detail)
        .bind(5, std::int64_t{allowed ? 1 : 0})
        .bind(6, reason)
        .run();
}

std::optional<ConferenceRecord> ConferenceLog::conference(std::int64_t id) const {
    Statement select(db_, (std::string(kConferenceColumns) + "WHERE id = ?1").c_str(),
                     "ConferenceLog::conference");
    select.bind(1, id);
    if (!select.step()) {
        return std::nullopt;
    }
    return conferenceFrom(select);
}

std::vector<ConferenceRecord> ConferenceLog::liveConferences() const {
    Statement select(db_,
                     (std::string(kConferenceColumns) + "WHERE ended IS NULL ORDER BY id").c_str(),
                     "ConferenceLog::liveConferences");
    return collect<ConferenceRecord>(select, conferenceFrom);
}

std::vector<ConferenceRecord> ConferenceLog::recentConferences(std::size_t limit) const {
    Statement select(
        db_, (std::string(kConferenceColumns) + "ORDER BY started DESC, id DESC LIMIT ?1").c_str(),
        "ConferenceLog::recentConferences");
    select.bind(1, sqlLimit(limit));
    return collect<ConferenceRecord>(select, conferenceFrom);
}

std::vector<LegRecord> ConferenceLog::legs(std::int64_t conference_id) const {
    Statement select(db_,
                     (std::string(kLegColumns) + "WHERE conference_id = ?1 ORDER BY id").c_str(),
                     "ConferenceLog::legs");
    select.bind(1, conference_id);
    return collect<LegRecord>(select, legFrom);
}

std::optional<LegRecord> ConferenceLog::leg(std::int64_t leg_id) const {
    Statement select(db_, (std::string(kLegColumns) + "WHERE id = ?1").c_str(),
                     "ConferenceLog::leg");
    select.bind(1, leg_id);
    if (!select.step()) {
        return std::nullopt;
    }
    return legFrom(select);
}

std::vector<LegRecord> ConferenceLog::recentLegs(std::size_t limit) const {
    Statement select(db_,
                     (std::string(kLegColumns) + "ORDER BY started DESC, id DESC LIMIT ?1").c_str(),
                     "ConferenceLog::recentLegs");
    select.bind(1, sqlLimit(limit));
    return collect<LegRecord>(select, legFrom);
}

std::vector<AuditRecord> ConferenceLog::recentAudit(std::size_t limit) const {
    Statement select(db_,
                     "SELECT id, at, actor_jid, action, detail, allowed, reason FROM audit "
                     "ORDER BY at DESC, id DESC LIMIT ?1",
                     "ConferenceLog::recentAudit");
    select.bind(1, sqlLimit(limit));
    return collect<AuditRecord>(select, [](const Statement& row) {
        return AuditRecord{row.int64(0), row.int64(1),      row.text(2), row.text(3),
                           row.text(4),  row.int64(5) != 0, row.text(6)};
    });
}

std::vector<EventRecord> ConferenceLog::events(std::int64_t conference_id) const {
    Statement select(db_,
                     "SELECT id, conference_id, at, kind, detail FROM events "
                     "WHERE conference_id = ?1 ORDER BY at, id",
                     "ConferenceLog::events");
    select.bind(1, conference_id);
    return collect<EventRecord>(select, [](const Statement& row) {
        return EventRecord{row.int64(0), row.int64(1), row.int64(2), row.text(3), row.text(4)};
    });
}

std::int64_t ConferenceLog::recordingAdded(const RecordingRecord& recording) {
    const char* operation = "ConferenceLog::recordingAdded";
    if (recording.path.empty()) {
        throw StoreError(std::string(operation) + ": the recording has no path");
    }
    if (recording.format != "wav" && recording.format != "ogg-opus") {
        throw StoreError(std::string(operation) + ": unknown recording format \"" +
                         recording.format.substr(0, 32) + "\" (expected wav or ogg-opus)");
    }
    if (recording.bytes > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        throw StoreError(std::string(operation) + ": the recording's size is out of range");
    }
    std::int64_t id = 0;
    db_.transaction([&] {
        if (!exists(db_, "SELECT 1 FROM conferences WHERE id = ?1", recording.conference_id,
                    operation)) {
            throwUnknown(operation, "conference", recording.conference_id);
        }
        Statement(db_,
                  "INSERT INTO recordings (conference_id, participant, path, format, started_ms, "
                  "ended_ms, bytes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                  operation)
            .bind(1, recording.conference_id)
            .bind(2, std::int64_t{recording.participant})
            .bind(3, recording.path)
            .bind(4, recording.format)
            .bind(5, recording.started)
            .bind(6, recording.ended)
            .bind(7, static_cast<std::int64_t>(recording.bytes))
            .run();
        id = lastInsertId(db_);
        // The timeline shows the file among the conference's events.
        event(recording.conference_id, "recording",
              std::filesystem::path(recording.path).filename().string(),
              recording.ended != 0 ? recording.ended : recording.started);
    });
    return id;
}

std::vector<RecordingRecord> ConferenceLog::recordings(std::int64_t conference_id) const {
    Statement select(
        db_,
        (std::string(kRecordingColumns) + "WHERE conference_id = ?1 ORDER BY started_ms, id").c_str(),
        "ConferenceLog::recordings");
    select.bind(1, conference_id);
    return collect<RecordingRecord>(select, recordingFrom);
}

std::optional<RecordingRecord> ConferenceLog::recording(std::int64_t id) const {
    Statement select(db_, (std::string(kRecordingColumns) + "WHERE id = ?1").c_str(),
                     "ConferenceLog::recording");
    select.bind(1, id);
    if (!select.step()) {
        return std::nullopt;
    }
    return recordingFrom(select);
}

std::map<std::int64_t, std::vector<RecordingRecord>> ConferenceLog::recordingsOf(
    const std::vector<std::int64_t>& conference_ids) const {
    std::map<std::int64_t, std::vector<RecordingRecord>> found;
    // One indexed query per distinct conference: a history page names at
    // most a few dozen, and the statement is prepared once.
    for (const std::int64_t id : std::set<std::int64_t>(conference_ids.begin(), conference_ids.end())) {
        std::vector<RecordingRecord> list = recordings(id);
        if (!list.empty()) {
            found.emplace(id, std::move(list));
        }
    }
    return found;
}

LegSearchPage ConferenceLog::searchLegs(const LegSearch& search) const {
    if (search.user.size() > LegSearch::kMaxTextLength ||
        search.number.size() > LegSearch::kMaxTextLength) {
        throw StoreError("ConferenceLog::searchLegs: a search text is longer than " +
                         std::to_string(LegSearch::kMaxTextLength) + " bytes");
    }
    LegSearchPage page;
    {
        Statement count(db_, (std::string("SELECT COUNT(*) ") + kLegSearchWhere).c_str(),
                        "ConferenceLog::searchLegs: count");
        bindLegSearch(count, search);
        if (count.step()) {
            page.total = static_cast<std::size_t>(count.int64(0));
        }
    }
    Statement select(db_,
                     (std::string("SELECT legs.id, legs.conference_id, legs.requester_jid, "
                                   "legs.number, legs.display_name, legs.started, legs.answered, "
                                   "legs.ended, legs.end_reason, legs.sip_code ") +
                      kLegSearchWhere + "ORDER BY legs.started DESC, legs.id DESC LIMIT ?7 OFFSET ?8")
                         .c_str(),
                     "ConferenceLog::searchLegs");
    bindLegSearch(select, search);
    select.bind(7, sqlLimit(std::min(search.limit, LegSearch::kMaxLimit)));
    select.bind(8, sqlLimit(search.offset));
    page.legs = collect<LegRecord>(select, legFrom);
    return page;
}

std::vector<ConferenceLog::Recovered> ConferenceLog::recoverAfterCrash(UnixMillis now,
                                                                       const std::string& reason) {
    const char* operation = "ConferenceLog::recoverAfterCrash";
    std::vector<Recovered> recovered;
    std::int64_t stray_legs = 0;
    db_.transaction([&] {
        recovered.clear();
        for (ConferenceRecord& conference : liveConferences()) {
            std::vector<LegRecord> open_legs;
            for (LegRecord& leg : legs(conference.id)) {
                if (!leg.ended) {
                    open_legs.push_back(std::move(leg));
                }
            }
            recovered.push_back(Recovered{std::move(conference), std::move(open_legs)});
        }
        for (const Recovered& entry : recovered) {
            Statement(db_,
                      "UPDATE legs SET ended = ?2, end_reason = ?3, sip_code = 0 "
                      "WHERE conference_id = ?1 AND ended IS NULL",
                      operation)
                .bind(1, entry.conference.id)
                .bind(2, now)
                .bind(3, reason)
                .run();
            Statement(db_,
                      "UPDATE conferences SET ended = ?2, end_reason = ?3 "
                      "WHERE id = ?1 AND ended IS NULL",
                      operation)
                .bind(1, entry.conference.id)
                .bind(2, now)
                .bind(3, reason)
                .run();
            event(entry.conference.id, "recovered",
                  "closed after a restart with " + std::to_string(entry.open_legs.size()) +
                      " open leg(s): " + reason,
                  now);
        }
        // Legs left open in conferences that had already ended.
        Statement(db_,
                  "UPDATE legs SET ended = ?1, end_reason = ?2, sip_code = 0 WHERE ended IS NULL",
                  operation)
            .bind(1, now)
            .bind(2, reason)
            .run();
        stray_legs = changedRows(db_);
    });
    if (!recovered.empty() || stray_legs > 0) {
        spdlog::warn("store: crash recovery closed {} conference(s) and {} stray leg(s): {}",
                     recovered.size(), stray_legs, reason);
    }
    return recovered;
}

}  // namespace confab::store
