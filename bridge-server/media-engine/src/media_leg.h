// MediaLeg: everything the media thread keeps for one call leg: its socket
// pair, strict-source filter, receive statistics, jitter buffer, talk
// detector, DTMF in (RFC 4733 and in-band) and out, prompt player, tap, and
// the RTP/RTCP send state (random SSRC, sequence and timestamp base).
//
// Per datagram (onDatagram): filter -> ReceiveStats -> telephone-event
// receiver, or G.711 decode into a stack buffer -> JitterBuffer::put. RTCP
// (own socket, or demultiplexed from the RTP socket) feeds RTT.
// Per tick, in two halves around the mixer: receiveTick() plays one jitter
// buffer frame into the mixer's input and runs the talk detector (and, when
// enabled, the in-band DTMF detector) right there; sendTick() sends what the
// mixer produced for this leg, with a prompt mixed over it, DTMF instead of
// it, RTCP and LegStats when due.
//
// Thread contract: constructed on the control thread (openLeg: every buffer
// is allocated then), handed to the media thread in a command, used only
// there, and handed back to the control thread to be destroyed. Nothing on
// the media thread allocates, blocks or throws.
#pragma once

#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "confab/media/audio_tap.h"
#include "confab/media/dtmf_detector.h"
#include "confab/media/dtmf_generator.h"
#include "confab/media/jitter_buffer.h"
#include "confab/media/media_engine_config.h"
#include "confab/media/mixer.h"
#include "confab/media/prompt.h"
#include "confab/media/prompt_player.h"
#include "confab/media/receive_stats.h"
#include "confab/media/remote_media.h"
#include "confab/media/rtp_source_filter.h"
#include "confab/media/talk_detector.h"
#include "confab/media/telephone_event_receiver.h"
#include "confab/media/telephone_event_sender.h"
#include "media_context.h"
#include "rtp_socket_pair.h"

namespace confab::media {

// What receiveTick() tells the mix.
struct LegTickInput {
    bool has_audio = false;     // submit the input frame this tick
    bool contributing = false;  // talking, or an onset frame (see MediaEngine's rule)
};

class MediaLeg {
  public:
    // Control thread. `seed` randomises SSRC, sequence and timestamp base.
    MediaLeg(LegId id, uint32_t slot, RtpSocketPair sockets, const MediaEngineConfig& config,
             uint64_t seed);
    ~MediaLeg();
    MediaLeg(const MediaLeg&) = delete;
    MediaLeg& operator=(const MediaLeg&) = delete;

    LegId id() const { return id_; }
    uint32_t slot() const { return slot_; }
    const RtpSocketPair& sockets() const { return sockets_; }
    uint32_t ssrc() const { return ssrc_; }

    // --- media thread from here on ---
    bool started() const { return mix_slot_ != kNoSlot; }
    uint32_t mixSlot() const { return mix_slot_; }
    MixId mixId() const { return mix_id_; }
    LegId mixerSlot() const { return mixer_slot_; }
    uint32_t memberIndex() const { return member_index_; }
    void setMemberIndex(uint32_t index) { member_index_ = index; }
    Codec codec() const { return remote_.codec; }
    bool muted() const { return muted_; }
    bool deaf() const { return deaf_; }
    void setMuted(bool muted) { muted_ = muted; }
    void setDeaf(bool deaf) { deaf_ = deaf; }

    // Joined a mix (the caller already took a mixer slot).
    void join(MixId mix, uint32_t mix_slot, LegId mixer_slot, const RemoteMedia& remote,
              MediaContext& ctx);
    // Re-INVITE. Returns true when the codec changed (the mixer must know).
    bool update(const RemoteMedia& remote, MediaContext& ctx);
    // Leaves its mix: TalkStopped if talking, buffers reset, goes idle.
    void leave(MediaContext& ctx);
    // Leaves, sends RTCP BYE and emits the final LegStats.
    void close(MediaContext& ctx);

    void onDatagram(bool rtcp_socket, const NetAddress& from, std::span<const uint8_t> datagram,
                    MediaContext& ctx);
    LegTickInput receiveTick(FrameSpan input, MediaContext& ctx);
    void sendTick(const MixOutput& output, MediaContext& ctx);

    void queueDtmf(std::span<const char> digits, DtmfMode mode);
    void playPrompt(std::shared_ptr<const Prompt> prompt, MediaContext& ctx);
    void setTap(std::shared_ptr<AudioTap> tap, MediaContext& ctx);

  private:
    void configureRemote(const RemoteMedia& remote, MediaContext& ctx);
    void refreshDestinations();
    void onRtp(const NetAddress& from, std::span<const uint8_t> datagram, MediaContext& ctx);
    void onRtcp(const NetAddress& from, std::span<const uint8_t> datagram, MediaContext& ctx);
    bool onsetFrame(const TalkResult& result) const;
    void detectInbandDtmf(ConstFrameSpan frame, float level_dbov, MediaContext& ctx);
    bool sendTelephoneEvent(uint32_t timestamp, MediaContext& ctx);
    void sendRtp(uint8_t payload_type, bool marker, uint32_t timestamp,
                 std::span<const uint8_t> payload, MediaContext& ctx);
    void sendRtcp(bool bye, MediaContext& ctx);
    void sendDatagram(int fd, std::span<const uint8_t> bytes, const sockaddr_storage& to,
                      socklen_t to_length, MediaContext& ctx);
    void emitStats(bool final, MediaContext& ctx);
    void emitTalkEvent(TalkEvent event, MediaContext& ctx);
    uint32_t timestampAt(uint64_t tick) const {
        return ts_base_ + static_cast<uint32_t>(tick * kFrameSamples);
    }
    uint64_t nextRandom();

    const LegId id_;
    const uint32_t slot_;
    RtpSocketPair sockets_;
    const MediaEngineConfig& config_;

    // Membership (media thread).
    MixId mix_id_ = kNoMix;
    uint32_t mix_slot_ = kNoSlot;
    LegId mixer_slot_ = kNoLeg;
    uint32_t member_index_ = 0;
    bool muted_ = false;
    bool deaf_ = false;
    RemoteMedia remote_;
    bool receiving_ = false;  // the peer sends (sendrecv/sendonly)
    bool sending_ = false;    // the peer receives (sendrecv/recvonly)

    // Receive path.
    std::optional<RtpSourceFilter> filter_;
    ReceiveStats stats_;
    JitterBuffer jitter_;
    TalkDetector talk_;
    DtmfDetector inband_rx_;
    bool inband_detect_ = false;
    int inband_tail_ = 0;
    TelephoneEventReceiver telephone_rx_;
    MediaTime last_receive_{};
    bool timed_out_ = false;
    uint64_t dropped_idle_ = 0;
    uint64_t rtcp_received_ = 0;
    uint64_t rtcp_dropped_ = 0;

    // Send path.
    uint32_t ssrc_;
    uint16_t sequence_;
    uint32_t ts_base_;
    bool marker_next_ = true;
    NetAddress rtp_to_;
    sockaddr_storage rtp_to_address_{};
    socklen_t rtp_to_length_ = 0;
    sockaddr_storage rtcp_to_address_{};
    socklen_t rtcp_to_length_ = 0;
    uint64_t packets_sent_ = 0;
    uint64_t octets_sent_ = 0;
    uint64_t rtcp_sent_ = 0;
    std::array<uint8_t, kFrameSamples> own_payload_{};

    // DTMF out: RFC 4733 digits wait here; in-band ones in the generator.
    TelephoneEventSender telephone_tx_;
    DtmfGenerator inband_tx_;
    std::array<char, 32> dtmf_queue_{};
    uint8_t dtmf_head_ = 0;
    uint8_t dtmf_count_ = 0;
    int dtmf_gap_ticks_ = 0;

    std::shared_ptr<const Prompt> prompt_;
    PromptPlayer player_;
    std::shared_ptr<AudioTap> tap_;

    MediaTime next_rtcp_{};
    MediaTime next_stats_{};
    uint64_t random_state_;
};

}  // namespace confab::media
