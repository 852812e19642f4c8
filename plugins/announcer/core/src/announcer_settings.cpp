#include "confab/announcer/announcer_settings.h"

namespace confab::announcer {

namespace {
constexpr int kMinRateWpm = 80;   // espeakRATE_MINIMUM
constexpr int kMaxRateWpm = 450;  // espeakRATE_MAXIMUM
}  // namespace

bool plausibleVoiceName(std::string_view voice) {
    if (voice.empty() || voice.size() > 40) return false;
    for (char c : voice) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                        c == '_' || c == '+' || c == '-';
        if (!ok) return false;
    }
    return true;
}

std::string checkSettings(const AnnouncerSettings& settings) {
    if (!plausibleVoiceName(settings.speech.voice)) {
        return "voice must be an espeak-ng voice name such as \"en-us\" or \"en-gb+f2\", not \"" +
               settings.speech.voice.substr(0, 60) + "\"";
    }
    if (settings.speech.rate_wpm < kMinRateWpm || settings.speech.rate_wpm > kMaxRateWpm) {
        return "rate_wpm must be " + std::to_string(kMinRateWpm) + ".." + std::to_string(kMaxRateWpm) +
               ", not " + std::to_string(settings.speech.rate_wpm);
    }
    return {};
}

}  // namespace confab::announcer
