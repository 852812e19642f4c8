// Views and records for the page tests. hostile() puts markup, quotes,
// invalid UTF-8 and spreadsheet formulas into every text field, so a test can
// render every page with it and check nothing leaks through unescaped.
#pragma once

#include <string>
#include <vector>

#include "confab/web/pages.h"

namespace confab::web::test {

// Every hostile string contains this marker, so tests can find where data
// ended up.
inline const std::string kAttack = "<script>alert(\"x\")</script>' onmouseover=alert(1) x=\"<b style=color:red>";

inline std::string hostile(const std::string& label) { return label + kAttack + "\xFF\xC0\xAF=1+2"; }

inline PageContext sampleContext() {
    PageContext context;
    context.admin = hostile("admin");
    context.csrf_token = "tok\"en<&>";
    context.flash = hostile("flash");
    context.flash_is_error = true;
    return context;
}

inline HealthView sampleHealth() {
    HealthView health;
    health.version = hostile("1.0");
    health.uptime_seconds = 3725;
    health.live_conferences = 1;
    health.live_legs = 2;
    health.media_cpu_percent = 3.25;
    health.tick_p99_ms = 0.41;
    health.xmpp_connected = true;
    health.xmpp_status = hostile("xmpp");
    health.sip_status = hostile("sip");
    return health;
}

inline ConferenceView sampleConference() {
    ConferenceView conference;
    conference.id = 42;
    conference.owner_jid = hostile("owner");
    conference.room_jid = hostile("room");
    conference.locked = true;
    conference.started = 1714570000000;
    LegView talker;
    talker.participant = 7;
    talker.name = hostile("Bob");
    talker.number = "+15551234567";
    talker.state = "connected";
    talker.talking = true;
    talker.loss_percent = 1.5;
    talker.jitter_ms = 12.25;
    talker.rtt_ms = 80;
    talker.joined = 1714570005000;
    LegView muted;
    muted.participant = 8;
    muted.number = hostile("+1555");
    muted.state = "connected";
    muted.muted = true;
    LegView gone;
    gone.participant = 9;
    gone.name = "Carol";
    gone.number = "+15550000009";
    gone.state = "disconnected";
    gone.end_reason = "busy";
    gone.sip_code = 486;
    conference.legs = {talker, muted, gone};
    return conference;
}

inline store::LegRecord sampleLeg(std::int64_t id) {
    store::LegRecord leg;
    leg.id = id;
    leg.conference_id = 42;
    leg.requester_jid = hostile("alice@example.com");
    leg.number = "+15551234567";
    leg.display_name = hostile("Bob");
    leg.started = 1714570000000 + id * 1000;
    leg.answered = leg.started + 2000;
    leg.ended = leg.started + 65000;
    leg.end_reason = "hangup";
    return leg;
}

inline store::LegRecord failedLeg(std::int64_t id) {
    store::LegRecord leg = sampleLeg(id);
    leg.answered.reset();
    leg.end_reason = "busy";
    leg.sip_code = 486;
    return leg;
}

inline store::DirectoryUser sampleUser() {
    store::DirectoryUser user;
    user.jid = "bob@example.com";
    user.display_name = hostile("Bob");
    user.numbers = {{"+15551234567", store::NumberKind::Work, false}, {"+15559876543", store::NumberKind::Mobile, true}};
    user.source = "admin";
    return user;
}

inline PolicyView samplePolicy() {
    PolicyView policy;
    policy.start_conference = {"example.com", hostile("ops@example.com")};
    policy.blocked_prefixes = {"+1900", hostile("+44")};
    policy.max_legs_per_conference = 12;
    policy.max_concurrent_legs_per_user = 4;
    policy.max_dials_per_minute = 9;
    policy.invitation_timeout_seconds = 45;
    PolicyRole staff;
    staff.name = hostile("staff");
    staff.members = {"example.com"};
    staff.allowed_prefixes = {"+1", "+44"};
    staff.allow_international = true;
    PolicyRole guests;
    guests.name = "guests";
    guests.allowed_prefixes = {"+1555"};
    guests.allow_premium = true;
    policy.roles = {staff, guests};
    return policy;
}

inline SystemView sampleSystem() {
    SystemView system;
    system.health = sampleHealth();
    system.config_summary = {"xmpp.secret = (hidden)", hostile("web.listen = ")};
    system.recent_log = {"[info] started", hostile("[warn] ")};
    system.plugins = {"recorder: loaded (records conferences) from /usr/lib/confab/plugins/recorder.so",
                      hostile("webhook: not running: ")};
    return system;
}

inline store::AuditRecord sampleAudit() {
    store::AuditRecord record;
    record.id = 1;
    record.at = 1714570000000;
    record.actor_jid = hostile("admin:root");
    record.action = hostile("mute");
    record.detail = hostile("conference 42");
    record.allowed = false;
    record.reason = hostile("not live");
    return record;
}

// A recording of conference 42. Paths name files by their last part, so the
// hostile text (which holds a '/') goes in as a folder and a file name.
inline store::RecordingRecord sampleRecording(std::int64_t id, std::uint32_t participant = 0,
                                              const std::string& file = "conf-42-mix.wav") {
    store::RecordingRecord recording;
    recording.id = id;
    recording.conference_id = 42;
    recording.participant = participant;
    recording.path = "/var/lib/confab/recordings/" + file;
    recording.format = "wav";
    recording.started = 1714570001000;
    recording.ended = 1714570091000;
    recording.bytes = 1440044;
    return recording;
}

inline store::RecordingRecord hostileRecording(std::int64_t id) {
    store::RecordingRecord recording = sampleRecording(id, 3);
    recording.path = "/var/" + hostile("rec") + ".ogg";
    recording.format = "ogg-opus";
    return recording;
}

// Every page, rendered with hostile data, named for test messages.
inline std::vector<std::pair<std::string, std::string>> allPages() {
    const PageContext context = sampleContext();
    const ConferenceView conference = sampleConference();
    HistoryQuery query;
    query.user = hostile("u");
    query.number = "+1 555&x=1";
    query.from = "2024-05-01";
    query.to = hostile("2024");
    query.page = 2;
    store::LegSearchPage results;
    results.legs = {sampleLeg(1), failedLeg(2)};
    results.total = 120;
    store::ConferenceRecord record;
    record.id = 42;
    record.owner_jid = hostile("owner");
    record.room_jid = hostile("room");
    record.started = 1714570000000;
    record.ended = 1714570090000;
    record.end_reason = hostile("ended by admin");
    store::EventRecord event;
    event.id = 1;
    event.conference_id = 42;
    event.at = 1714570003000;
    event.kind = hostile("talk");
    event.detail = hostile("Bob");
    return {
        {"login", renderLoginPage(hostile("error"), "login\"tok<>", hostile("user"))},
        {"dashboard", renderDashboardPage(context, sampleHealth(), {conference})},
        {"conference", renderConferencePage(context, conference)},
        {"history", renderHistoryPage(context, query, results, 25, {{42, {sampleRecording(1), hostileRecording(2)}}})},
        {"timeline", renderTimelinePage(context, record, {sampleLeg(1), failedLeg(2)}, {event},
                                        {sampleRecording(1), hostileRecording(2)})},
        {"directory", renderDirectoryPage(context, {sampleUser()}, {hostile("line 3: ")})},
        {"policy", renderPolicyPage(context, samplePolicy(), hostile("refused"))},
        {"system", renderSystemPage(context, sampleSystem(), {sampleAudit()})},
        {"error", renderErrorPage(&context, 404, hostile("no such page"))},
        {"error-anonymous", renderErrorPage(nullptr, 403, hostile("forbidden"))},
    };
}

}  // namespace confab::web::test
