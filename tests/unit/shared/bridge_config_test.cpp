// loadBridgeConfig / parseBridgeConfig: a full config, the defaults, and one
// test per kind of mistake, asserting the key name and line in the message.
#include "config_file_test.h"

#include <gtest/gtest.h>

#include <fstream>

namespace confab {
namespace {

namespace fs = std::filesystem;

using BridgeConfigTest = test::ConfigFileTest;

// The [xmpp] section every other test builds on; its four lines are lines 1-4.
const std::string kXmpp =
    "[xmpp]\n"
    "domain = \"localhost\"\n"
    "component = \"bridge.localhost\"\n"
    "secret_file = \"component.secret\"\n";

TEST_F(BridgeConfigTest, ReadsEveryKey) {
    write("trunk.password", "pw\n");
    const BridgeConfig config = parse(R"(
[xmpp]
domain = "localhost"
component = "bridge.localhost"
host = "::1"
port = 5348
secret_file = "component.secret"
muc_service = "conference.localhost"
[sip]
listen = "[::1]:5070"
caller_id = "+15550100"
default_region = "GB"
trusted_peers = ["127.0.0.1", "::1"]
[[sip.route]]
prefix = "+1555"
uri = "sip:{number}@127.0.0.1:5071"
username = "bridge"
password_file = "trunk.password"
caller_id = "+15550101"
[[sip.route]]
prefix = "+"
uri = "sips:{number}@trunk.example.com"
[db]
path = "/var/lib/confab/confab.sqlite"
[web]
listen = "0.0.0.0:8080"
[log]
level = "debug"
)");
    EXPECT_EQ(config.xmpp.domain, "localhost");
    EXPECT_EQ(config.xmpp.component, "bridge.localhost");
    EXPECT_EQ(config.xmpp.host, "::1");
    EXPECT_EQ(config.xmpp.port, 5348);
    EXPECT_EQ(config.xmpp.secret, "s3cret");
    EXPECT_EQ(config.xmpp.muc_service, "conference.localhost");
    EXPECT_EQ(config.sip.listen.host, "::1");
    EXPECT_EQ(config.sip.listen.port, 5070);
    EXPECT_EQ(config.sip.caller_id, "+15550100");
    EXPECT_EQ(config.sip.default_region, "GB");
    EXPECT_EQ(config.sip.trusted_peers, (std::vector<std::string>{"127.0.0.1", "::1"}));
    ASSERT_EQ(config.sip.routes.size(), 2U);
    EXPECT_EQ(config.sip.routes[0].prefix, "+1555");
    EXPECT_EQ(config.sip.routes[0].uri, "sip:{number}@127.0.0.1:5071");
    EXPECT_EQ(config.sip.routes[0].username, "bridge");
    EXPECT_EQ(config.sip.routes[0].password_file, dir_ / "trunk.password");
    EXPECT_EQ(config.sip.routes[0].caller_id, "+15550101");
    EXPECT_EQ(config.sip.routes[1].prefix, "+");
    EXPECT_FALSE(config.sip.routes[1].password_file.has_value());
    EXPECT_EQ(config.db.path, fs::path("/var/lib/confab/confab.sqlite"));
    EXPECT_EQ(config.web.listen.host, "0.0.0.0");
    EXPECT_EQ(config.web.listen.port, 8080);
    EXPECT_EQ(config.log.level, "debug");
}

TEST_F(BridgeConfigTest, DefaultsForEverythingOptional) {
    const BridgeConfig config = parse(kXmpp);
    EXPECT_EQ(config.xmpp.host, "127.0.0.1");
    EXPECT_EQ(config.xmpp.port, 5347);
    EXPECT_EQ(config.xmpp.muc_service, "");
    EXPECT_EQ(config.sip.listen.host, "127.0.0.1");
    EXPECT_EQ(config.sip.listen.port, 5060);
    EXPECT_EQ(config.sip.default_region, "US");
    EXPECT_TRUE(config.sip.routes.empty());
    EXPECT_TRUE(config.sip.trusted_peers.empty());
    EXPECT_EQ(config.db.path, dir_ / "confab.sqlite");
    EXPECT_EQ(config.web.listen.port, 8443);
    EXPECT_EQ(config.log.level, "info");
}

TEST_F(BridgeConfigTest, InlineSecret) {
    const BridgeConfig config =
        parse("[xmpp]\ndomain = \"localhost\"\ncomponent = \"b.localhost\"\nsecret = \"abc\"\n");
    EXPECT_EQ(config.xmpp.secret, "abc");
}

TEST_F(BridgeConfigTest, LoadsFromFileAndResolvesPathsAgainstItsFolder) {
    write("bridge.toml", kXmpp + "[db]\npath = \"data/confab.sqlite\"\n");
    const BridgeConfig config = loadBridgeConfig(dir_ / "bridge.toml");
    EXPECT_EQ(config.xmpp.secret, "s3cret");
    EXPECT_EQ(config.db.path, dir_ / "data/confab.sqlite");
}

TEST_F(BridgeConfigTest, MissingFile) {
    const fs::path missing = dir_ / "nope.toml";
    try {
        loadBridgeConfig(missing);
        FAIL() << "no error";
    } catch (const ConfigError& error) {
        EXPECT_EQ(std::string(error.what()),
                  missing.string() + ": cannot read the config file: no such file");
    }
}

TEST_F(BridgeConfigTest, MissingRequiredKey) {
    EXPECT_EQ(errorFor("[xmpp]\ncomponent = \"b.localhost\"\nsecret = \"x\"\n"),
              "bridge.toml: xmpp.domain: missing (required)");
    EXPECT_EQ(errorFor(""), "bridge.toml: xmpp.domain: missing (required)");
    EXPECT_EQ(errorFor("[xmpp]\ndomain = \"a\"\ncomponent = \"b\"\n"),
              "bridge.toml: xmpp.secret_file: missing (required: set secret_file, or secret)");
}

TEST_F(BridgeConfigTest, PortOutOfRange) {
    EXPECT_EQ(errorFor(kXmpp + "port = 70000\n"),
              "bridge.toml:5: xmpp.port: expected an integer between 1 and 65535, got 70000");
    EXPECT_EQ(errorFor(kXmpp + "port = 0\n"),
              "bridge.toml:5: xmpp.port: expected an integer between 1 and 65535, got 0");
    EXPECT_EQ(errorFor(kXmpp + "port = -5\n"),
              "bridge.toml:5: xmpp.port: expected an integer between 1 and 65535, got -5");
    EXPECT_EQ(errorFor(kXmpp + "port = 99999999999999999999999\n"),
              "bridge.toml:5: xmpp.port: expected an integer between 1 and 65535, got "
              "99999999999999999999999");
}

TEST_F(BridgeConfigTest, WrongType) {
    EXPECT_EQ(errorFor(kXmpp + "port = \"5347\"\n"),
              "bridge.toml:5: xmpp.port: expected an integer between 1 and 65535, got \"5347\"");
    EXPECT_EQ(errorFor(kXmpp + "host = 127\n"),
              "bridge.toml:5: xmpp.host: expected a string, got 127");
    EXPECT_EQ(errorFor(kXmpp + "[log]\nlevel = [\"info\"]\n"),
              "bridge.toml:6: log.level: expected a string, got an array");
    EXPECT_EQ(errorFor("xmpp = 5\n"),
              "bridge.toml:1: xmpp: expected a table, written [xmpp], got 5");
    EXPECT_EQ(errorFor(kXmpp + "[sip]\ntrusted_peers = [\"127.0.0.1\", 5]\n"),
              "bridge.toml:6: sip.trusted_peers[2]: expected a string, got 5");
}

TEST_F(BridgeConfigTest, SecretFileProblemsNameThePath) {
    const std::string base = "[xmpp]\ndomain = \"a\"\ncomponent = \"b\"\n";
    const std::string missing = errorFor(base + "secret_file = \"absent.secret\"\n");
    EXPECT_EQ(missing, "bridge.toml:4: xmpp.secret_file: cannot read \"" +
                           (dir_ / "absent.secret").string() + "\": no such file");

    write("empty.secret", " \n\t\n");
    EXPECT_EQ(
        errorFor(base + "secret_file = \"empty.secret\"\n"),
        "bridge.toml:4: xmpp.secret_file: \"" + (dir_ / "empty.secret").string() + "\" is empty");

    fs::create_directories(dir_ / "folder");
    EXPECT_NE(errorFor(base + "secret_file = \"folder\"\n").find("it is a directory"),
              std::string::npos);

    write("huge.secret", std::string(5000, 'x'));
    EXPECT_NE(errorFor(base + "secret_file = \"huge.secret\"\n").find("larger than 4096"),
              std::string::npos);

    EXPECT_EQ(errorFor(base + "secret = \"x\"\nsecret_file = \"component.secret\"\n"),
              "bridge.toml:4: xmpp.secret: set either secret or secret_file, not both");
    EXPECT_EQ(errorFor(base + "secret = \"\"\n"),
              "bridge.toml:4: xmpp.secret: expected a non-empty string");
    // A secret of the wrong type is not quoted back.
    EXPECT_EQ(errorFor(base + "secret = 123456789\n"),
              "bridge.toml:4: xmpp.secret: expected a non-empty string");
}

TEST_F(BridgeConfigTest, UnreadableSecretFile) {
    if (geteuid() == 0) {
        GTEST_SKIP() << "root reads files whatever their permissions";
    }
    write("locked.secret", "x");
    fs::permissions(dir_ / "locked.secret", fs::perms::none);
    EXPECT_EQ(
        errorFor("[xmpp]\ndomain = \"a\"\ncomponent = \"b\"\nsecret_file = \"locked.secret\"\n"),
        "bridge.toml:4: xmpp.secret_file: cannot read \"" + (dir_ / "locked.secret").string() +
            "\": permission denied");
}

TEST_F(BridgeConfigTest, UnknownKeysAndSections) {
    EXPECT_EQ(errorFor(kXmpp + "prot = 5347\n"),
              "bridge.toml:5: xmpp.prot: unknown key (known keys in [xmpp]: domain, component, "
              "host, port, secret, secret_file, muc_service, archive_rooms)");
    const std::string section = errorFor(kXmpp + "[dial_plan]\nallow = true\n");
    EXPECT_EQ(section.rfind("bridge.toml:5: dial_plan: unknown section (known sections: ", 0), 0U)
        << section;
    EXPECT_EQ(errorFor("stray = 1\n" + kXmpp).rfind("bridge.toml:1: stray: unknown key outside", 0),
              0U);
    const std::string route =
        errorFor(kXmpp +
                 "[[sip.route]]\nprefix = \"+\"\nuri = \"sip:{number}@h\"\n"
                 "[[sip.route]]\nprefix = \"+1\"\nurl = \"sip:{number}@h\"\n");
    EXPECT_EQ(route.rfind("bridge.toml:10: sip.route[2].url: unknown key", 0), 0U) << route;
}

TEST_F(BridgeConfigTest, AllUnknownKeysAreNamedInFileOrder) {
    const std::string error =
        errorFor(kXmpp + "secert = \"x\"\n[sip]\ntrusted_peer = [\"1.2.3.4\"]\n[extra]\n");
    EXPECT_EQ(error.rfind("bridge.toml:5: xmpp.secert: unknown key", 0), 0U) << error;
    EXPECT_NE(error.find("also unknown: sip.trusted_peer (line 7), extra (line 8)"),
              std::string::npos)
        << error;
}

TEST_F(BridgeConfigTest, SyntaxErrorsCarryTheLine) {
    EXPECT_EQ(errorFor(kXmpp + "port 5347\n"),
              "bridge.toml:5: TOML syntax error: missing key-value separator `=`");
    const std::string duplicate = errorFor(kXmpp + "domain = \"again\"\n");
    EXPECT_EQ(duplicate.rfind("bridge.toml:5: TOML syntax error: ", 0), 0U) << duplicate;
    const std::string unterminated = errorFor("[xmpp\n");
    EXPECT_EQ(unterminated.rfind("bridge.toml:1: TOML syntax error: ", 0), 0U) << unterminated;
}

TEST_F(BridgeConfigTest, HostileFiles) {
    EXPECT_EQ(errorFor(kXmpp + std::string("x = \"a\0b\"\n", 10)),
              "bridge.toml:5: the control character U+0000 is not allowed in TOML");
    EXPECT_EQ(errorFor(kXmpp + "muc_service = \"\xff\"\n"),
              "bridge.toml:5: the file is not valid UTF-8 here");
    EXPECT_NE(errorFor("a = " + std::string(100000, '[')).find("nested too deeply"),
              std::string::npos);
    std::string dotted = "a";
    for (int i = 0; i < 100000; ++i) {
        dotted += ".a";
    }
    EXPECT_NE(errorFor(dotted + " = 1\n").find("nested too deeply"), std::string::npos);
    EXPECT_NE(errorFor(std::string(2 * 1024 * 1024, '#')).find("larger than"), std::string::npos);
    // Brackets inside strings and comments do not count as nesting.
    EXPECT_NO_THROW(parse(kXmpp +
                          "# [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n"
                          "muc_service = \"conference.localhost\"\n"));
}

TEST_F(BridgeConfigTest, ListenAddresses) {
    const std::string sip = kXmpp + "[sip]\nlisten = ";
    const std::string expected =
        "expected \"host:port\" with a port between 1 and 65535 (IPv6 as \"[::1]:port\")";
    EXPECT_EQ(errorFor(sip + "\"127.0.0.1\"\n"),
              "bridge.toml:6: sip.listen: " + expected + ", got \"127.0.0.1\"");
    EXPECT_NE(errorFor(sip + "\"127.0.0.1:0\"\n").find("sip.listen"), std::string::npos);
    EXPECT_NE(errorFor(sip + "\"127.0.0.1:65536\"\n").find("sip.listen"), std::string::npos);
    EXPECT_NE(errorFor(sip + "\"::1:5060\"\n").find("sip.listen"), std::string::npos);
    EXPECT_NE(errorFor(sip + "\"[::1]5060\"\n").find("sip.listen"), std::string::npos);
    EXPECT_NE(errorFor(sip + "\":5060\"\n").find("sip.listen"), std::string::npos);
    EXPECT_NE(errorFor(sip + "\"a b:5060\"\n").find("sip.listen"), std::string::npos);
    EXPECT_NE(errorFor(kXmpp + "[web]\nlisten = \"x:y\"\n").find("web.listen"), std::string::npos);
    EXPECT_EQ(parse(sip + "\"sip.example.com:5060\"\n").sip.listen.host, "sip.example.com");
}

TEST_F(BridgeConfigTest, SipValues) {
    EXPECT_EQ(errorFor(kXmpp + "[sip]\ncaller_id = \"555-0100\"\n"),
              "bridge.toml:6: sip.caller_id: expected an E.164 number such as \"+15550100\", got "
              "\"555-0100\"");
    EXPECT_EQ(errorFor(kXmpp + "[sip]\ndefault_region = \"XX\"\n"),
              "bridge.toml:6: sip.default_region: expected a two-letter region code such as "
              "\"US\", got \"XX\"");
    EXPECT_EQ(errorFor(kXmpp + "[sip]\ntrusted_peers = [\"127.0.0.1\", \"bob\"]\n"),
              "bridge.toml:6: sip.trusted_peers: expected IP addresses; entry 2 is \"bob\"");
    EXPECT_EQ(errorFor(kXmpp + "[sip]\ntrusted_peers = \"127.0.0.1\"\n"),
              "bridge.toml:6: sip.trusted_peers: expected an array of strings, got \"127.0.0.1\"");
}

TEST_F(BridgeConfigTest, RouteValues) {
    const std::string route = kXmpp + "[[sip.route]]\nprefix = \"+1\"\nuri = \"sip:{number}@h\"\n";
    EXPECT_EQ(errorFor(route + "[[sip.route]]\nprefix = \"+44\"\nuri = \"sip:44@h\"\n"),
              "bridge.toml:10: sip.route[2].uri: expected a sip: or sips: URI containing "
              "{number}, without spaces, quotes or angle brackets, got \"sip:44@h\"");
    EXPECT_NE(errorFor(kXmpp + "[[sip.route]]\nprefix = \"+\"\nuri = \"http://{number}\"\n")
                  .find("sip.route[1].uri"),
              std::string::npos);
    EXPECT_NE(errorFor(kXmpp + "[[sip.route]]\nprefix = \"+\"\nuri = \"sip:{number}@h>;x\"\n")
                  .find("sip.route[1].uri"),
              std::string::npos);
    EXPECT_EQ(errorFor(kXmpp + "[[sip.route]]\nprefix = \"1555\"\nuri = \"sip:{number}@h\"\n"),
              "bridge.toml:6: sip.route[1].prefix: expected '+' followed by digits, such as "
              "\"+1555\", got \"1555\"");
    EXPECT_EQ(errorFor(kXmpp + "[[sip.route]]\nuri = \"sip:{number}@h\"\n"),
              "bridge.toml: sip.route[1].prefix: missing (required: use \"+\" to match every "
              "number)");
    EXPECT_EQ(errorFor(route + "password_file = \"absent\"\n"),
              "bridge.toml:8: sip.route[1].password_file: cannot read \"" +
                  (dir_ / "absent").string() + "\": no such file");
    EXPECT_NE(errorFor(route + "username = \"a\\\"b\"\n").find("sip.route[1].username"),
              std::string::npos);
    EXPECT_NE(errorFor(route + "caller_id = \"+1 555\"\n").find("sip.route[1].caller_id"),
              std::string::npos);
    EXPECT_EQ(errorFor(kXmpp + "[sip.route]\nprefix = \"+\"\n"),
              "bridge.toml:5: sip.route: expected an array of tables, written [[sip.route]], got "
              "a table");
}

TEST_F(BridgeConfigTest, DomainsAndLogLevel) {
    EXPECT_EQ(errorFor("[xmpp]\ndomain = \"a b\"\ncomponent = \"b\"\nsecret = \"x\"\n"),
              "bridge.toml:2: xmpp.domain: expected a domain name (letters, digits, '.', '-'), "
              "got \"a b\"");
    EXPECT_EQ(errorFor(kXmpp + "[log]\nlevel = \"verbose\"\n"),
              "bridge.toml:6: log.level: expected one of trace, debug, info, warn, error, "
              "critical, off, got \"verbose\"");
}

TEST_F(BridgeConfigTest, PolicyDefaults) {
    const BridgeConfig config = parse(kXmpp + "[sip]\ndefault_region = \"GB\"\n");
    EXPECT_EQ(config.policy.start_conference, (std::vector<std::string>{"localhost"}));
    EXPECT_EQ(config.policy.max_legs_per_conference, 20U);
    EXPECT_EQ(config.policy.max_concurrent_legs_per_user, 10U);
    EXPECT_EQ(config.policy.max_dials_per_minute, 20U);
    EXPECT_EQ(config.policy.invitation_timeout_seconds, 30U);
    EXPECT_TRUE(config.policy.roles.empty());
}

TEST_F(BridgeConfigTest, PolicyReadsEveryKey) {
    const BridgeConfig config = parse(kXmpp + R"([sip]
default_region = "GB"
[policy]
start_conference = ["example.com", "Alice@Other.example"]
max_legs_per_conference = 1000
max_concurrent_legs_per_user = 1
max_dials_per_minute = 10000
invitation_timeout_seconds = 5
[[policy.role]]
name = "operators"
members = ["ops@example.com", "ops.example.com"]
allowed_prefixes = ["+1", "+44"]
allow_international = true
allow_premium = true
[[policy.role]]
name = "staff"
members = ["example.com"]
)");
    const PolicySettings& policy = config.policy;
    EXPECT_EQ(policy.start_conference,
              (std::vector<std::string>{"example.com", "Alice@Other.example"}));
    EXPECT_EQ(policy.max_legs_per_conference, 1000U);
    EXPECT_EQ(policy.max_concurrent_legs_per_user, 1U);
    EXPECT_EQ(policy.max_dials_per_minute, 10000U);
    EXPECT_EQ(policy.invitation_timeout_seconds, 5U);
    ASSERT_EQ(policy.roles.size(), 2U);
    EXPECT_EQ(policy.roles[0].name, "operators");
    EXPECT_EQ(policy.roles[0].members,
              (std::vector<std::string>{"ops@example.com", "ops.example.com"}));
    EXPECT_EQ(policy.roles[0].allowed_prefixes, (std::vector<std::string>{"+1", "+44"}));
    EXPECT_TRUE(policy.roles[0].allow_international);
    EXPECT_TRUE(policy.roles[0].allow_premium);
    EXPECT_EQ(policy.roles[1].name, "staff");
    // Unset prefixes are the country code of sip.default_region.
    EXPECT_EQ(policy.roles[1].allowed_prefixes, (std::vector<std::string>{"+44"}));
    EXPECT_FALSE(policy.roles[1].allow_international);
    EXPECT_FALSE(policy.roles[1].allow_premium);
}

TEST_F(BridgeConfigTest, PolicyDefaultPrefixFollowsDefaultRegion) {
    const std::string role = "[[policy.role]]\nname = \"r\"\nmembers = [\"localhost\"]\n";
    EXPECT_EQ(parse(kXmpp + role).policy.roles.at(0).allowed_prefixes,
              (std::vector<std::string>{"+1"}));
    EXPECT_EQ(parse(kXmpp + "[sip]\ndefault_region = \"DE\"\n" + role)
                  .policy.roles.at(0)
                  .allowed_prefixes,
              (std::vector<std::string>{"+49"}));
}

TEST_F(BridgeConfigTest, PolicyLimitsAtTheirBounds) {
    const std::string policy = kXmpp + "[policy]\n";
    EXPECT_EQ(errorFor(policy + "max_legs_per_conference = 0\n"),
              "bridge.toml:6: policy.max_legs_per_conference: expected an integer between 1 and "
              "1000, got 0");
    EXPECT_EQ(errorFor(policy + "max_legs_per_conference = 1001\n"),
              "bridge.toml:6: policy.max_legs_per_conference: expected an integer between 1 and "
              "1000, got 1001");
    EXPECT_EQ(errorFor(policy + "max_concurrent_legs_per_user = 1001\n"),
              "bridge.toml:6: policy.max_concurrent_legs_per_user: expected an integer between 1 "
              "and 1000, got 1001");
    EXPECT_EQ(errorFor(policy + "max_dials_per_minute = 10001\n"),
              "bridge.toml:6: policy.max_dials_per_minute: expected an integer between 1 and "
              "10000, got 10001");
    EXPECT_EQ(errorFor(policy + "invitation_timeout_seconds = 4\n"),
              "bridge.toml:6: policy.invitation_timeout_seconds: expected an integer between 5 "
              "and 600, got 4");
    EXPECT_EQ(errorFor(policy + "invitation_timeout_seconds = 601\n"),
              "bridge.toml:6: policy.invitation_timeout_seconds: expected an integer between 5 "
              "and 600, got 601");
    EXPECT_EQ(errorFor(policy + "max_dials_per_minute = \"20\"\n"),
              "bridge.toml:6: policy.max_dials_per_minute: expected an integer between 1 and "
              "10000, got \"20\"");
    EXPECT_EQ(
        parse(policy + "invitation_timeout_seconds = 600\n").policy.invitation_timeout_seconds,
        600U);
}

TEST_F(BridgeConfigTest, PolicyStartConferenceEntries) {
    const std::string key = kXmpp + "[policy]\nstart_conference = ";
    const std::string expected =
        "bridge.toml:6: policy.start_conference: expected bare JIDs or domains such as "
        "\"alice@example.com\" or \"example.com\"; entry ";
    EXPECT_EQ(errorFor(key + "[\"example.com\", \"bob@example.com/phone\"]\n"),
              expected + "2 is \"bob@example.com/phone\"");
    EXPECT_EQ(errorFor(key + "[\"\"]\n"), expected + "1 is \"\"");
    EXPECT_EQ(errorFor(key + "[\"bob @example.com\"]\n"), expected + "1 is \"bob @example.com\"");
    EXPECT_EQ(errorFor(key + "[\"example .com\"]\n"), expected + "1 is \"example .com\"");
    EXPECT_EQ(errorFor(key + "[\"@example.com\"]\n"), expected + "1 is \"@example.com\"");
    EXPECT_EQ(errorFor(key + "[\"bob@\"]\n"), expected + "1 is \"bob@\"");
    EXPECT_EQ(errorFor(key + "[\"a@b@example.com\"]\n"), expected + "1 is \"a@b@example.com\"");
    EXPECT_EQ(errorFor(key + "[\".example.com\"]\n"), expected + "1 is \".example.com\"");
    EXPECT_EQ(errorFor(key + "[]\n"),
              "bridge.toml:6: policy.start_conference: expected at least one bare JID or domain");
    EXPECT_EQ(errorFor(key + "\"example.com\"\n"),
              "bridge.toml:6: policy.start_conference: expected an array of strings, got "
              "\"example.com\"");
    EXPECT_EQ(errorFor(key + "[\"a.example\", 7]\n"),
              "bridge.toml:6: policy.start_conference[2]: expected a string, got 7");
}

TEST_F(BridgeConfigTest, PolicyRoleValues) {
    const std::string role =
        kXmpp + "[[policy.role]]\nname = \"ops\"\nmembers = [\"ops.example\"]\n";
    // Lines: 5 [[policy.role]], 6 name, 7 members, 8 the key under test.
    EXPECT_EQ(errorFor(role + "allowed_prefixes = [\"+1\", \"44\"]\n"),
              "bridge.toml:8: policy.role[1].allowed_prefixes: expected E.164 prefixes of '+' "
              "and 1 to 15 digits, such as \"+1\" or \"+44\"; entry 2 is \"44\"");
    EXPECT_NE(errorFor(role + "allowed_prefixes = [\"+\"]\n").find("entry 1 is \"+\""),
              std::string::npos);
    EXPECT_NE(errorFor(role + "allowed_prefixes = [\"+1234567890123456\"]\n").find("entry 1"),
              std::string::npos);
    EXPECT_NE(errorFor(role + "allowed_prefixes = [\"+1 555\"]\n").find("entry 1"),
              std::string::npos);
    EXPECT_EQ(parse(role + "allowed_prefixes = [\"+123456789012345\"]\n")
                  .policy.roles.at(0)
                  .allowed_prefixes.at(0),
              "+123456789012345");
    EXPECT_EQ(errorFor(role + "allowed_prefixes = []\n"),
              "bridge.toml:8: policy.role[1].allowed_prefixes: expected at least one prefix such "
              "as \"+1\"; leave the key out for the country code of sip.default_region");
    EXPECT_EQ(errorFor(role + "allow_premium = \"false\"\n"),
              "bridge.toml:8: policy.role[1].allow_premium: expected true or false, got "
              "\"false\"");
    EXPECT_EQ(errorFor(role + "allow_international = 1\n"),
              "bridge.toml:8: policy.role[1].allow_international: expected true or false, got 1");
    EXPECT_EQ(errorFor(role + "members = [\"x\"]\n").rfind("bridge.toml:8: TOML syntax error", 0),
              0U);
    EXPECT_EQ(errorFor(kXmpp + "[[policy.role]]\nname = \"ops\"\nmembers = [\"o/x\"]\n"),
              "bridge.toml:7: policy.role[1].members: expected bare JIDs or domains such as "
              "\"alice@example.com\" or \"example.com\"; entry 1 is \"o/x\"");
    EXPECT_EQ(errorFor(kXmpp + "[[policy.role]]\nname = \"ops\"\nmembers = []\n"),
              "bridge.toml:7: policy.role[1].members: expected at least one bare JID or domain");
    EXPECT_EQ(errorFor(kXmpp + "[[policy.role]]\nname = \"ops\"\n"),
              "bridge.toml: policy.role[1].members: missing (required: bare JIDs or domains such "
              "as \"alice@example.com\" or \"example.com\")");
    EXPECT_EQ(errorFor(kXmpp + "[[policy.role]]\nmembers = [\"a.example\"]\n"),
              "bridge.toml: policy.role[1].name: missing (required)");
    EXPECT_EQ(errorFor(kXmpp + "[[policy.role]]\nname = \"\"\nmembers = [\"a.example\"]\n"),
              "bridge.toml:6: policy.role[1].name: expected a non-empty string");
    const std::string unknown = errorFor(role + "allow_premum = true\n");
    EXPECT_EQ(unknown.rfind("bridge.toml:8: policy.role[1].allow_premum: unknown key (known keys "
                            "in [policy.role]: name, members, allowed_prefixes, "
                            "allow_international, allow_premium)",
                            0),
              0U)
        << unknown;
    const std::string unknown_policy = errorFor(kXmpp + "[policy]\nmax_dials = 5\n");
    EXPECT_EQ(unknown_policy.rfind("bridge.toml:6: policy.max_dials: unknown key", 0), 0U)
        << unknown_policy;
}

TEST_F(BridgeConfigTest, PolicyRoleNamesAreUniqueAndNotDefault) {
    const std::string ops = "[[policy.role]]\nname = \"ops\"\nmembers = [\"a.example\"]\n";
    EXPECT_EQ(
        errorFor(kXmpp + ops + "[[policy.role]]\nname = \"OPS\"\nmembers = [\"b.example\"]\n"),
        "bridge.toml:9: policy.role[2].name: expected a name no other role has; "
        "policy.role[1] is also called \"ops\"");
    EXPECT_EQ(errorFor(kXmpp + "[[policy.role]]\nname = \"default\"\nmembers = [\"a.example\"]\n"),
              "bridge.toml:6: policy.role[1].name: expected a name other than \"default\", which "
              "is the role of users who match no role, got \"default\"");
    EXPECT_EQ(parse(kXmpp + ops + "[[policy.role]]\nname = \"ops2\"\nmembers = [\"a.example\"]\n")
                  .policy.roles.size(),
              2U);
}

}  // namespace
}  // namespace confab
