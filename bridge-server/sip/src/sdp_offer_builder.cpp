#include "confab/sip/sdp_offer_builder.h"

#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "confab/sip/ip_literal.h"

namespace confab::sip {

namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr std::string_view kUsername = "confab";
constexpr std::string_view kSessionName = "confab";

void appendLine(std::string& sdp, std::string_view line) {
    sdp += line;
    sdp += kCrlf;
}

}  // namespace

SdpOfferBuilder::SdpOfferBuilder(std::string local_address, std::uint16_t rtp_port,
                                 std::uint64_t session_id)
    : rtp_port_(rtp_port), session_id_(session_id) {
    const auto literal = IpLiteral::parse(local_address);
    if (!literal || literal->isUnspecified() || literal->isMulticast()) {
        throw std::invalid_argument(fmt::format(
            "SDP: local media address '{}' is not a unicast IP literal", local_address));
    }
    if (rtp_port == 0) throw std::invalid_argument("SDP: local RTP port is 0");
    local_address_ = literal->toString();
    local_is_v6_ = literal->family() == IpFamily::V6;
}

std::string SdpOfferBuilder::connectionLine() const {
    return fmt::format("c=IN {} {}", local_is_v6_ ? "IP6" : "IP4", local_address_);
}

std::string SdpOfferBuilder::buildOffer(MediaDirection direction) {
    std::string body;
    appendLine(body, fmt::format("s={}", kSessionName));
    appendLine(body, connectionLine());
    appendLine(body, "t=0 0");
    appendLine(body,
               fmt::format("m=audio {} RTP/AVP 0 8 {}", rtp_port_, kTelephoneEventPayloadType));
    appendLine(body, "a=rtpmap:0 PCMU/8000");
    appendLine(body, "a=rtpmap:8 PCMA/8000");
    appendLine(body, fmt::format("a=rtpmap:{} telephone-event/8000", kTelephoneEventPayloadType));
    appendLine(body, fmt::format("a=fmtp:{} 0-16", kTelephoneEventPayloadType));
    appendLine(body, fmt::format("a=ptime:{}", kPtimeMs));
    appendLine(body, fmt::format("a={}", toString(direction)));
    return finish(body);
}

std::string SdpOfferBuilder::buildAnswer(const NegotiatedOffer& offer) {
    const NegotiatedMedia& chosen = offer.media;
    std::string body;
    appendLine(body, fmt::format("s={}", kSessionName));
    appendLine(body, connectionLine());
    appendLine(body, "t=0 0");
    for (std::size_t i = 0; i < offer.streams.size(); ++i) {
        const auto& stream = offer.streams[i];
        if (i != offer.audio_index) {
            // RFC 3264 section 6: decline by port 0, keeping the line's place.
            appendLine(
                body, fmt::format("m={} 0 {} {}", stream.media, stream.proto, stream.first_format));
            continue;
        }
        std::string formats = fmt::format("{}", chosen.payload_type);
        if (chosen.telephone_event_pt) formats += fmt::format(" {}", *chosen.telephone_event_pt);
        appendLine(body, fmt::format("m=audio {} RTP/AVP {}", rtp_port_, formats));
        appendLine(body,
                   fmt::format("a=rtpmap:{} {}/8000", chosen.payload_type, toString(chosen.codec)));
        if (chosen.telephone_event_pt) {
            appendLine(body,
                       fmt::format("a=rtpmap:{} telephone-event/8000", *chosen.telephone_event_pt));
            appendLine(body, fmt::format("a=fmtp:{} 0-16", *chosen.telephone_event_pt));
        }
        appendLine(body, fmt::format("a=ptime:{}", kPtimeMs));
        appendLine(body, fmt::format("a={}", toString(answerDirectionFor(chosen.direction))));
    }
    return finish(body);
}

std::string SdpOfferBuilder::finish(const std::string& body) {
    if (!last_body_ || *last_body_ != body) {
        ++session_version_;
        last_body_ = body;
    }
    std::string sdp;
    appendLine(sdp, "v=0");
    appendLine(sdp, fmt::format("o={} {} {} IN {} {}", kUsername, session_id_, session_version_,
                                local_is_v6_ ? "IP6" : "IP4", local_address_));
    sdp += body;
    return sdp;
}

}  // namespace confab::sip
