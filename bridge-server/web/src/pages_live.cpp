// The live pages: dashboard, conference detail, and the JSON app.js uses to
// keep them current. The markup of a conference card and of a participant
// row is mirrored in app.js (renderCard / renderRow): change both together.
#include <nlohmann/json.hpp>

#include "html.h"

namespace confab::web {

namespace {

using html::esc;

bool legIsLive(const LegView& leg) { return leg.state != "disconnected"; }

// What a leg is called on screen: name, else number, else JID.
std::string legLabel(const LegView& leg) {
    if (!leg.name.empty()) return leg.name;
    if (!leg.number.empty()) return leg.number;
    if (!leg.jid.empty()) return leg.jid;
    return "participant " + std::to_string(leg.participant);
}

std::string legSubtitle(const LegView& leg) {
    std::string text;
    if (!leg.name.empty()) text = !leg.number.empty() ? leg.number : leg.jid;
    return text;
}

// Indicators that do not rely on colour alone: a glyph and a word.
std::string talkIndicator(const LegView& leg) {
    if (leg.talking) {
        return "<span class=\"talk-indicator talking\"><span aria-hidden=\"true\">\xE2\x97\x8F</span> talking</span>";
    }
    return "<span class=\"talk-indicator silent\"><span aria-hidden=\"true\">\xE2\x97\x8B</span> silent</span>";
}

std::string muteMark(const LegView& leg) {
    if (!leg.muted) return "";
    return " <span class=\"mute-mark\"><span aria-hidden=\"true\">\xE2\x8A\x98</span> muted</span>";
}

std::string stateChip(const LegView& leg) {
    std::string text = leg.state;
    if (leg.state == "disconnected" && !leg.end_reason.empty()) {
        text += " (" + leg.end_reason;
        // Some reasons already carry the code ("busy (SIP 486 Busy Here)").
        const std::string code = std::to_string(leg.sip_code);
        if (leg.sip_code != 0 && leg.end_reason.find(code) == std::string::npos) text += ", SIP " + code;
        text += ")";
    }
    return "<span class=\"chip state state-" + esc(leg.state) + "\">" + esc(text) + "</span>";
}

std::string legClasses(const LegView& leg) {
    std::string classes = "leg state-" + esc(leg.state);
    if (leg.talking) classes += " talking";
    if (leg.muted) classes += " muted";
    if (!legIsLive(leg)) classes += " ended";
    return classes;
}

std::string conferenceTitle(const ConferenceView& conference) {
    return "Conference " + std::to_string(conference.id);
}

std::string conferenceMeta(const ConferenceView& conference) {
    std::string meta = "<p class=\"meta\">Owner <span class=\"owner\">" + esc(conference.owner_jid) + "</span>";
    if (!conference.room_jid.empty()) meta += " \xC2\xB7 room <span class=\"room\">" + esc(conference.room_jid) + "</span>";
    meta += " \xC2\xB7 started <time datetime=\"" + esc(html::isoTime(conference.started)) + "\">" +
            esc(html::formatTime(conference.started)) + "</time></p>\n";
    return meta;
}

std::string lockChip(const ConferenceView& conference) {
    return conference.locked ? " <span class=\"chip locked\">locked</span>" : "";
}

std::string conferenceCard(const ConferenceView& conference) {
    const std::string id = std::to_string(conference.id);
    std::string card = "<article class=\"card conference\" data-conference-id=\"" + id + "\">\n<h2><a href=\"/conferences/" +
                       id + "\">" + esc(conferenceTitle(conference)) + "</a>" + lockChip(conference) + "</h2>\n";
    card += conferenceMeta(conference);
    card += "<ul class=\"legs\">\n";
    std::size_t shown = 0;
    for (const LegView& leg : conference.legs) {
        if (!legIsLive(leg)) continue;
        ++shown;
        card += "<li class=\"" + legClasses(leg) + "\" data-participant=\"" + std::to_string(leg.participant) + "\">" +
                talkIndicator(leg) + "<span class=\"leg-who\"><span class=\"leg-name\">" + esc(legLabel(leg)) + "</span>";
        const std::string subtitle = legSubtitle(leg);
        if (!subtitle.empty()) card += " <span class=\"leg-number\">" + esc(subtitle) + "</span>";
        card += "</span><span class=\"leg-status\">" + stateChip(leg) + muteMark(leg) + "</span></li>\n";
    }
    if (shown == 0) card += "<li class=\"empty\">No one connected yet.</li>\n";
    card += "</ul>\n</article>\n";
    return card;
}

std::string healthItem(std::string_view key, std::string_view label, const std::string& value,
                       std::string_view extra_class = {}) {
    std::string item = "<div class=\"health-item";
    if (!extra_class.empty()) {
        item += ' ';
        item += extra_class;
    }
    item += "\"><span class=\"label\">";
    item += label;
    item += "</span> <span class=\"value\" data-health=\"";
    item += key;
    item += "\">" + esc(value) + "</span></div>\n";
    return item;
}

std::string healthStrip(const HealthView& health) {
    std::string strip = "<section class=\"health\" aria-label=\"System health\" id=\"health\">\n";
    // data-seconds lets app.js keep the uptime ticking between events.
    strip += "<div class=\"health-item\"><span class=\"label\">Uptime</span> <span class=\"value\" data-health=\"uptime\" "
             "data-seconds=\"" + std::to_string(health.uptime_seconds) + "\">" + esc(html::formatUptime(health.uptime_seconds)) +
             "</span></div>\n";
    strip += healthItem("live_conferences", "Conferences", std::to_string(health.live_conferences));
    strip += healthItem("live_legs", "Live legs", std::to_string(health.live_legs));
    strip += healthItem("media_cpu_percent", "Media CPU", html::formatMeasure(health.media_cpu_percent, 1) + " %");
    strip += healthItem("tick_p99_ms", "Tick p99", html::formatMeasure(health.tick_p99_ms, 2) + " ms");
    strip += healthItem("xmpp_status", "XMPP", health.xmpp_status.empty() ? std::string("unknown") : health.xmpp_status,
                        health.xmpp_connected ? "status good" : "status bad");
    strip += healthItem("sip_status", "SIP", health.sip_status.empty() ? std::string("unknown") : health.sip_status,
                        "status");
    strip += "</section>\n";
    return strip;
}

std::string liveStatus() {
    return "<p class=\"live-status\" id=\"live-status\" data-state=\"connecting\" role=\"status\">connecting\xE2\x80\xA6</p>\n";
}

std::string postButton(const std::string& action, const std::string& csrf, std::string_view label,
                       std::string_view button_class, std::string_view form_class = {},
                       std::string_view confirm = {}) {
    std::string form = "<form method=\"post\" action=\"" + esc(action) + "\" class=\"inline";
    if (!form_class.empty()) {
        form += ' ';
        form += form_class;
    }
    form += '"';
    if (!confirm.empty()) form += " data-confirm=\"" + esc(confirm) + "\"";
    form += ">" + html::csrfField(csrf) + "<button type=\"submit\" class=\"" + esc(button_class) + "\">" + esc(label) +
            "</button></form>";
    return form;
}

std::string participantRow(const ConferenceView& conference, const LegView& leg, const std::string& csrf) {
    const std::string base = "/conferences/" + std::to_string(conference.id) + "/legs/" + std::to_string(leg.participant) + "/";
    std::string row = "<tr class=\"" + legClasses(leg) + "\" data-participant=\"" + std::to_string(leg.participant) + "\">";
    row += "<td class=\"participant\"><span class=\"leg-name\">" + esc(legLabel(leg)) + "</span>";
    const std::string subtitle = legSubtitle(leg);
    if (!subtitle.empty()) row += "<br><span class=\"leg-number\">" + esc(subtitle) + "</span>";
    row += "</td>";
    row += "<td class=\"state-cell\">" + stateChip(leg) + "</td>";
    row += "<td class=\"talk-cell\">" + talkIndicator(leg) + "</td>";
    row += "<td class=\"mute-cell\">" + std::string(leg.muted ? "<span class=\"mute-mark\"><span aria-hidden=\"true\">\xE2\x8A\x98</span> muted</span>" : "no") + "</td>";
    row += "<td class=\"num\" data-measure=\"loss\">" + esc(html::formatMeasure(leg.loss_percent, 1)) + "</td>";
    row += "<td class=\"num\" data-measure=\"jitter\">" + esc(html::formatMeasure(leg.jitter_ms, 1)) + "</td>";
    row += "<td class=\"num\" data-measure=\"rtt\">" + esc(html::formatMeasure(leg.rtt_ms, 0)) + "</td>";
    row += "<td class=\"actions\">";
    if (legIsLive(leg)) {
        row += leg.muted ? postButton(base + "unmute", csrf, "Unmute", "button", "leg-action", {})
                         : postButton(base + "mute", csrf, "Mute", "button", "leg-action", {});
        row += postButton(base + "hangup", csrf, "Hang up", "button danger", "leg-action",
                          "Hang up " + legLabel(leg) + "?");
    }
    row += "</td></tr>\n";
    return row;
}

}  // namespace

std::string renderDashboardPage(const PageContext& context, const HealthView& health,
                                const std::vector<ConferenceView>& conferences) {
    std::string body = "<div class=\"page-head\"><h1>Dashboard</h1>" + liveStatus() + "</div>\n";
    body += healthStrip(health);
    body += "<h2 class=\"section-title\">Live conferences</h2>\n<div class=\"cards\" id=\"conferences\">\n";
    for (const ConferenceView& conference : conferences) body += conferenceCard(conference);
    body += "</div>\n<p class=\"empty-note\" id=\"no-conferences\"";
    if (!conferences.empty()) body += " hidden";
    body += ">No conference is running.</p>\n";
    return html::layout(&context, "Dashboard", html::NavItem::Dashboard, "page-dashboard", body);
}

std::string renderConferencePage(const PageContext& context, const ConferenceView& conference) {
    const std::string id = std::to_string(conference.id);
    const std::string base = "/conferences/" + id + "/";
    std::string body = "<div class=\"page-head\"><h1>" + esc(conferenceTitle(conference)) +
                       "<span id=\"lock-chip\">" + lockChip(conference) + "</span></h1>" + liveStatus() + "</div>\n";
    body += "<section class=\"conference-detail\" id=\"conference\" data-conference-id=\"" + id + "\">\n";
    body += conferenceMeta(conference);
    body += "<p class=\"ended-note\" id=\"ended-note\" hidden>This conference has ended. See its <a href=\"/history/" + id +
            "\">timeline</a>.</p>\n";
    body += "<div class=\"toolbar\">";
    body += conference.locked ? postButton(base + "unlock", context.csrf_token, "Unlock", "button", "conference-action")
                              : postButton(base + "lock", context.csrf_token, "Lock", "button", "conference-action");
    body += postButton(base + "end", context.csrf_token, "End conference", "button danger", "conference-action",
                       "End this conference for everyone?");
    body += "</div>\n";
    body += "<table class=\"data participants\" id=\"participants\">\n<thead><tr><th scope=\"col\">Participant</th>"
            "<th scope=\"col\">State</th><th scope=\"col\">Talking</th><th scope=\"col\">Muted</th>"
            "<th scope=\"col\" class=\"num\">Loss %</th><th scope=\"col\" class=\"num\">Jitter ms</th>"
            "<th scope=\"col\" class=\"num\">RTT ms</th><th scope=\"col\">Actions</th></tr></thead>\n<tbody>\n";
    for (const LegView& leg : conference.legs) body += participantRow(conference, leg, context.csrf_token);
    body += "</tbody>\n</table>\n";
    body += "<form method=\"post\" action=\"" + base + "dial\" class=\"dial-form\" id=\"dial-form\">" +
            html::csrfField(context.csrf_token) +
            "<label for=\"dial-number\">Dial a number into this conference</label>"
            "<div class=\"row\"><input id=\"dial-number\" name=\"number\" type=\"tel\" required maxlength=\"64\" "
            "placeholder=\"+15551234567\" autocomplete=\"off\"><button type=\"submit\" class=\"button primary\">Dial</button></div>"
            "<p class=\"hint\">The call goes through the dial policy of the conference's owner.</p></form>\n";
    body += "</section>\n";
    return html::layout(&context, conferenceTitle(conference), html::NavItem::Dashboard, "page-conference", body);
}

std::string liveJson(const HealthView& health, const std::vector<ConferenceView>& conferences) {
    using nlohmann::json;
    const auto measure = [](double value) -> json { return value >= 0 ? json(value) : json(nullptr); };
    json document;
    document["health"] = {
        {"version", health.version},
        {"uptime_seconds", health.uptime_seconds},
        {"live_conferences", health.live_conferences},
        {"live_legs", health.live_legs},
        {"media_cpu_percent", health.media_cpu_percent},
        {"tick_p99_ms", health.tick_p99_ms},
        {"xmpp_connected", health.xmpp_connected},
        {"xmpp_status", health.xmpp_status},
        {"sip_status", health.sip_status},
    };
    json list = json::array();
    for (const ConferenceView& conference : conferences) {
        json legs = json::array();
        for (const LegView& leg : conference.legs) {
            legs.push_back({
                {"participant", leg.participant},
                {"name", leg.name},
                {"number", leg.number},
                {"jid", leg.jid},
                {"state", leg.state},
                {"talking", leg.talking},
                {"muted", leg.muted},
                {"end_reason", leg.end_reason},
                {"sip_code", leg.sip_code},
                {"loss_percent", measure(leg.loss_percent)},
                {"jitter_ms", measure(leg.jitter_ms)},
                {"rtt_ms", measure(leg.rtt_ms)},
                {"joined", leg.joined},
            });
        }
        list.push_back({
            {"id", conference.id},
            {"owner_jid", conference.owner_jid},
            {"room_jid", conference.room_jid},
            {"locked", conference.locked},
            {"started", conference.started},
            {"started_text", html::formatTime(conference.started)},
            {"legs", std::move(legs)},
        });
    }
    document["conferences"] = std::move(list);
    // Invalid UTF-8 becomes U+FFFD instead of throwing; one line, so it fits
    // one SSE "data:" field.
    return document.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace confab::web
