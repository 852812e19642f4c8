#include "schema.h"

#include <spdlog/spdlog.h>

#include <array>
#include <string>

#include "confab/store/database.h"

namespace confab::store {
namespace {

// Version 1: the directory, conferences, legs (CDRs), events and audit log.
// users.local_part, users.name_key and name_words are search keys derived
// from jid and display_name by Directory (see directory_rules.h).
constexpr const char* kVersion1 = R"sql(
CREATE TABLE users (
    jid          TEXT PRIMARY KEY NOT NULL,
    local_part   TEXT NOT NULL,
    display_name TEXT NOT NULL,
    name_key     TEXT NOT NULL,
    source       TEXT NOT NULL CHECK (source IN ('csv', 'vcard', 'admin'))
);
CREATE INDEX users_by_local_part ON users(local_part);
CREATE INDEX users_by_name_key ON users(name_key);

CREATE TABLE numbers (
    jid       TEXT NOT NULL REFERENCES users(jid) ON DELETE CASCADE,
    number    TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('work', 'mobile', 'other')),
    preferred INTEGER NOT NULL DEFAULT 0 CHECK (preferred IN (0, 1)),
    position  INTEGER NOT NULL,
    PRIMARY KEY (jid, number)
);
CREATE INDEX numbers_by_number ON numbers(number);
CREATE UNIQUE INDEX numbers_one_preferred ON numbers(jid) WHERE preferred = 1;

CREATE TABLE name_words (
    jid  TEXT NOT NULL REFERENCES users(jid) ON DELETE CASCADE,
    word TEXT NOT NULL,
    PRIMARY KEY (jid, word)
);
CREATE INDEX name_words_by_word ON name_words(word);

CREATE TABLE conferences (
    id         INTEGER PRIMARY KEY,
    owner_jid  TEXT NOT NULL,
    room_jid   TEXT NOT NULL DEFAULT '',
    started    INTEGER NOT NULL,
    ended      INTEGER,
    end_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX conferences_by_ended ON conferences(ended);

CREATE TABLE legs (
    id            INTEGER PRIMARY KEY,
    conference_id INTEGER NOT NULL REFERENCES conferences(id),
    requester_jid TEXT NOT NULL,
    number        TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    started       INTEGER NOT NULL,
    answered      INTEGER,
    ended         INTEGER,
    end_reason    TEXT NOT NULL DEFAULT '',
    sip_code      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX legs_by_conference ON legs(conference_id);
CREATE INDEX legs_by_ended ON legs(ended);

CREATE TABLE events (
    id            INTEGER PRIMARY KEY,
    conference_id INTEGER NOT NULL REFERENCES conferences(id),
    at            INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    detail        TEXT NOT NULL
);
CREATE INDEX events_by_conference ON events(conference_id);

CREATE TABLE audit (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    actor_jid TEXT NOT NULL,
    action    TEXT NOT NULL,
    detail    TEXT NOT NULL,
    allowed   INTEGER NOT NULL CHECK (allowed IN (0, 1)),
    reason    TEXT NOT NULL
);
CREATE INDEX audit_by_at ON audit(at);
)sql";

// Version 2: the admin web page's accounts (password_hash is an encoded
// scrypt hash, see password_hash.h) and its key/value settings (the dial
// policy edited on the page lives under "policy"); legs by start time for
// the history search, which orders and filters by it.
constexpr const char* kVersion2 = R"sql(
CREATE TABLE admins (
    name          TEXT PRIMARY KEY NOT NULL,
    password_hash TEXT NOT NULL,
    created       INTEGER NOT NULL
);

CREATE TABLE settings (
    key     TEXT PRIMARY KEY NOT NULL,
    value   TEXT NOT NULL,
    updated INTEGER NOT NULL
);

CREATE INDEX legs_by_started ON legs(started);
)sql";

// Version 3: recordings made by plugins (the recorder), listed with their
// conference in the history. participant 0 is the conference mix, else one
// participant's own track. path is where the plugin wrote the finished file;
// the admin page serves the file from this row only. format is checked by
// ConferenceLog::recordingAdded, not by a CHECK, so a new format needs no
// table rebuild.
constexpr const char* kVersion3 = R"sql(
CREATE TABLE recordings (
    id            INTEGER PRIMARY KEY,
    conference_id INTEGER NOT NULL REFERENCES conferences(id),
    participant   INTEGER NOT NULL DEFAULT 0 CHECK (participant >= 0),
    path          TEXT NOT NULL,
    format        TEXT NOT NULL,
    started_ms    INTEGER NOT NULL,
    ended_ms      INTEGER NOT NULL,
    bytes         INTEGER NOT NULL DEFAULT 0 CHECK (bytes >= 0)
);
CREATE INDEX recordings_by_conference ON recordings(conference_id);
)sql";

// kMigrations[i] moves a file from version i to version i + 1. A fresh file
// runs every step in order, so fresh and migrated files always match.
constexpr std::array<const char*, 3> kMigrations = {kVersion1, kVersion2, kVersion3};
static_assert(kMigrations.size() == Database::kSchemaVersion,
              "one migration step per schema version");

}  // namespace

void migrateSchema(Database& db) {
    int version = db.schemaVersion();
    if (version > Database::kSchemaVersion) {
        throw StoreError("opening the database: its schema version " + std::to_string(version) +
                         " is newer than this bridge supports (" +
                         std::to_string(Database::kSchemaVersion) + ")");
    }
    if (version < 0) {
        throw StoreError("opening the database: invalid schema version " + std::to_string(version));
    }
    // A fresh file runs every step too; only an existing file's move is news.
    const bool existing_file = version > 0;
    while (version < Database::kSchemaVersion) {
        const int target = version + 1;
        const std::string operation = "migrating the schema to version " + std::to_string(target);
        db.transaction([&] {
            // Another connection may have migrated the file since we looked;
            // BEGIN IMMEDIATE holds the write lock now, so look again.
            const int current = db.schemaVersion();
            if (current >= target) {
                return;
            }
            db.execute(kMigrations[static_cast<std::size_t>(version)], operation.c_str());
            // PRAGMA takes no bound parameters; target is our own integer.
            const std::string pragma = "PRAGMA user_version = " + std::to_string(target);
            db.execute(pragma.c_str(), operation.c_str());
        });
        if (existing_file) {
            spdlog::info("store: migrated the schema from version {} to {}", version, target);
        }
        version = target;
    }
}

}  // namespace confab::store
