#include "confab/announcer/announcer_rules.h"

#include "confab/announcer/prompt_wording.h"

namespace confab::announcer {

std::vector<PromptRequest> AnnouncerRules::onEvent(const AnnouncerEvent& event, std::int64_t now_ms,
                                                   const SnapshotLookup& lookup) {
    std::vector<PromptRequest> out;
    switch (event.kind) {
        case AnnouncerEvent::Kind::LegState:
            if (event.participant != 0) onLegState(event, out);
            break;
        case AnnouncerEvent::Kind::Dtmf:
            if (event.participant != 0) onDtmf(event, now_ms, lookup, out);
            break;
        case AnnouncerEvent::Kind::ConferenceEnded:
            connected_.erase(event.conference);
            shortcuts_.forgetConference(event.conference);
            break;
        case AnnouncerEvent::Kind::ConferenceStarted:
        case AnnouncerEvent::Kind::Talker:
        case AnnouncerEvent::Kind::Other:
            break;
    }
    return out;
}

std::set<std::uint32_t>* AnnouncerRules::legsOf(std::int64_t conference, bool create) {
    auto it = connected_.find(conference);
    if (it != connected_.end()) return &it->second;
    if (!create) return nullptr;
    if (connected_.size() >= kMaxConferences) {
        ++ignored_conferences_;
        return nullptr;
    }
    return &connected_[conference];
}

void AnnouncerRules::onLegState(const AnnouncerEvent& event, std::vector<PromptRequest>& out) {
    if (event.leg_state == AnnouncerEvent::LegState::Connected) {
        auto* legs = legsOf(event.conference, true);
        if (legs == nullptr) return;
        // Only the first time: back from hold is not a new arrival.
        if (!legs->insert(event.participant).second) return;
        const bool alone = event.live_legs <= 1 && legs->size() == 1;
        if (alone) {
            if (options_.only_participant) {
                out.push_back({event.conference, event.participant, onlyParticipantText()});
            }
        } else if (options_.join_leave) {
            out.push_back({event.conference, 0, joinedText(event.display)});
        }
        return;
    }
    if (event.leg_state != AnnouncerEvent::LegState::Disconnected) return;
    shortcuts_.forgetLeg(event.conference, event.participant);
    auto* legs = legsOf(event.conference, false);
    if (legs != nullptr) legs->erase(event.participant);
    // A leg that never answered (busy, no answer) did not join: nothing to say.
    if (!event.answered || legs == nullptr || legs->empty()) return;
    if (legs->size() == 1 && options_.only_participant) {
        std::string text = onlyParticipantText();
        if (options_.join_leave) text = leftText(event.display) + " " + text;
        out.push_back({event.conference, *legs->begin(), text});
    } else if (options_.join_leave) {
        out.push_back({event.conference, 0, leftText(event.display)});
    }
}

void AnnouncerRules::onDtmf(const AnnouncerEvent& event, std::int64_t now_ms,
                            const SnapshotLookup& lookup, std::vector<PromptRequest>& out) {
    const Shortcut shortcut =
        shortcuts_.onDigit(event.conference, event.participant, event.digit, now_ms);
    if (shortcut == Shortcut::None) return;
    const std::optional<ConferenceSnapshot> snapshot = lookup ? lookup(event.conference) : std::nullopt;
    if (!snapshot) return;  // the conference is gone already
    const std::string text = shortcut == Shortcut::ParticipantCount
                                 ? participantCountText(snapshot->participants)
                                 : accessCodeText(snapshot->access_code);
    out.push_back({event.conference, event.participant, text});
}

std::set<std::uint32_t> AnnouncerRules::connectedLegs(std::int64_t conference) const {
    const auto it = connected_.find(conference);
    return it == connected_.end() ? std::set<std::uint32_t>{} : it->second;
}

}  // namespace confab::announcer
