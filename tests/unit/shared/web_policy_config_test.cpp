// [web] and [policy] blocked_prefixes in the bridge config, and
// validatePolicySettings: the one set of [policy] rules that the loader and
// the admin page's policy form share.
#include <gtest/gtest.h>

#include <fstream>

#include "config_file_test.h"

namespace confab {
namespace {

namespace fs = std::filesystem;

// Lines 1-4.
const std::string kXmpp =
    "[xmpp]\n"
    "domain = \"localhost\"\n"
    "component = \"bridge.localhost\"\n"
    "secret_file = \"component.secret\"\n";

using WebPolicyConfigTest = test::ConfigFileTest;

PolicySettings validPolicy() {
    PolicySettings policy;
    policy.start_conference = {"example.com"};
    PolicyRole ops;
    ops.name = "ops";
    ops.members = {"ops@example.com"};
    ops.allowed_prefixes = {"+1", "+44"};
    policy.roles.push_back(ops);
    return policy;
}

TEST_F(WebPolicyConfigTest, WebIsOffWithoutTheTable) {
    const BridgeConfig config = parse(kXmpp);
    EXPECT_FALSE(config.web.enabled);
    EXPECT_EQ(config.web.listen.host, "127.0.0.1");
    EXPECT_EQ(config.web.listen.port, 8443);
    EXPECT_FALSE(config.web.plain_http);
    EXPECT_EQ(config.web.tls_dir, dir_ / "web-tls");
}

TEST_F(WebPolicyConfigTest, WebTableTurnsItOnWithDefaults) {
    const BridgeConfig config = parse(kXmpp + "[db]\npath = \"data/c.sqlite\"\n[web]\n");
    EXPECT_TRUE(config.web.enabled);
    EXPECT_FALSE(config.web.cert_file.has_value());
    EXPECT_FALSE(config.web.key_file.has_value());
    EXPECT_EQ(config.web.tls_dir, dir_ / "data" / "web-tls");
    EXPECT_EQ(config.web.session_idle_minutes, 30U);
    EXPECT_EQ(config.web.max_body_kib, 1024U);
    EXPECT_EQ(config.web.metrics_token, "");
    EXPECT_FALSE(parse(kXmpp + "[web]\nenabled = false\n").web.enabled);
}

TEST_F(WebPolicyConfigTest, ReadsEveryWebKey) {
    write("web.crt", "cert");
    write("web.key", "key");
    write("metrics.token", "  0123456789abcdefXYZ \n");
    const BridgeConfig config = parse(kXmpp + R"([web]
enabled = true
listen = "[::1]:9443"
plain_http = true
cert_file = "web.crt"
key_file = "web.key"
tls_dir = "tls"
session_idle_minutes = 1440
metrics_token_file = "metrics.token"
max_body_kib = 65536
)");
    EXPECT_TRUE(config.web.enabled);
    EXPECT_EQ(config.web.listen.host, "::1");
    EXPECT_EQ(config.web.listen.port, 9443);
    EXPECT_TRUE(config.web.plain_http);
    EXPECT_EQ(config.web.cert_file, dir_ / "web.crt");
    EXPECT_EQ(config.web.key_file, dir_ / "web.key");
    EXPECT_EQ(config.web.tls_dir, dir_ / "tls");
    EXPECT_EQ(config.web.session_idle_minutes, 1440U);
    EXPECT_EQ(config.web.metrics_token, "0123456789abcdefXYZ");
    EXPECT_EQ(config.web.max_body_kib, 65536U);
}

TEST_F(WebPolicyConfigTest, PlainHttpOnlyOnLoopback) {
    EXPECT_TRUE(parse(kXmpp + "[web]\nlisten = \"127.0.0.2:80\"\nplain_http = true\n").web.plain_http);
    EXPECT_TRUE(parse(kXmpp + "[web]\nlisten = \"localhost:80\"\nplain_http = true\n").web.plain_http);
    EXPECT_EQ(errorFor(kXmpp + "[web]\nlisten = \"0.0.0.0:8080\"\nplain_http = true\n"),
              "bridge.toml:7: web.plain_http: plain HTTP is allowed only on a loopback address "
              "(127.0.0.1, ::1 or localhost), but web.listen is on \"0.0.0.0\"; remove plain_http "
              "to serve HTTPS");
    EXPECT_NE(errorFor(kXmpp + "[web]\nlisten = \"10.0.0.1:80\"\nplain_http = true\n")
                  .find("web.plain_http"),
              std::string::npos);
    // Off by default, so a public address serves HTTPS.
    EXPECT_FALSE(parse(kXmpp + "[web]\nlisten = \"0.0.0.0:8080\"\n").web.plain_http);
}

TEST_F(WebPolicyConfigTest, CertificateAndKeyComeTogether) {
    write("web.crt", "cert");
    EXPECT_EQ(errorFor(kXmpp + "[web]\ncert_file = \"web.crt\"\n"),
              "bridge.toml:6: web.cert_file: set both cert_file and key_file, or neither for a "
              "self-signed certificate; key_file is missing");
    EXPECT_EQ(errorFor(kXmpp + "[web]\ncert_file = \"web.crt\"\nkey_file = \"nope.key\"\n"),
              "bridge.toml:7: web.key_file: cannot read \"" + (dir_ / "nope.key").string() +
                  "\": no such file");
}

TEST_F(WebPolicyConfigTest, WebLimitsAndToken) {
    EXPECT_EQ(errorFor(kXmpp + "[web]\nsession_idle_minutes = 0\n"),
              "bridge.toml:6: web.session_idle_minutes: expected an integer between 1 and 1440, "
              "got 0");
    EXPECT_EQ(errorFor(kXmpp + "[web]\nmax_body_kib = 65537\n"),
              "bridge.toml:6: web.max_body_kib: expected an integer between 1 and 65536, got "
              "65537");
    write("short.token", "abc\n");
    EXPECT_EQ(errorFor(kXmpp + "[web]\nmetrics_token_file = \"short.token\"\n"),
              "bridge.toml:6: web.metrics_token_file: expected a token of at least 16 "
              "characters, so it cannot be guessed");
    write("empty.token", "\n");
    EXPECT_NE(errorFor(kXmpp + "[web]\nmetrics_token_file = \"empty.token\"\n").find("is empty"),
              std::string::npos);
    EXPECT_EQ(errorFor(kXmpp + "[web]\nplain_https = true\n")
                  .rfind("bridge.toml:6: web.plain_https: unknown key", 0),
              0U);
}

TEST_F(WebPolicyConfigTest, BlockedPrefixes) {
    const BridgeConfig config =
        parse(kXmpp + "[policy]\nblocked_prefixes = [\"+1900\", \"+44870\"]\n");
    EXPECT_EQ(config.policy.blocked_prefixes, (std::vector<std::string>{"+1900", "+44870"}));
    EXPECT_TRUE(parse(kXmpp).policy.blocked_prefixes.empty());
    EXPECT_EQ(errorFor(kXmpp + "[policy]\nblocked_prefixes = [\"+1900\", \"1900\"]\n"),
              "bridge.toml:6: policy.blocked_prefixes: expected E.164 prefixes of '+' and 1 to "
              "15 digits, such as \"+1900\" or \"+44870\"; entry 2 is \"1900\"");
    EXPECT_EQ(errorFor(kXmpp + "[policy]\nblocked_prefixes = \"+1900\"\n"),
              "bridge.toml:6: policy.blocked_prefixes: expected an array of strings, got "
              "\"+1900\"");
}

TEST_F(WebPolicyConfigTest, ValidPolicyHasNoProblem) {
    EXPECT_EQ(validatePolicySettings(validPolicy()), "");
    PolicySettings edges = validPolicy();
    edges.max_legs_per_conference = 1000;
    edges.max_concurrent_legs_per_user = 1;
    edges.max_dials_per_minute = 10000;
    edges.invitation_timeout_seconds = 5;
    edges.blocked_prefixes = {"+1900", "+123456789012345"};
    EXPECT_EQ(validatePolicySettings(edges), "");
}

TEST_F(WebPolicyConfigTest, ValidationNamesKeyAndValue) {
    PolicySettings policy = validPolicy();
    policy.max_legs_per_conference = 0;
    EXPECT_EQ(validatePolicySettings(policy),
              "policy.max_legs_per_conference: expected an integer between 1 and 1000, got 0");
    policy = validPolicy();
    policy.invitation_timeout_seconds = 601;
    EXPECT_EQ(validatePolicySettings(policy),
              "policy.invitation_timeout_seconds: expected an integer between 5 and 600, got 601");
    policy = validPolicy();
    policy.max_dials_per_minute = 10001;
    EXPECT_EQ(validatePolicySettings(policy),
              "policy.max_dials_per_minute: expected an integer between 1 and 10000, got 10001");
    policy = validPolicy();
    policy.start_conference = {};
    EXPECT_EQ(validatePolicySettings(policy),
              "policy.start_conference: expected at least one bare JID or domain");
    policy = validPolicy();
    policy.start_conference = {"example.com", "bob@example.com/phone"};
    EXPECT_EQ(validatePolicySettings(policy),
              "policy.start_conference: expected bare JIDs or domains such as "
              "\"alice@example.com\" or \"example.com\"; entry 2 is \"bob@example.com/phone\"");
    policy = validPolicy();
    policy.blocked_prefixes = {"+1900", "+1 900"};
    EXPECT_EQ(validatePolicySettings(policy),
              "policy.blocked_prefixes: expected E.164 prefixes of '+' and 1 to 15 digits, such "
              "as \"+1900\" or \"+44870\"; entry 2 is \"+1 900\"");
}

TEST_F(WebPolicyConfigTest, ValidationOfRoles) {
    PolicySettings policy = validPolicy();
    policy.roles[0].allowed_prefixes = {"+1", "44"};
    EXPECT_EQ(validatePolicySettings(policy),
              "policy.role[1].allowed_prefixes: expected E.164 prefixes of '+' and 1 to 15 "
              "digits, such as \"+1\" or \"+44\"; entry 2 is \"44\"");
    policy = validPolicy();
    policy.roles[0].allowed_prefixes = {};
    EXPECT_NE(validatePolicySettings(policy).find("policy.role[1].allowed_prefixes: expected at "
                                                  "least one prefix"),
              std::string::npos);
    policy = validPolicy();
    policy.roles[0].members = {};
    EXPECT_EQ(validatePolicySettings(policy),
              "policy.role[1].members: expected at least one bare JID or domain");
    policy = validPolicy();
    policy.roles.push_back(policy.roles[0]);
    policy.roles[1].name = "OPS";
    EXPECT_EQ(validatePolicySettings(policy),
              "policy.role[2].name: expected a name no other role has; policy.role[1] is also "
              "called \"ops\"");
    policy = validPolicy();
    policy.roles[0].name = "Default";
    EXPECT_EQ(validatePolicySettings(policy),
              "policy.role[1].name: expected a name other than \"default\", which is the role of "
              "users who match no role, got \"Default\"");
    policy = validPolicy();
    policy.roles[0].name = "";
    EXPECT_EQ(validatePolicySettings(policy), "policy.role[1].name: expected a non-empty string");
    policy = validPolicy();
    policy.roles[0].name = "a\nb";
    EXPECT_EQ(validatePolicySettings(policy),
              "policy.role[1].name: expected a role name without control characters");
}

TEST_F(WebPolicyConfigTest, LongBadValuesAreCutShort) {
    PolicySettings policy = validPolicy();
    policy.blocked_prefixes = {std::string(5000, 'x')};
    const std::string message = validatePolicySettings(policy);
    EXPECT_LT(message.size(), 300U) << message;
    EXPECT_NE(message.find("...\""), std::string::npos) << message;
}

// The loader and validatePolicySettings agree: whatever the file accepts
// validates, and the loader's message is validatePolicySettings' message
// with the file and line in front.
TEST_F(WebPolicyConfigTest, LoaderUsesTheSameRules) {
    const BridgeConfig config = parse(kXmpp + R"([policy]
blocked_prefixes = ["+1900"]
[[policy.role]]
name = "ops"
members = ["ops@localhost"]
)");
    EXPECT_EQ(validatePolicySettings(config.policy), "");
    PolicySettings bad = config.policy;
    bad.roles[0].members = {"o/x"};
    const std::string error =
        errorFor(kXmpp + "[[policy.role]]\nname = \"ops\"\nmembers = [\"o/x\"]\n");
    EXPECT_EQ(error, "bridge.toml:7: " + validatePolicySettings(bad));
}

}  // namespace
}  // namespace confab
