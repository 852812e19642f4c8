#include "session_store.h"

#include <gtest/gtest.h>

#include <set>

namespace confab::web {
namespace {

using namespace std::chrono_literals;

struct FakeClock {
    std::chrono::steady_clock::time_point now{};
    SessionStore::Clock function() {
        return [this] { return now; };
    }
};

TEST(SessionStoreTest, CreatedSessionsHaveRandom256BitIdsAndTheirOwnCsrfToken) {
    SessionStore store(30min);
    std::set<std::string> seen;
    for (int i = 0; i < 50; ++i) {
        Session session = store.create("alice");
        EXPECT_EQ(session.id.size(), 64u);
        EXPECT_EQ(session.csrf_token.size(), 64u);
        EXPECT_EQ(session.id.find_first_not_of("0123456789abcdef"), std::string::npos);
        EXPECT_NE(session.id, session.csrf_token);
        EXPECT_TRUE(seen.insert(session.id).second);
        EXPECT_TRUE(seen.insert(session.csrf_token).second);
    }
}

TEST(SessionStoreTest, TouchFindsTheSessionAndUnknownIdsFindNothing) {
    SessionStore store(30min);
    Session session = store.create("alice");
    auto found = store.touch(session.id);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->admin, "alice");
    EXPECT_EQ(found->csrf_token, session.csrf_token);
    EXPECT_FALSE(store.touch(std::string(64, '0')));
    EXPECT_FALSE(store.touch(""));
    EXPECT_FALSE(store.touch(session.id.substr(0, 63)));
}

TEST(SessionStoreTest, IdleSessionsExpireAndUseRestartsTheIdleTimer) {
    FakeClock clock;
    SessionStore store(std::chrono::seconds(60), 10, clock.function());
    Session kept = store.create("alice");
    Session idle = store.create("bob");
    clock.now += 50s;
    EXPECT_TRUE(store.touch(kept.id));
    clock.now += 50s;  // kept: 50 s since use; idle: 100 s
    EXPECT_TRUE(store.alive(kept.id));
    EXPECT_FALSE(store.alive(idle.id));
    EXPECT_TRUE(store.touch(kept.id));
    EXPECT_FALSE(store.touch(idle.id));
    clock.now += 61s;
    EXPECT_FALSE(store.touch(kept.id));
    EXPECT_EQ(store.size(), 0u);
}

TEST(SessionStoreTest, AliveDoesNotKeepASessionAlive) {
    FakeClock clock;
    SessionStore store(std::chrono::seconds(60), 10, clock.function());
    Session session = store.create("alice");
    for (int i = 0; i < 5; ++i) {
        clock.now += 20s;
        store.alive(session.id);
    }
    EXPECT_FALSE(store.touch(session.id));
}

TEST(SessionStoreTest, LogoutRemovesTheSession) {
    SessionStore store(30min);
    Session session = store.create("alice");
    EXPECT_TRUE(store.remove(session.id));
    EXPECT_FALSE(store.touch(session.id));
    EXPECT_FALSE(store.remove(session.id));
}

TEST(SessionStoreTest, TheLeastRecentlyUsedSessionGoesWhenTheCapIsReached) {
    FakeClock clock;
    SessionStore store(30min, 3, clock.function());
    Session first = store.create("a");
    clock.now += 1s;
    Session second = store.create("b");
    clock.now += 1s;
    Session third = store.create("c");
    clock.now += 1s;
    store.touch(first.id);  // now second is the least recently used
    clock.now += 1s;
    Session fourth = store.create("d");
    EXPECT_EQ(store.size(), 3u);
    EXPECT_TRUE(store.touch(first.id));
    EXPECT_FALSE(store.touch(second.id));
    EXPECT_TRUE(store.touch(third.id));
    EXPECT_TRUE(store.touch(fourth.id));
}

TEST(SessionStoreTest, FlashIsShownOnceAndOnlyToItsSession) {
    SessionStore store(30min);
    Session alice = store.create("alice");
    Session bob = store.create("bob");
    store.setFlash(alice.id, "Muted Bob.", false);
    EXPECT_EQ(store.takeFlash(bob.id).message, "");
    auto flash = store.takeFlash(alice.id);
    EXPECT_EQ(flash.message, "Muted Bob.");
    EXPECT_FALSE(flash.is_error);
    EXPECT_EQ(store.takeFlash(alice.id).message, "");
    store.setFlash(alice.id, "No.", true);
    EXPECT_TRUE(store.takeFlash(alice.id).is_error);
}

TEST(SecretsEqualTest, ComparesWholeSecrets) {
    EXPECT_TRUE(secretsEqual("abc", "abc"));
    EXPECT_TRUE(secretsEqual("", ""));
    EXPECT_FALSE(secretsEqual("abc", "abd"));
    EXPECT_FALSE(secretsEqual("abc", "ab"));
    EXPECT_FALSE(secretsEqual("", "a"));
    EXPECT_FALSE(secretsEqual("abc", "ABC"));
    const std::string token = randomToken();
    EXPECT_TRUE(secretsEqual(token, std::string(token)));
    std::string changed = token;
    changed.back() = changed.back() == 'a' ? 'b' : 'a';
    EXPECT_FALSE(secretsEqual(token, changed));
}

}  // namespace
}  // namespace confab::web
