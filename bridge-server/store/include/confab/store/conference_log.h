// ConferenceLog: the durable record of conferences, their legs (each leg is
// also its call detail record), conference events and the audit log of who
// asked for what and whether policy allowed it. The bridge writes here as
// things happen, so that after a crash recoverAfterCrash() can close what was
// left open and tell the rooms.
//
// Thread contract: control thread only, like the Database it uses (see
// database.h). Times are passed in by the caller.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "confab/store/database.h"

namespace confab::store {

struct ConferenceRecord {
    std::int64_t id = 0;
    std::string owner_jid;
    std::string room_jid;  // empty until setRoom()
    UnixMillis started = 0;
    std::optional<UnixMillis> ended;
    std::string end_reason;
};

// A leg is also its call detail record.
struct LegRecord {
    std::int64_t id = 0;
    std::int64_t conference_id = 0;
    std::string requester_jid;  // who asked for the dial
    std::string number;         // E.164 (or "xmpp:jid" for chat-only participants)
    std::string display_name;
    UnixMillis started = 0;
    std::optional<UnixMillis> answered;
    std::optional<UnixMillis> ended;
    std::string end_reason;
    int sip_code = 0;

    // answered..ended; 0 if never answered or not ended yet.
    std::int64_t durationMillis() const;
};

struct AuditRecord {
    std::int64_t id = 0;
    UnixMillis at = 0;
    std::string actor_jid;
    std::string action;
    std::string detail;
    bool allowed = false;
    std::string reason;
};

struct EventRecord {
    std::int64_t id = 0;
    std::int64_t conference_id = 0;
    UnixMillis at = 0;
    std::string kind;
    std::string detail;
};

// A finished recording a plugin (the recorder) made of a conference: the mix
// or one participant's own track. The file stays where the plugin wrote it;
// the admin page serves it from `path` as stored here.
struct RecordingRecord {
    std::int64_t id = 0;
    std::int64_t conference_id = 0;
    std::uint32_t participant = 0;  // 0: the conference mix
    std::string path;
    std::string format;             // "wav", "ogg-opus"
    UnixMillis started = 0;
    UnixMillis ended = 0;
    std::uint64_t bytes = 0;
};

// What the admin's history search asks for. Every text is matched literally:
// % and _ typed by the admin are not wildcards. searchLegs throws StoreError
// (and runs no query) when user or number is longer than kMaxTextLength.
struct LegSearch {
    std::string user;    // substring, ASCII case-insensitive, of requester_jid, display_name or the conference's owner_jid; empty: any
    std::string number;  // substring of number; empty: any
    std::optional<UnixMillis> from;  // legs.started >= from
    std::optional<UnixMillis> to;    // legs.started < to
    std::size_t limit = 50;          // capped at kMaxLimit
    std::size_t offset = 0;

    static constexpr std::size_t kMaxLimit = 100000;
    static constexpr std::size_t kMaxTextLength = 1024;
};

// One page of search results, newest first; total counts all matches.
struct LegSearchPage {
    std::vector<LegRecord> legs;
    std::size_t total = 0;
};

class ConferenceLog {
  public:
    explicit ConferenceLog(Database& db);

    // Returns the new conference's id.
    std::int64_t conferenceStarted(const std::string& owner_jid, const std::string& room_jid,
                                   UnixMillis now);
    // Throws StoreError for an unknown conference.
    void setRoom(std::int64_t conference_id, const std::string& room_jid);
    // Idempotent: ending an ended conference keeps the first end. Throws
    // StoreError for an unknown conference.
    void conferenceEnded(std::int64_t conference_id, UnixMillis now, const std::string& reason);

    // Returns the new leg's id. Throws StoreError for an unknown conference.
    std::int64_t legCreated(std::int64_t conference_id, const std::string& requester_jid,
                            const std::string& number, const std::string& display_name,
                            UnixMillis now);
    // Keeps the first answer; ignored once the leg has ended. Throws
    // StoreError for an unknown leg.
    void legAnswered(std::int64_t leg_id, UnixMillis now);
    // Idempotent: a second call does not overwrite the first end. Throws
    // StoreError for an unknown leg.
    void legEnded(std::int64_t leg_id, UnixMillis now, const std::string& reason, int sip_code);

    void event(std::int64_t conference_id, const std::string& kind, const std::string& detail,
               UnixMillis now);
    void audit(const std::string& actor_jid, const std::string& action, const std::string& detail,
               bool allowed, const std::string& reason, UnixMillis now);

    std::optional<ConferenceRecord> conference(std::int64_t id) const;
    std::vector<ConferenceRecord> liveConferences() const;  // ended IS NULL, oldest first
    std::vector<ConferenceRecord> recentConferences(std::size_t limit) const;  // newest first
    std::vector<LegRecord> legs(std::int64_t conference_id) const;             // in creation order
    std::optional<LegRecord> leg(std::int64_t leg_id) const;
    std::vector<LegRecord> recentLegs(std::size_t limit) const;         // CDRs, newest first
    std::vector<AuditRecord> recentAudit(std::size_t limit) const;      // newest first
    std::vector<EventRecord> events(std::int64_t conference_id) const;  // oldest first

    // Lists a finished recording with its conference and logs the event
    // ("recording", "<file name>") at its end (its start when ended is 0), in
    // one transaction. Returns the new row's id. Bound parameters only.
    // Throws StoreError for an unknown conference, an empty path, a format
    // other than "wav" or "ogg-opus", or bytes above INT64_MAX.
    std::int64_t recordingAdded(const RecordingRecord& recording);
    std::vector<RecordingRecord> recordings(std::int64_t conference_id) const;  // oldest first
    std::optional<RecordingRecord> recording(std::int64_t id) const;
    // recordings() of each distinct id, for a page of history rows; ids
    // without recordings are left out of the map.
    std::map<std::int64_t, std::vector<RecordingRecord>> recordingsOf(
        const std::vector<std::int64_t>& conference_ids) const;
    // Call detail records matching `search`, newest first (started, then id).
    LegSearchPage searchLegs(const LegSearch& search) const;

    // Crash recovery, run once at start-up before anything else. In ONE
    // transaction: every conference with ended NULL is ended with `reason`;
    // each of its legs with ended NULL is ended with `reason` and sip_code 0;
    // an event "recovered" is logged per conference. Open legs of conferences
    // that were already ended are closed the same way. Returns the recovered
    // conferences with their rooms and open legs as they were before closing,
    // so the bridge can post to their rooms. A second call returns nothing.
    struct Recovered {
        ConferenceRecord conference;
        std::vector<LegRecord> open_legs;
    };
    std::vector<Recovered> recoverAfterCrash(UnixMillis now, const std::string& reason);

  private:
    Database& db_;
};

}  // namespace confab::store
