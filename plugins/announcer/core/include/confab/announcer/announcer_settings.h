// AnnouncerSettings: the [plugins.announcer] table, checked. The plugin
// reads the values through its host; the checks live here so they are unit
// tested and the messages are the ones the bridge log shows.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "confab/announcer/announcer_rules.h"
#include "confab/announcer/speech_renderer.h"

namespace confab::announcer {

struct AnnouncerSettings {
    EspeakSettings speech;    // voice (default "en-us"), rate_wpm (default 160)
    AnnouncerOptions options; // join_leave, only_participant (default true)
};

// A voice name espeak-ng could know: 1-40 of [A-Za-z0-9_+-] ("en-us+m3").
// Whether espeak-ng has it is checked when the worker starts.
bool plausibleVoiceName(std::string_view voice);
// Empty when fine, else why not ("rate_wpm must be 80..450, not 20").
std::string checkSettings(const AnnouncerSettings& settings);

}  // namespace confab::announcer
