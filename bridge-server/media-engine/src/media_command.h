// MediaCommand: one control-thread request on its way to the media thread.
// Built by MediaEngine on the control thread with everything the media
// thread needs already allocated (a leg's sockets and buffers, a mixer) and
// moved through the command SpscQueue; the media thread moves the owned
// parts out when it applies it. Ids name engine slots (resolved by the
// control thread), never control-thread objects.
#pragma once

#include <array>
#include <cstdint>
#include <memory>

#include "confab/media/audio_tap.h"
#include "confab/media/prompt.h"
#include "confab/media/remote_media.h"
#include "retired_object.h"

namespace confab::media {

enum class CommandKind : uint8_t {
    CreateMix,
    DestroyMix,
    OpenLeg,
    StartLeg,
    UpdateLeg,
    CloseLeg,
    SetMuted,
    SetDeaf,
    SendDtmf,
    PlayLegPrompt,
    PlayMixPrompt,
    SetLegTap,
    SetMixTap,
};

inline constexpr std::size_t kMaxDtmfDigits = 32;

struct MediaCommand {
    MediaCommand();
    ~MediaCommand();
    MediaCommand(MediaCommand&& other) noexcept;
    MediaCommand& operator=(MediaCommand&& other) noexcept;

    CommandKind kind = CommandKind::OpenLeg;
    uint32_t leg_slot = kNoSlot;
    uint32_t mix_slot = kNoSlot;
    bool flag = false;  // SetMuted / SetDeaf
    RemoteMedia remote;
    DtmfMode dtmf_mode = DtmfMode::Auto;
    std::array<char, kMaxDtmfDigits> digits{};
    uint8_t digit_count = 0;
    std::unique_ptr<MediaLeg> leg;  // OpenLeg
    std::unique_ptr<MediaMix> mix;  // CreateMix
    std::shared_ptr<const Prompt> prompt;
    std::shared_ptr<AudioTap> tap;
};

}  // namespace confab::media
