// BridgeServices: what the plugin host asks of the bridge on a plugin's
// behalf. ConferenceService implements it; the host's unit tests implement
// it with a recorder of calls.
//
// Thread contract: the host calls every member on the control thread only
// (work from plugin threads is posted there first). Members return false
// when the conference or participant is unknown or no longer live.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace confab::media {
class AudioTap;
class Prompt;
}  // namespace confab::media

namespace confab::plugins {

struct ConferenceFacts {
    std::string owner;        // bare JID
    std::string room;         // room JID, "" without MUC
    std::string access_code;  // digits
    std::uint32_t live_legs = 0;
    std::uint32_t participants = 0;
    bool recording = false;
};

// A finished recording, for the call detail records and the admin page.
struct RecordingEntry {
    std::int64_t conference = 0;
    std::uint32_t participant = 0;  // 0: the mix
    std::string path;
    std::string format;             // "wav", "ogg-opus"
    std::int64_t started_unix_ms = 0;
    std::int64_t ended_unix_ms = 0;
    std::uint64_t bytes = 0;
};

class BridgeServices {
public:
    virtual ~BridgeServices() = default;

    virtual std::optional<ConferenceFacts> conferenceFacts(std::int64_t conference) = 0;
    // Is `sender` (bare JID) the owner or a moderator of `conference`?
    virtual bool isModerator(std::int64_t conference, const std::string& sender) = 0;
    virtual bool say(std::int64_t conference, const std::string& text) = 0;
    virtual bool setRecording(std::int64_t conference, bool recording) = 0;
    virtual bool addRecording(const RecordingEntry& recording) = 0;
    // participant 0: into the conference's mix, everyone hears it.
    virtual bool playPrompt(std::int64_t conference, std::uint32_t participant,
                            std::shared_ptr<const media::Prompt> prompt) = 0;
    // participant 0: the mix. Replaces any tap there; nullptr detaches.
    virtual bool setTap(std::int64_t conference, std::uint32_t participant,
                        std::shared_ptr<media::AudioTap> tap) = 0;
};

}  // namespace confab::plugins
