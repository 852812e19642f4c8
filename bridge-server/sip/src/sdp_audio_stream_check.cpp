#include "sdp_audio_stream_check.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "confab/sip/ip_literal.h"
#include "confab/sip/log_text.h"
#include "confab/sip/media_direction.h"

namespace confab::sip::detail {

namespace {

constexpr unsigned kDefaultPtimeMs = 20;
constexpr unsigned kMinPtimeMs = 10;
constexpr unsigned kMaxPtimeMs = 120;
constexpr unsigned kPtimeStepMs = 10;  // the media layer works in 10 ms frames
constexpr std::uint32_t kMaxPort = 65535;
constexpr unsigned kMaxPayloadType = 127;

// a=rtpmap:<pt> <name>/<rate>[/<channels>]
struct RtpMap {
    std::string name;
    std::uint32_t clock_rate = 0;
    std::uint32_t channels = 1;
};

// RFC 3551 table 4, for naming static payload types in reasons.
std::string_view staticPayloadName(unsigned pt) {
    static constexpr std::array<std::string_view, 19> kNames = {
        "PCMU", "",    "",      "GSM", "G723", "DVI4", "DVI4", "LPC",  "PCMA", "G722",
        "L16",  "L16", "QCELP", "CN",  "MPA",  "G728", "DVI4", "DVI4", "G729"};
    return pt < kNames.size() ? kNames[pt] : std::string_view{};
}

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               auto lower = [](char c) {
                   return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
               };
               return lower(x) == lower(y);
           });
}

std::optional<std::uint32_t> parseNumber(std::string_view text, std::size_t max_digits = 9) {
    if (text.empty() || text.size() > max_digits) return std::nullopt;
    std::uint32_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::optional<RtpMap> parseRtpMapBody(std::string_view body) {
    const auto slash = body.find('/');
    if (slash == 0 || slash == std::string_view::npos) return std::nullopt;
    RtpMap map;
    map.name = body.substr(0, slash);
    std::string_view rest = body.substr(slash + 1);
    const auto second = rest.find('/');
    const auto rate = parseNumber(rest.substr(0, second));
    if (!rate) return std::nullopt;
    map.clock_rate = *rate;
    if (second != std::string_view::npos) {
        const auto channels = parseNumber(rest.substr(second + 1), 2);
        if (!channels) return std::nullopt;
        map.channels = *channels;
    }
    return map;
}

class StreamCheck {
  public:
    StreamCheck(const SdpSessionDescription& session, const SdpMediaDescription& media,
                SdpRole role)
        : session_(session), media_(media), role_(role) {}

    Result<NegotiatedMedia> run() {
        if (auto error = checkMediaLine()) return fail(*error);
        if (auto error = readFormats()) return fail(*error);
        if (auto error = readRtpMaps()) return fail(*error);
        if (auto error = readDirection()) return fail(*error);
        if (auto error = checkConnection()) return fail(*error);
        if (auto error = chooseCodec()) return fail(*error);
        if (auto error = readPtime()) return fail(*error);
        result_.remote_port = static_cast<std::uint16_t>(media_.port);
        return Result<NegotiatedMedia>::success(result_);
    }

  private:
    using Error = std::optional<std::string>;

    static Result<NegotiatedMedia> fail(std::string reason) {
        return Result<NegotiatedMedia>::failure(std::move(reason));
    }

    Error checkMediaLine() const {
        if (media_.port_count) {
            return fmt::format("m=audio port count '/{}' is not supported", *media_.port_count);
        }
        if (media_.port == 0) return std::string("the audio stream was rejected (port 0)");
        if (media_.port > kMaxPort) {
            return fmt::format("m=audio port {} is out of range 1..65535", media_.port);
        }
        if (media_.proto != "RTP/AVP") {
            return fmt::format("m=audio transport {} is not RTP/AVP", quoteUntrusted(media_.proto));
        }
        return std::nullopt;
    }

    Error readFormats() {
        for (const auto& format : media_.formats) {
            const auto pt = parseNumber(format, 3);
            if (!pt || *pt > kMaxPayloadType) {
                return fmt::format("m=audio format {} is not an RTP payload type (0..127)",
                                   quoteUntrusted(format));
            }
            if (std::find(payload_types_.begin(), payload_types_.end(), *pt) !=
                payload_types_.end()) {
                return fmt::format("m=audio lists payload type {} twice", *pt);
            }
            payload_types_.push_back(*pt);
        }
        return std::nullopt;
    }

    Error readRtpMaps() {
        for (const auto& attribute : media_.attributes) {
            if (attribute.name != "rtpmap") continue;
            const std::string_view value =
                attribute.value ? std::string_view(*attribute.value) : std::string_view();
            const auto space = value.find(' ');
            const auto pt = parseNumber(value.substr(0, space), 3);
            const auto map = space == std::string_view::npos
                                 ? std::nullopt
                                 : parseRtpMapBody(value.substr(space + 1));
            if (!pt || *pt > kMaxPayloadType || !map) {
                return fmt::format("line {}: a=rtpmap:{} is malformed", attribute.line,
                                   quoteUntrusted(value));
            }
            if (!rtp_maps_.emplace(*pt, *map).second) {
                return fmt::format("line {}: second a=rtpmap for payload type {}", attribute.line,
                                   *pt);
            }
        }
        return std::nullopt;
    }

    // The direction attribute of one level, if any.
    static Result<std::optional<MediaDirection>> directionAt(
        const std::vector<SdpAttribute>& attributes) {
        std::optional<MediaDirection> found;
        std::size_t found_line = 0;
        for (const auto& attribute : attributes) {
            const auto direction = parseMediaDirection(attribute.name);
            if (!direction) continue;
            if (attribute.value) {
                return Result<std::optional<MediaDirection>>::failure(
                    fmt::format("line {}: a={} takes no value", attribute.line, attribute.name));
            }
            if (found) {
                return Result<std::optional<MediaDirection>>::failure(
                    fmt::format("conflicting direction attributes at lines {} and {}", found_line,
                                attribute.line));
            }
            found = direction;
            found_line = attribute.line;
        }
        return Result<std::optional<MediaDirection>>::success(found);
    }

    Error readDirection() {
        const auto media_level = directionAt(media_.attributes);
        if (!media_level) return media_level.error();
        const auto session_level = directionAt(session_.attributes);
        if (!session_level) return session_level.error();
        result_.direction =
            media_level.value().value_or(session_level.value().value_or(MediaDirection::SendRecv));
        return std::nullopt;
    }

    Error checkConnection() {
        const auto& connection = media_.connection ? media_.connection : session_.connection;
        if (!connection) return std::string("no c= line at session or media level");
        const auto& address = connection->address;
        if (connection->net_type != "IN") {
            return fmt::format("c= network type {} is not IN",
                               quoteUntrusted(connection->net_type));
        }
        const bool v4 = connection->addr_type == "IP4";
        if (!v4 && connection->addr_type != "IP6") {
            return fmt::format("c= address type {} is not IP4 or IP6",
                               quoteUntrusted(connection->addr_type));
        }
        if (address.find('/') != std::string::npos) {
            return fmt::format("c= address {} has a TTL or count (multicast is not supported)",
                               quoteUntrusted(address));
        }
        const auto literal = IpLiteral::parse(address);
        if (!literal)
            return fmt::format("c= address {} is not an IP literal", quoteUntrusted(address));
        if ((literal->family() == IpFamily::V4) != v4) {
            return fmt::format("c= address {} is not an {} literal, as its address type says",
                               quoteUntrusted(address), v4 ? "IPv4" : "IPv6");
        }
        if (literal->isMulticast())
            return fmt::format("c= address {} is multicast", quoteUntrusted(address));
        if (literal->isBroadcast())
            return fmt::format("c= address {} is broadcast", quoteUntrusted(address));
        if (literal->isReserved()) {
            return fmt::format("c= address {} is reserved, not a unicast address",
                               quoteUntrusted(address));
        }
        if (literal->isUnspecified()) {
            if (role_ == SdpRole::Offer) {
                // RFC 2543 hold: nothing can be sent to this address.
                result_.direction = withoutReceiving(result_.direction);
            } else if (!isHoldDirection(result_.direction)) {
                return fmt::format(
                    "c= address {} is only allowed on hold (a=sendonly or a=inactive)",
                    quoteUntrusted(address));
            }
        }
        result_.remote_address = literal->toString();
        result_.remote_family = literal->family();
        return std::nullopt;
    }

    std::optional<AudioCodec> codecFor(unsigned pt) const {
        if (const auto map = rtp_maps_.find(pt); map != rtp_maps_.end()) {
            if (map->second.clock_rate != 8000 || map->second.channels != 1) return std::nullopt;
            if (equalsIgnoringCase(map->second.name, "PCMU")) return AudioCodec::Pcmu;
            if (equalsIgnoringCase(map->second.name, "PCMA")) return AudioCodec::Pcma;
            return std::nullopt;
        }
        if (pt == 0) return AudioCodec::Pcmu;
        if (pt == 8) return AudioCodec::Pcma;
        return std::nullopt;
    }

    Error chooseCodec() {
        std::optional<unsigned> chosen;
        for (unsigned pt : payload_types_) {
            if (!chosen) {
                if (const auto codec = codecFor(pt)) {
                    chosen = pt;
                    result_.codec = *codec;
                }
            }
            const auto map = rtp_maps_.find(pt);
            if (!result_.telephone_event_pt && map != rtp_maps_.end() &&
                equalsIgnoringCase(map->second.name, "telephone-event") &&
                map->second.clock_rate == 8000) {
                result_.telephone_event_pt = static_cast<std::uint8_t>(pt);
            }
        }
        if (!chosen)
            return fmt::format("m=audio offers no codec we support (offered: {})",
                               describeFormats());
        result_.payload_type = static_cast<std::uint8_t>(*chosen);
        return std::nullopt;
    }

    std::string describeFormats() const {
        if (payload_types_.empty()) return "nothing";
        std::string text;
        for (unsigned pt : payload_types_) {
            if (!text.empty()) text += ", ";
            std::string name;
            if (const auto map = rtp_maps_.find(pt); map != rtp_maps_.end()) {
                name = quoteUntrusted(map->second.name, 32);
                name = name.substr(1, name.size() - 2);  // no quotes inside the list
            } else {
                name = staticPayloadName(pt);
            }
            text += name.empty() ? fmt::format("{}", pt) : fmt::format("{} {}", pt, name);
        }
        return text;
    }

    // The a=ptime of one level; two at the same level conflict.
    static Error ptimeAt(const std::vector<SdpAttribute>& attributes, const SdpAttribute*& found) {
        for (const auto& attribute : attributes) {
            if (attribute.name != "ptime") continue;
            if (found) return fmt::format("line {}: a second a=ptime", attribute.line);
            found = &attribute;
        }
        return std::nullopt;
    }

    Error readPtime() {
        const SdpAttribute* found = nullptr;
        if (auto error = ptimeAt(media_.attributes, found)) return error;
        if (!found) {
            if (auto error = ptimeAt(session_.attributes, found)) return error;
        }
        if (!found) {
            result_.ptime_ms = kDefaultPtimeMs;
            return std::nullopt;
        }
        const auto ms = parseNumber(found->value.value_or(""), 4);
        if (!ms || *ms < kMinPtimeMs || *ms > kMaxPtimeMs || *ms % kPtimeStepMs != 0) {
            return fmt::format("line {}: a=ptime:{} is not 10..120 ms in steps of 10", found->line,
                               quoteUntrusted(found->value.value_or("")));
        }
        result_.ptime_ms = *ms;
        return std::nullopt;
    }

    const SdpSessionDescription& session_;
    const SdpMediaDescription& media_;
    SdpRole role_;
    std::vector<unsigned> payload_types_;
    std::map<unsigned, RtpMap> rtp_maps_;
    NegotiatedMedia result_;
};

}  // namespace

Result<NegotiatedMedia> checkAudioStream(const SdpSessionDescription& session,
                                         const SdpMediaDescription& media, SdpRole role) {
    return StreamCheck(session, media, role).run();
}

}  // namespace confab::sip::detail
