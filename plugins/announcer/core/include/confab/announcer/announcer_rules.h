// AnnouncerRules: when the announcer speaks, and what. Events in, prompt
// requests out; no I/O, no clock, no synthesis, so every rule is unit tested.
//
//   - a leg answered for the first time: "Bob has joined." into the
//     conference, or "You are the only participant." to that leg when it is
//     the only one connected;
//   - an answered leg disconnected: "Bob has left." into the conference, or,
//     when one leg remains, "Bob has left. You are the only participant." to
//     that leg (the only one who would hear the conference prompt anyway);
//   - "*1" from a leg: the number of participants, to that leg;
//   - "*2" from a leg: the conference's access code, to that leg.
//
// Thread contract: one thread (the plugin's control-thread callbacks).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "confab/announcer/digit_shortcuts.h"

namespace confab::announcer {

struct AnnouncerOptions {
    bool join_leave = true;        // "Bob has joined." / "Bob has left."
    bool only_participant = true;  // "You are the only participant."
};

// The parts of a bridge event (confab_event) the rules look at.
struct AnnouncerEvent {
    enum class Kind { ConferenceStarted, ConferenceEnded, LegState, Talker, Dtmf, Other };
    enum class LegState { Dialing, Alerting, Connected, OnHold, Disconnected, Other };
    Kind kind = Kind::Other;
    std::int64_t conference = 0;
    std::uint32_t participant = 0;
    std::string display;  // "Bob", else the number
    LegState leg_state = LegState::Other;
    bool answered = false;
    char digit = '\0';
    std::uint32_t live_legs = 0;  // phone legs connected after this event
};

// What the rules ask of the bridge about a conference (host->conference_info).
struct ConferenceSnapshot {
    std::uint32_t participants = 0;
    std::string access_code;
};
using SnapshotLookup = std::function<std::optional<ConferenceSnapshot>(std::int64_t conference)>;

// Speak `text` to one leg, or into the whole conference when participant is 0.
struct PromptRequest {
    std::int64_t conference = 0;
    std::uint32_t participant = 0;
    std::string text;
    bool operator==(const PromptRequest&) const = default;
};

class AnnouncerRules {
public:
    // Conferences tracked at once; events of further ones are ignored (counted).
    static constexpr std::size_t kMaxConferences = 10000;

    explicit AnnouncerRules(AnnouncerOptions options, DigitShortcuts shortcuts = DigitShortcuts())
        : options_(options), shortcuts_(shortcuts) {}

    // `now_ms`: any monotonic millisecond clock (for the "*1" window).
    std::vector<PromptRequest> onEvent(const AnnouncerEvent& event, std::int64_t now_ms,
                                       const SnapshotLookup& lookup);

    // Connected legs the rules know of in `conference` (for tests and logs).
    std::set<std::uint32_t> connectedLegs(std::int64_t conference) const;
    std::uint64_t ignoredConferences() const { return ignored_conferences_; }

private:
    void onLegState(const AnnouncerEvent& event, std::vector<PromptRequest>& out);
    void onDtmf(const AnnouncerEvent& event, std::int64_t now_ms, const SnapshotLookup& lookup,
                std::vector<PromptRequest>& out);
    std::set<std::uint32_t>* legsOf(std::int64_t conference, bool create);

    AnnouncerOptions options_;
    DigitShortcuts shortcuts_;
    // Per conference: the legs that were answered and have not disconnected
    // (on hold included). A leg in here has been announced already.
    std::map<std::int64_t, std::set<std::uint32_t>> connected_;
    std::uint64_t ignored_conferences_ = 0;
};

}  // namespace confab::announcer
