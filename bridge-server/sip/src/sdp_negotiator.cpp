#include "confab/sip/sdp_negotiator.h"

#include <optional>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "confab/sip/log_text.h"
#include "sdp_audio_stream_check.h"

namespace confab::sip {

namespace {

constexpr std::string_view kAnswerPrefix = "SDP answer: ";
constexpr std::string_view kOfferPrefix = "SDP offer: ";

template <typename T>
Result<T> refuse(std::string_view prefix, std::string_view reason) {
    return Result<T>::failure(fmt::format("{}{}", prefix, reason));
}

}  // namespace

Result<NegotiatedMedia> SdpNegotiator::checkAnswer(std::string_view sdp) {
    auto result = [&]() -> Result<NegotiatedMedia> {
        auto parsed = parser_.parse(sdp);
        if (!parsed) return refuse<NegotiatedMedia>(kAnswerPrefix, parsed.error());
        const auto& session = parsed.value();
        // RFC 3264 section 6: as many m= lines as our offer, which has one.
        if (session.media.empty()) return refuse<NegotiatedMedia>(kAnswerPrefix, "has no m= line");
        if (session.media.size() != 1) {
            return refuse<NegotiatedMedia>(
                kAnswerPrefix,
                fmt::format("has {} m= lines, our offer had 1", session.media.size()));
        }
        const auto& media = session.media.front();
        if (media.media != "audio") {
            return refuse<NegotiatedMedia>(
                kAnswerPrefix, fmt::format("m= line {} is {} media, expected audio", media.line,
                                           quoteUntrusted(media.media)));
        }
        auto stream = detail::checkAudioStream(session, media, detail::SdpRole::Answer);
        if (!stream) return refuse<NegotiatedMedia>(kAnswerPrefix, stream.error());
        return stream;
    }();
    ++(result ? counters_.answers_accepted : counters_.answers_refused);
    return result;
}

Result<NegotiatedOffer> SdpNegotiator::checkOffer(std::string_view sdp) {
    auto result = [&]() -> Result<NegotiatedOffer> {
        auto parsed = parser_.parse(sdp);
        if (!parsed) return refuse<NegotiatedOffer>(kOfferPrefix, parsed.error());
        const auto& session = parsed.value();
        if (session.media.empty()) return refuse<NegotiatedOffer>(kOfferPrefix, "has no m= line");

        NegotiatedOffer offer;
        std::optional<std::string> first_refusal;
        bool found = false;
        for (std::size_t i = 0; i < session.media.size(); ++i) {
            const auto& media = session.media[i];
            offer.streams.push_back(OfferedStream{
                media.media, media.proto, media.formats.empty() ? "0" : media.formats.front()});
            // The first acceptable audio stream wins; a peer may offer e.g.
            // RTP/SAVP first and RTP/AVP as a fallback.
            if (found || media.media != "audio") continue;
            auto stream = detail::checkAudioStream(session, media, detail::SdpRole::Offer);
            if (stream) {
                offer.media = std::move(stream).value();
                offer.audio_index = i;
                found = true;
            } else if (!first_refusal) {
                first_refusal = stream.error();
            }
        }
        if (!found) {
            return refuse<NegotiatedOffer>(kOfferPrefix,
                                           first_refusal.value_or("has no audio stream"));
        }
        return Result<NegotiatedOffer>::success(std::move(offer));
    }();
    ++(result ? counters_.offers_accepted : counters_.offers_refused);
    return result;
}

}  // namespace confab::sip
