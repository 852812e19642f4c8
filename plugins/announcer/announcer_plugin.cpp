// The announcer plugin: spoken prompts into phone legs (espeak-ng), and the
// bridge's prompt source for host->announce(). This file is only the glue
// between the C ABI (confab/plugin.h) and confab-announcer-core: reading
// [plugins.announcer], turning confab_event into AnnouncerEvent, and
// handing prompts to the PromptWorker, whose thread renders them and plays
// them with host->play_audio().
//
// Thread contract: init, close, the event listener and the prompt source run
// on the bridge's control thread and only enqueue work; the worker thread
// calls host->play_audio() and host->log(), both [any thread]. close() joins
// the worker before it returns, so nothing of ours runs after it.
#include <chrono>
#include <cstddef>
#include <exception>
#include <memory>
#include <optional>
#include <cstdint>
#include <string>

#include "confab/announcer/announcer_rules.h"
#include "confab/announcer/announcer_settings.h"
#include "confab/announcer/prompt_wording.h"
#include "confab/announcer/prompt_worker.h"
#include "confab/plugin.h"

namespace {

using namespace confab::announcer;

// Longest text another plugin may have spoken through host->announce().
constexpr std::size_t kMaxAnnounceBytes = 400;

struct Announcer {
    const confab_host* host = nullptr;
    AnnouncerSettings settings;
    std::unique_ptr<AnnouncerRules> rules;
    std::unique_ptr<PromptWorker> worker;
    std::int64_t listener = 0;
    std::int64_t prompt_source = 0;
    std::uint64_t dropped_logged = 0;  // control thread
};

// Control thread only: init() sets it, close() clears it.
Announcer* g_announcer = nullptr;

void logLine(const confab_host* host, confab_log_level level, const std::string& message) {
    if (host != nullptr && host->log != nullptr) host->log(host, level, message.c_str());
}

std::int64_t steadyMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// Reads [plugins.announcer]; false with `error` naming the key.
bool readSettings(const confab_host* host, AnnouncerSettings& out, std::string& error) {
    if (const char* voice = host->config_string(host, "voice")) {
        out.speech.voice = voice;
    } else {
        int64_t ignored = 0;
        // config_string() cannot tell "absent" from "not a string"; config_int() can.
        if (host->config_int(host, "voice", &ignored) != CONFAB_ERR_UNKNOWN) {
            error = "voice must be a string such as \"en-us\"";
            return false;
        }
    }
    int64_t rate = 0;
    const int rate_rc = host->config_int(host, "rate_wpm", &rate);
    if (rate_rc == CONFAB_OK) {
        if (rate < 0 || rate > 10000) rate = 0;  // reported by checkSettings below
        out.speech.rate_wpm = static_cast<int>(rate);
    } else if (rate_rc != CONFAB_ERR_UNKNOWN) {
        error = "rate_wpm must be an integer (words per minute, 80..450)";
        return false;
    }
    const auto readBool = [&](const char* key, bool& value) {
        int flag = 0;
        const int rc = host->config_bool(host, key, &flag);
        if (rc == CONFAB_OK) value = flag != 0;
        if (rc == CONFAB_OK || rc == CONFAB_ERR_UNKNOWN) return true;
        error = std::string(key) + " must be true or false";
        return false;
    };
    if (!readBool("join_leave", out.options.join_leave)) return false;
    if (!readBool("only_participant", out.options.only_participant)) return false;
    error = checkSettings(out);
    return error.empty();
}

AnnouncerEvent toAnnouncerEvent(const confab_event& e) {
    AnnouncerEvent out;
    switch (e.kind) {
        case CONFAB_EVENT_CONFERENCE_STARTED: out.kind = AnnouncerEvent::Kind::ConferenceStarted; break;
        case CONFAB_EVENT_CONFERENCE_ENDED: out.kind = AnnouncerEvent::Kind::ConferenceEnded; break;
        case CONFAB_EVENT_LEG_STATE: out.kind = AnnouncerEvent::Kind::LegState; break;
        case CONFAB_EVENT_TALKER: out.kind = AnnouncerEvent::Kind::Talker; break;
        case CONFAB_EVENT_DTMF: out.kind = AnnouncerEvent::Kind::Dtmf; break;
        default: out.kind = AnnouncerEvent::Kind::Other; break;
    }
    switch (e.leg_state) {
        case CONFAB_LEG_DIALING: out.leg_state = AnnouncerEvent::LegState::Dialing; break;
        case CONFAB_LEG_ALERTING: out.leg_state = AnnouncerEvent::LegState::Alerting; break;
        case CONFAB_LEG_CONNECTED: out.leg_state = AnnouncerEvent::LegState::Connected; break;
        case CONFAB_LEG_ON_HOLD: out.leg_state = AnnouncerEvent::LegState::OnHold; break;
        case CONFAB_LEG_DISCONNECTED: out.leg_state = AnnouncerEvent::LegState::Disconnected; break;
        default: out.leg_state = AnnouncerEvent::LegState::Other; break;
    }
    out.conference = e.conference;
    out.participant = e.participant;
    out.display = e.display != nullptr && *e.display != '\0' ? e.display
                  : e.number != nullptr                      ? e.number
                                                             : "";
    out.answered = e.answered != 0;
    out.digit = e.digit;
    // An older host's event may end before live_legs: count on the roster then.
    const std::size_t live_legs_end = offsetof(confab_event, live_legs) + sizeof(e.live_legs);
    out.live_legs = e.struct_size >= live_legs_end ? e.live_legs : 0;
    return out;
}

std::optional<ConferenceSnapshot> snapshotOf(const confab_host* host, std::int64_t conference) {
    confab_conference_info info{};
    info.struct_size = sizeof(info);
    if (host->conference_info(host, conference, &info) != CONFAB_OK) return std::nullopt;
    ConferenceSnapshot snapshot;
    snapshot.participants = info.participants;
    snapshot.access_code = info.access_code != nullptr ? info.access_code : "";
    return snapshot;
}

// Control thread. False when the queue was full (counted by the worker).
bool enqueuePrompt(Announcer& a, const PromptRequest& request) {
    logLine(a.host, CONFAB_LOG_DEBUG,
            "saying \"" + request.text + "\" in conference " + std::to_string(request.conference) +
                (request.participant != 0 ? " to participant " + std::to_string(request.participant)
                                          : std::string()));
    if (a.worker->enqueue(PromptJob{request.conference, request.participant, request.text})) return true;
    const std::uint64_t dropped = a.worker->stats().dropped;
    // The first drop, then one line per 50, so a flood cannot flood the log.
    if (a.dropped_logged == 0 || dropped >= a.dropped_logged + 50) {
        a.dropped_logged = dropped;
        logLine(a.host, CONFAB_LOG_WARN,
                "prompt queue full: dropped \"" + request.text + "\" (" + std::to_string(dropped) +
                    " dropped so far)");
    }
    return false;
}

void onEvent(void* user, const confab_event* event) {
    auto* a = static_cast<Announcer*>(user);
    if (a == nullptr || event == nullptr || !a->rules) return;
    try {
        const auto lookup = [a](std::int64_t conference) { return snapshotOf(a->host, conference); };
        for (const PromptRequest& request : a->rules->onEvent(toAnnouncerEvent(*event), steadyMs(), lookup)) {
            enqueuePrompt(*a, request);
        }
    } catch (const std::exception& e) {
        logLine(a->host, CONFAB_LOG_ERROR, std::string("event not handled: ") + e.what());
    } catch (...) {
        logLine(a->host, CONFAB_LOG_ERROR, "event not handled");
    }
}

int onPrompt(void* user, std::int64_t conference, std::uint32_t participant, const char* text) {
    auto* a = static_cast<Announcer*>(user);
    if (a == nullptr || text == nullptr) return CONFAB_ERR_INVALID;
    try {
        const std::string clean = cleanPromptText(text, kMaxAnnounceBytes);
        if (clean.empty()) return CONFAB_ERR_INVALID;
        return enqueuePrompt(*a, PromptRequest{conference, participant, clean}) ? CONFAB_OK
                                                                                 : CONFAB_ERR_FAILED;
    } catch (...) {
        return CONFAB_ERR_FAILED;
    }
}

void closeAnnouncer() {
    Announcer* a = g_announcer;
    if (a == nullptr) return;
    try {
        if (a->prompt_source > 0) a->host->remove(a->host, a->prompt_source);
        if (a->listener > 0) a->host->remove(a->host, a->listener);
        if (a->worker) {
            a->worker->stop();  // joins: no play_audio() after this
            const PromptWorkerStats s = a->worker->stats();
            logLine(a->host, CONFAB_LOG_INFO,
                    "stopped: " + std::to_string(s.synthesized) + " prompts synthesized, " +
                        std::to_string(s.cache_hits) + " from the cache, " + std::to_string(s.dropped) +
                        " dropped, " + std::to_string(s.failed) + " failed");
        }
    } catch (...) {
        // Nothing to do: the host removes what is left.
    }
    g_announcer = nullptr;
    delete a;
}

int initAnnouncer(const confab_host* host) {
    if (host == nullptr) return 1;
    if (g_announcer != nullptr) {
        logLine(host, CONFAB_LOG_ERROR, "already initialised");
        return 1;
    }
    try {
        auto a = std::make_unique<Announcer>();
        a->host = host;
        std::string error;
        if (!readSettings(host, a->settings, error)) {
            logLine(host, CONFAB_LOG_ERROR, "[plugins.announcer]: " + error);
            return 1;
        }
        a->rules = std::make_unique<AnnouncerRules>(a->settings.options);
        const EspeakSettings speech = a->settings.speech;
        a->worker = std::make_unique<PromptWorker>(
            [speech](std::string& problem) { return createEspeakRenderer(speech, problem); },
            [host](const PromptJob& job, const PromptAudio& audio) {
                const int rc = host->play_audio(host, job.conference, job.participant, audio->data(),
                                                audio->size(), kPromptSampleRate);
                if (rc != CONFAB_OK) {
                    logLine(host, CONFAB_LOG_DEBUG,
                            "prompt for conference " + std::to_string(job.conference) +
                                " not played (" + std::to_string(rc) + "): the leg or conference is gone");
                }
            },
            [host](const std::string& message) { logLine(host, CONFAB_LOG_WARN, message); });
        if (!a->worker->start(error)) {
            logLine(host, CONFAB_LOG_ERROR, "[plugins.announcer]: " + error);
            return 1;
        }
        a->listener = host->add_event_listener(host, &onEvent, a.get());
        a->prompt_source = host->add_prompt_source(host, &onPrompt, a.get());
        if (a->listener <= 0 || a->prompt_source <= 0) {
            logLine(host, CONFAB_LOG_ERROR,
                    "could not register (event listener " + std::to_string(a->listener) +
                        ", prompt source " + std::to_string(a->prompt_source) + ")");
            g_announcer = a.release();
            closeAnnouncer();
            return 1;
        }
        logLine(host, CONFAB_LOG_INFO,
                "speaking with espeak-ng voice " + a->settings.speech.voice + " at " +
                    std::to_string(a->settings.speech.rate_wpm) + " words per minute");
        g_announcer = a.release();
        return 0;
    } catch (const std::exception& e) {
        logLine(host, CONFAB_LOG_ERROR, std::string("could not start: ") + e.what());
    } catch (...) {
        logLine(host, CONFAB_LOG_ERROR, "could not start");
    }
    return 1;
}

}  // namespace

CONFAB_PLUGIN_DESCRIPTOR(announcer) = {
    CONFAB_PLUGIN_ABI_VERSION,
    "announcer",
    "Spoken prompts to phone legs (joins, leaves, *1 count, *2 access code) with espeak-ng",
    &initAnnouncer,
    &closeAnnouncer,
};
