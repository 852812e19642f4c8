// Admin views: plain data the admin web page shows. The control thread fills
// them (AdminBackend) and hands copies to the web threads, which render them
// (pages.h) or serialise them (JSON for the live dashboard). Nothing here
// points back into the bridge, so a view can outlive the conference it shows.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "confab/shared/bridge_config.h"

namespace confab::web {

// Milliseconds since the Unix epoch, as in confab::store::UnixMillis.
using UnixMillis = std::int64_t;

struct LegView {
    std::uint32_t participant = 0;  // the conference's participant id: what actions name
    std::string name;               // directory/display name, may be empty
    std::string number;             // E.164; empty for chat-only participants
    std::string jid;                // bare JID of an IM user, may be empty
    // "invited", "dialing", "alerting", "connected", "on-hold",
    // "disconnecting", "disconnected"
    std::string state;
    bool talking = false;
    bool muted = false;
    std::string end_reason;  // "busy", "no-answer", "failed", "hangup", "kicked", ... once ended
    int sip_code = 0;        // final SIP code of a failed leg, else 0
    // From RTCP and the receive statistics; negative when not known yet.
    double loss_percent = -1;
    double jitter_ms = -1;
    double rtt_ms = -1;
    UnixMillis joined = 0;  // answered at; 0 if never answered
};

struct ConferenceView {
    std::int64_t id = 0;  // the database row id: stable, used in URLs
    std::string owner_jid;
    std::string room_jid;  // may be empty
    bool locked = false;
    UnixMillis started = 0;
    std::vector<LegView> legs;  // live and ended legs, in dial order
};

struct HealthView {
    std::string version;  // CONFAB_VERSION
    std::int64_t uptime_seconds = 0;
    std::size_t live_conferences = 0;
    std::size_t live_legs = 0;
    double media_cpu_percent = 0;  // media thread CPU over wall time, since start
    double tick_p99_ms = 0;        // mixer tick p99, over the whole run
    bool xmpp_connected = false;
    std::string xmpp_status;  // one line: "connected to 127.0.0.1:5347 as bridge.localhost"
    std::string sip_status;   // one line: "listening on udp 127.0.0.1:5060, 2 route(s)"
};

struct MetricsView {
    std::size_t live_conferences = 0;
    std::size_t live_legs = 0;
    // Dials by how they ended or stand: "connected", "busy", "no-answer",
    // "failed", "denied" (by the dial policy), "cancelled".
    std::map<std::string, std::uint64_t> dials_by_result;
    std::uint64_t talker_events = 0;  // talk-start plus talk-stop, since start
    std::uint64_t commands_rate_limited = 0;  // chat commands refused for coming too fast
    double tick_p99_us = 0;           // mixer tick p99, over the whole run
    std::uint64_t ticks = 0;
    std::uint64_t late_ticks = 0;
    std::uint64_t rtp_dropped = 0;  // every strict-source/malformed drop
};

struct ActionResult {
    bool ok = false;
    std::string message;  // one sentence for the admin: what happened or why not
};

enum class LegAction { Mute, Unmute, Hangup };

// The dial policy as the admin page edits it: the limits and prefixes of
// PolicySettings (confab/shared/bridge_config.h), roles included.
using PolicyView = PolicySettings;

struct SystemView {
    HealthView health;
    // "key = value" lines of the running configuration; every secret (XMPP
    // secret, digest passwords, key files' contents) shown as "(hidden)".
    std::vector<std::string> config_summary;
    std::vector<std::string> recent_log;  // newest last, at most 200
    // One line per plugin named in [plugins] enable: "recorder: loaded
    // (...) from /path/recorder.so" or "webhook: not running: <why>".
    std::vector<std::string> plugins;
};

}  // namespace confab::web
