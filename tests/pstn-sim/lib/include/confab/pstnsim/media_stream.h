// MediaStream: the RTP side of one answered call. Every 20 ms tick it plays
// the number's source (or a DTMF digit), encodes it with the negotiated
// G.711 law and sends it from the port in our SDP answer to the address in
// the caller's offer, after the scripted impairments (random loss, random
// delay) and, for robustness tests, with rogue packets alongside. What
// arrives is counted, decoded and recorded.
//
// It writes speech_start / speech_stop (what it actually played, by the talk
// schedule), digit_sent, digit_received and, from finish(), rtp_stats.
//
// Thread contract: built on the SIP thread (it allocates: generators,
// buffers), then handed to the MediaEngine, whose thread alone calls
// everything else. tick/receive/sendDelayed never block and do not allocate,
// except to format the rare event line.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>

#include "confab/media/codec.h"
#include "confab/media/media_format.h"
#include "confab/media/net_address.h"
#include "confab/media/prompt.h"
#include "confab/media/rtp_packet.h"
#include "confab/pstnsim/audio_source.h"
#include "confab/pstnsim/dtmf_player.h"
#include "confab/pstnsim/event_log.h"
#include "confab/pstnsim/phonebook.h"
#include "confab/pstnsim/udp_socket.h"
#include "confab/pstnsim/wav_recorder.h"

namespace confab::pstnsim {

using Clock = std::chrono::steady_clock;

// Where and how to send, as the latest offer/answer agreed.
struct RemoteMedia {
    media::NetAddress address;
    media::Codec codec = media::Codec::Pcmu;
    std::uint8_t payload_type = 0;  // the caller's number for `codec`
    std::optional<std::uint8_t> telephone_event_pt;
    bool we_send = true;     // false while the caller holds us, or we are inactive
    bool we_receive = true;  // informational: what arrives is recorded regardless
};

struct StreamSetup {
    std::uint64_t key = 0;  // unique per call for the simulator's lifetime
    CallRef call;
    const NumberBehaviour* behaviour = nullptr;  // owned by the Phonebook
    const media::Prompt* clip = nullptr;         // owned by the ClipLibrary; may be null
    UdpSocket socket;                            // the port in our SDP answer
    UdpSocket rogue_socket;                      // only for rogue.from_foreign_port
    RemoteMedia remote;
    Clock::time_point answered_at;
    std::unique_ptr<WavRecorder> recorder;  // null: not recording
    bool send_audio = true;  // false when our answer was deliberately malformed
};

struct StreamStats {
    std::uint64_t packets_sent = 0;              // main stream, on the wire
    std::uint64_t packets_dropped_by_loss = 0;   // scripted loss
    std::uint64_t packets_delayed = 0;           // scripted jitter
    std::uint64_t send_failures = 0;             // socket refused (buffer full, unreachable)
    std::uint64_t rogue_packets_sent = 0;
    std::uint64_t packets_received = 0;          // valid RTP
    std::uint64_t rtcp_received = 0;             // RTCP arriving on the RTP port (counted, ignored)
    std::uint64_t invalid_received = 0;          // not RTP at all
    std::uint64_t unexpected_source_received = 0;  // from an address other than the offer's
    std::uint64_t unknown_payload_received = 0;
    std::uint64_t late_received = 0;             // behind the recording position: not recorded
    std::uint64_t telephone_events_received = 0;
};

class MediaStream {
  public:
    enum class SocketRole { Main, Rogue };

    MediaStream(StreamSetup setup, EventLog& events);
    MediaStream(const MediaStream&) = delete;
    MediaStream& operator=(const MediaStream&) = delete;

    std::uint64_t key() const { return setup_.key; }
    int socketFd() const { return setup_.socket.fd(); }
    int rogueSocketFd() const { return setup_.rogue_socket.fd(); }

    // Plays one 20 ms frame. Returns the due time of a packet it held back
    // for jitter, so the engine can wake up for it.
    std::optional<Clock::time_point> tick(Clock::time_point now);
    // Sends the held-back packets that are due; returns the next due time.
    std::optional<Clock::time_point> sendDelayed(Clock::time_point now);
    // Drains a readable socket (bounded, so one flood cannot starve the
    // rest) through `batch`, the media thread's one receive scratch.
    void receive(SocketRole role, ReceiveBatch& batch);
    void update(const RemoteMedia& remote);
    // Ends the stream: speech_stop if talking, rtp_stats, WAV closed.
    void finish(const std::string& reason);

    const StreamStats& stats() const { return stats_; }

  private:
    struct DelayedPacket {
        Clock::time_point due;
        std::uint16_t length = 0;  // 0: slot free
        std::array<std::uint8_t, 192> bytes{};
    };
    static constexpr std::size_t kMaxDelayed = 16;

    Milliseconds sinceAnswer(Clock::time_point now) const;
    std::optional<Clock::time_point> sendImpaired(Clock::time_point now, std::span<const std::uint8_t> packet);
    void sendRogue(Milliseconds since_answer);
    void noteTalking(bool talking, Milliseconds since_answer);
    void noteDigitSent(const DtmfStep& step);
    void handlePacket(std::span<const std::uint8_t> datagram, const media::NetAddress& from);
    void record(const media::RtpPacketView& packet, media::Codec codec);

    StreamSetup setup_;
    EventLog& events_;
    AudioSource source_;
    DtmfPlayer dtmf_;
    ToneGenerator rogue_tone_;
    std::minstd_rand random_;

    std::uint32_t ssrc_;
    std::uint16_t sequence_;
    std::uint32_t timestamp_;
    bool first_packet_ = true;
    bool talking_ = false;
    std::uint16_t rogue_sequence_;
    std::uint32_t rogue_timestamp_;

    std::array<DelayedPacket, kMaxDelayed> delayed_{};

    // What is being recorded: the caller's SSRC and the next timestamp expected.
    std::optional<std::uint32_t> recorded_ssrc_;
    std::uint32_t expected_timestamp_ = 0;
    std::optional<std::uint32_t> last_received_event_timestamp_;

    std::array<std::int16_t, 2048> decoded_{};
    StreamStats stats_;
    bool finished_ = false;
};

}  // namespace confab::pstnsim
