// The dial policy edited on the admin page of the real bridge: a change
// applies to the next chat command without a restart, a bad one is refused
// with the config loader's own sentence, the saved policy survives a restart
// (and overrides the file's [policy]), and a saved policy that no longer
// validates is ignored with a warning.
#include <gtest/gtest.h>

#include "bridge_admin_fixture.h"
#include "confab/store/database.h"
#include "confab/store/settings_store.h"

namespace confab::test {
namespace {

using namespace std::chrono_literals;

class BridgeAdminPolicyTest : public BridgeAdminFixture {
  protected:
    httplib::Params policyForm(const std::string& blocked, const std::string& max_legs = "20") {
        return {{"start_conference", prosody().domain()},
                {"blocked_prefixes", blocked},
                {"max_legs_per_conference", max_legs},
                {"max_concurrent_legs_per_user", "10"},
                {"max_dials_per_minute", "20"},
                {"invitation_timeout_seconds", "30"}};
    }
};

TEST_F(BridgeAdminPolicyTest, PolicyChangesApplyAtOnceAndSurviveARestart) {
    startWithWeb();
    auto alice = connectUser("alice");
    const std::string room = callAndJoin(*alice, "+15551230002", "alice");
    ASSERT_FALSE(room.empty());
    login();

    // Refused with the loader's rule and wording; nothing changes.
    auto bad = act("/policy", policyForm("+1555123", "0"));
    EXPECT_FALSE(bad.value("ok", true)) << bad.dump();
    EXPECT_NE(bad.value("message", std::string())
                  .find("policy.max_legs_per_conference: expected an integer between 1 and 1000, got 0"),
              std::string::npos)
        << bad.dump();
    auto bad_prefix = act("/policy", policyForm("1555"));
    EXPECT_FALSE(bad_prefix.value("ok", true));
    EXPECT_NE(bad_prefix.value("message", std::string()).find("policy.blocked_prefixes"), std::string::npos)
        << bad_prefix.dump();

    // Valid: the next chat command already follows it.
    auto changed = act("/policy", policyForm("+1555123"));
    ASSERT_TRUE(changed.value("ok", false)) << changed.dump();
    const std::string refused = command(*alice, "/invite +15551230003");
    EXPECT_NE(refused.find("+15551230003 is blocked by the bridge's dial policy (prefix +1555123)"),
              std::string::npos)
        << refused;
    auto page = get("/policy");
    ASSERT_TRUE(page);
    EXPECT_NE(page->body.find("+1555123"), std::string::npos);

    // A restart keeps it, although the file says nothing about blocking.
    EXPECT_NE(command(*alice, "/end").find("Ending"), std::string::npos);
    restartBridge();
    EXPECT_NE(bridgeLog().find("using the policy saved on the admin page"), std::string::npos) << bridgeLog();
    const std::string after_restart = command(*alice, "/call +15551230003");
    EXPECT_NE(after_restart.find("blocked by the bridge's dial policy (prefix +1555123)"), std::string::npos)
        << after_restart;
    login();
    auto kept = get("/policy");
    ASSERT_TRUE(kept);
    EXPECT_NE(kept->body.find("+1555123"), std::string::npos);

    // Lifting the block works the same way.
    ASSERT_TRUE(act("/policy", policyForm("")).value("ok", false));
    const std::string allowed = command(*alice, "/call +15551230003");
    EXPECT_NE(allowed.find("Dialling +15551230003"), std::string::npos) << allowed;
    command(*alice, "/end");

    // A saved policy that does not validate is ignored with a warning that
    // names the problem; the file's [policy] applies.
    bridge_.terminate();
    {
        store::Database db = store::Database::open(databasePath());
        store::SettingsStore(db).set(
            "policy",
            R"({"start_conference":["localhost"],"max_legs_per_conference":0,"max_concurrent_legs_per_user":10,)"
            R"("max_dials_per_minute":20,"invitation_timeout_seconds":30,"blocked_prefixes":["+1555"],"roles":[]})",
            1);
    }
    restartBridge();
    const std::string log = bridgeLog();
    EXPECT_NE(log.find("ignoring the policy saved on the admin page (policy.max_legs_per_conference: expected "
                       "an integer between 1 and 1000, got 0)"),
              std::string::npos)
        << log;
    const std::string from_file = command(*alice, "/call +15551230003");
    EXPECT_NE(from_file.find("Dialling +15551230003"), std::string::npos) << from_file;
}

}  // namespace
}  // namespace confab::test
