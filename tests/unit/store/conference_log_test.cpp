#include "confab/store/conference_log.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "temp_folder.h"

namespace confab::store {
namespace {

using testing::TempFolder;

std::string errorOf(const std::function<void()>& action) {
    try {
        action();
    } catch (const StoreError& error) {
        return error.what();
    }
    return "(no StoreError)";
}

class ConferenceLogTest : public ::testing::Test {
  protected:
    Database db_ = Database::openInMemory();
    ConferenceLog log_{db_};
};

TEST_F(ConferenceLogTest, ConferenceAndLegLifecycleWithCdrDuration) {
    const auto conference = log_.conferenceStarted("alice@x.org", "", 1'000);
    log_.setRoom(conference, "c1@conference.x.org");
    const auto bob = log_.legCreated(conference, "alice@x.org", "+15551230002", "Bob", 1'100);
    const auto carol = log_.legCreated(conference, "alice@x.org", "+15551230003", "Carol", 1'200);
    log_.legAnswered(bob, 3'100);
    log_.legAnswered(bob, 9'999);  // the first answer stays
    log_.legEnded(bob, 63'100, "hangup", 200);
    log_.legEnded(carol, 31'200, "no answer", 408);
    log_.event(conference, "talker", "Bob", 4'000);
    log_.conferenceEnded(conference, 70'000, "owner ended it");

    const auto record = log_.conference(conference);
    ASSERT_TRUE(record);
    EXPECT_EQ(record->owner_jid, "alice@x.org");
    EXPECT_EQ(record->room_jid, "c1@conference.x.org");
    EXPECT_EQ(record->started, 1'000);
    EXPECT_EQ(record->ended, 70'000);
    EXPECT_EQ(record->end_reason, "owner ended it");
    EXPECT_TRUE(log_.liveConferences().empty());

    const auto legs = log_.legs(conference);
    ASSERT_EQ(legs.size(), 2u);
    EXPECT_EQ(legs[0].id, bob);
    EXPECT_EQ(legs[0].conference_id, conference);
    EXPECT_EQ(legs[0].requester_jid, "alice@x.org");
    EXPECT_EQ(legs[0].number, "+15551230002");
    EXPECT_EQ(legs[0].display_name, "Bob");
    EXPECT_EQ(legs[0].started, 1'100);
    EXPECT_EQ(legs[0].answered, 3'100);
    EXPECT_EQ(legs[0].ended, 63'100);
    EXPECT_EQ(legs[0].end_reason, "hangup");
    EXPECT_EQ(legs[0].sip_code, 200);
    EXPECT_EQ(legs[0].durationMillis(), 60'000);
    EXPECT_FALSE(legs[1].answered);
    EXPECT_EQ(legs[1].sip_code, 408);
    EXPECT_EQ(legs[1].durationMillis(), 0);  // never answered

    const auto cdrs = log_.recentLegs(10);
    ASSERT_EQ(cdrs.size(), 2u);
    EXPECT_EQ(cdrs[0].id, carol);  // newest first
    EXPECT_EQ(log_.recentLegs(1).size(), 1u);

    const auto events = log_.events(conference);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].kind, "talker");
    EXPECT_EQ(events[0].detail, "Bob");
    EXPECT_EQ(events[0].at, 4'000);
}

TEST_F(ConferenceLogTest, LegEndedAndConferenceEndedAreIdempotent) {
    const auto conference = log_.conferenceStarted("a@x.org", "r@muc.x.org", 1);
    const auto leg = log_.legCreated(conference, "a@x.org", "+15551230002", "", 2);
    log_.legAnswered(leg, 3);
    log_.legEnded(leg, 10, "hangup", 200);
    log_.legEnded(leg, 20, "timeout", 408);
    log_.legAnswered(leg, 30);  // too late: ignored
    auto record = log_.leg(leg);
    ASSERT_TRUE(record);
    EXPECT_EQ(record->ended, 10);
    EXPECT_EQ(record->end_reason, "hangup");
    EXPECT_EQ(record->sip_code, 200);
    EXPECT_EQ(record->answered, 3);
    EXPECT_EQ(record->durationMillis(), 7);

    log_.conferenceEnded(conference, 50, "first");
    log_.conferenceEnded(conference, 60, "second");
    EXPECT_EQ(log_.conference(conference)->ended, 50);
    EXPECT_EQ(log_.conference(conference)->end_reason, "first");
}

TEST_F(ConferenceLogTest, UnknownIdsThrowPreciseErrors) {
    EXPECT_EQ(errorOf([&] { log_.setRoom(42, "r@x"); }),
              "ConferenceLog::setRoom: no conference with id 42");
    EXPECT_EQ(errorOf([&] { log_.conferenceEnded(42, 1, "x"); }),
              "ConferenceLog::conferenceEnded: no conference with id 42");
    EXPECT_EQ(errorOf([&] { log_.legCreated(42, "a@x", "+1555", "", 1); }),
              "ConferenceLog::legCreated: no conference with id 42");
    EXPECT_EQ(errorOf([&] { log_.legAnswered(7, 1); }),
              "ConferenceLog::legAnswered: no leg with id 7");
    EXPECT_EQ(errorOf([&] { log_.legEnded(7, 1, "x", 0); }),
              "ConferenceLog::legEnded: no leg with id 7");
    EXPECT_EQ(errorOf([&] { log_.event(42, "k", "d", 1); }),
              "ConferenceLog::event: no conference with id 42");
}

TEST_F(ConferenceLogTest, RecentListsAreNewestFirstAndLimited) {
    for (int i = 0; i < 5; ++i) {
        log_.conferenceStarted("o@x.org", "", 100 * i);
        log_.audit("u@x.org", "call", "+1555000000" + std::to_string(i), i % 2 == 0,
                   i % 2 == 0 ? "" : "premium numbers are not allowed", 100 * i);
    }
    const auto conferences = log_.recentConferences(3);
    ASSERT_EQ(conferences.size(), 3u);
    EXPECT_EQ(conferences[0].started, 400);
    EXPECT_EQ(conferences[2].started, 200);
    EXPECT_EQ(log_.liveConferences().size(), 5u);
    EXPECT_EQ(log_.recentConferences(0).size(), 0u);
    EXPECT_EQ(log_.recentConferences(static_cast<std::size_t>(-1)).size(), 5u);

    const auto audit = log_.recentAudit(2);
    ASSERT_EQ(audit.size(), 2u);
    EXPECT_EQ(audit[0].at, 400);
    EXPECT_TRUE(audit[0].allowed);
    EXPECT_EQ(audit[0].detail, "+15550000004");
    EXPECT_EQ(audit[1].at, 300);
    EXPECT_FALSE(audit[1].allowed);
    EXPECT_EQ(audit[1].actor_jid, "u@x.org");
    EXPECT_EQ(audit[1].action, "call");
    EXPECT_EQ(audit[1].reason, "premium numbers are not allowed");
}

TEST_F(ConferenceLogTest, TextIsStoredVerbatim) {
    const std::string evil = "'); DROP TABLE legs; -- <b>&\"\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D";
    const auto conference = log_.conferenceStarted(evil, evil, 1);
    const auto leg = log_.legCreated(conference, evil, "xmpp:chat@x.org", evil, 2);
    log_.legEnded(leg, 3, evil, 0);
    log_.audit(evil, evil, evil, false, evil, 4);
    EXPECT_EQ(log_.conference(conference)->owner_jid, evil);
    EXPECT_EQ(log_.leg(leg)->display_name, evil);
    EXPECT_EQ(log_.leg(leg)->number, "xmpp:chat@x.org");
    EXPECT_EQ(log_.leg(leg)->end_reason, evil);
    EXPECT_EQ(log_.recentAudit(1)[0].reason, evil);
    EXPECT_EQ(log_.recentLegs(10).size(), 1u);
}

// A crash: rows are written, the Database is destroyed without any ending
// (as a killed process would leave them), and a new Database on the same file
// recovers.
TEST(ConferenceLogRecoveryTest, RecoverAfterCrashClosesEverythingOnceInOneGo) {
    TempFolder folder;
    const auto file = folder.file("bridge.db");
    std::int64_t live = 0;
    std::int64_t live_without_room = 0;
    std::int64_t done = 0;
    std::int64_t answered_leg = 0;
    std::int64_t ringing_leg = 0;
    std::int64_t ended_leg = 0;
    std::int64_t stray_leg = 0;
    {
        Database db = Database::open(file);
        ConferenceLog log(db);
        live = log.conferenceStarted("alice@x.org", "c1@muc.x.org", 1'000);
        answered_leg = log.legCreated(live, "alice@x.org", "+15551230002", "Bob", 1'100);
        log.legAnswered(answered_leg, 2'000);
        ringing_leg = log.legCreated(live, "alice@x.org", "+15551230003", "Carol", 1'200);
        ended_leg = log.legCreated(live, "alice@x.org", "+15551230004", "Dan", 1'300);
        log.legEnded(ended_leg, 1'500, "busy", 486);
        live_without_room = log.conferenceStarted("bob@x.org", "", 1'400);
        done = log.conferenceStarted("carol@x.org", "c3@muc.x.org", 500);
        stray_leg = log.legCreated(done, "carol@x.org", "+15551230005", "Eve", 600);
        log.conferenceEnded(done, 900, "owner ended it");
        // Also a reader on a second connection while the rows are live.
        Database reader = Database::open(file);
        EXPECT_EQ(ConferenceLog(reader).liveConferences().size(), 2u);
    }

    Database db = Database::open(file);
    ConferenceLog log(db);
    const auto recovered = log.recoverAfterCrash(10'000, "bridge restarted");
    ASSERT_EQ(recovered.size(), 2u);
    EXPECT_EQ(recovered[0].conference.id, live);
    EXPECT_EQ(recovered[0].conference.room_jid, "c1@muc.x.org");
    EXPECT_FALSE(recovered[0].conference.ended);  // as it was before closing
    ASSERT_EQ(recovered[0].open_legs.size(), 2u);
    EXPECT_EQ(recovered[0].open_legs[0].id, answered_leg);
    EXPECT_EQ(recovered[0].open_legs[0].display_name, "Bob");
    EXPECT_FALSE(recovered[0].open_legs[0].ended);
    EXPECT_EQ(recovered[0].open_legs[1].id, ringing_leg);
    EXPECT_EQ(recovered[1].conference.id, live_without_room);
    EXPECT_TRUE(recovered[1].open_legs.empty());

    for (const auto id : {live, live_without_room}) {
        const auto conference = log.conference(id);
        EXPECT_EQ(conference->ended, 10'000);
        EXPECT_EQ(conference->end_reason, "bridge restarted");
        const auto events = log.events(id);
        ASSERT_EQ(events.size(), 1u);
        EXPECT_EQ(events[0].kind, "recovered");
        EXPECT_EQ(events[0].at, 10'000);
    }
    const auto answered = log.leg(answered_leg);
    EXPECT_EQ(answered->ended, 10'000);
    EXPECT_EQ(answered->end_reason, "bridge restarted");
    EXPECT_EQ(answered->sip_code, 0);
    EXPECT_EQ(answered->durationMillis(), 8'000);
    EXPECT_EQ(log.leg(ringing_leg)->ended, 10'000);
    // What had already ended keeps its own ending.
    EXPECT_EQ(log.leg(ended_leg)->ended, 1'500);
    EXPECT_EQ(log.leg(ended_leg)->end_reason, "busy");
    EXPECT_EQ(log.leg(ended_leg)->sip_code, 486);
    EXPECT_EQ(log.conference(done)->ended, 900);
    EXPECT_EQ(log.conference(done)->end_reason, "owner ended it");
    EXPECT_TRUE(log.events(done).empty());
    // A leg left open in an ended conference is closed too.
    EXPECT_EQ(log.leg(stray_leg)->ended, 10'000);
    EXPECT_EQ(log.leg(stray_leg)->end_reason, "bridge restarted");

    EXPECT_TRUE(log.liveConferences().empty());
    for (const auto& leg : log.recentLegs(100)) {
        EXPECT_TRUE(leg.ended) << leg.id;
    }
    EXPECT_TRUE(log.recoverAfterCrash(20'000, "again").empty());
    EXPECT_EQ(log.conference(live)->end_reason, "bridge restarted");
}

TEST(ConferenceLogRecoveryTest, NothingToRecoverOnACleanDatabase) {
    Database db = Database::openInMemory();
    EXPECT_TRUE(ConferenceLog(db).recoverAfterCrash(1, "restart").empty());
}

}  // namespace
}  // namespace confab::store
