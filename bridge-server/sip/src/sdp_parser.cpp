#include "confab/sip/sdp_parser.h"

#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "confab/sip/log_text.h"

namespace confab::sip {

namespace {

constexpr std::string_view kKnownTypes = "vosiuepcbtrzkam";
// Types whose values we never interpret, where RFC 4566 allows UTF-8 text.
constexpr std::string_view kFreeTextTypes = "siuepa";
// Types allowed after the first m= (RFC 4566 section 5).
constexpr std::string_view kMediaLevelTypes = "icbka";

bool contains(std::string_view set, char c) {
    return set.find(c) != std::string_view::npos;
}

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

bool isTokenChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '-' || c == '_' ||
           c == '.' || c == '+';
}

bool isToken(std::string_view text) {
    if (text.empty()) return false;
    for (char c : text) {
        if (!isTokenChar(c)) return false;
    }
    return true;
}

std::vector<std::string_view> splitFields(std::string_view value) {
    std::vector<std::string_view> fields;
    std::size_t pos = 0;
    while (pos < value.size()) {
        if (value[pos] == ' ') {
            ++pos;
            continue;
        }
        const std::size_t end = std::min(value.find(' ', pos), value.size());
        fields.push_back(value.substr(pos, end - pos));
        pos = end;
    }
    return fields;
}

// Up to nine decimal digits, so the value always fits.
std::optional<std::uint32_t> parseSmallNumber(std::string_view text) {
    if (text.empty() || text.size() > 9) return std::nullopt;
    std::uint32_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

// Splits text into lines. LF or CRLF end a line; trailing empty lines go.
std::vector<std::string_view> splitLines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        pos = end + 1;
    }
    while (!lines.empty() && lines.back().empty()) lines.pop_back();
    return lines;
}

// One pass over the lines; the first problem found stops it.
class ParseRun {
  public:
    explicit ParseRun(const SdpLimits& limits) : limits_(limits) {}

    std::optional<std::string> run(const std::vector<std::string_view>& lines) {
        for (std::size_t i = 0; i < lines.size(); ++i) {
            line_no_ = i + 1;
            if (auto error = checkCharacters(lines[i])) return error;
            if (auto error = take(lines[i][0], lines[i].substr(2))) return error;
        }
        if (!seen_version_) return "has no v= line";
        if (in_media_) return std::nullopt;
        return checkSessionComplete();
    }

    SdpSessionDescription& session() { return session_; }

  private:
    std::optional<std::string> at(std::string_view what) const {
        return fmt::format("line {}: {}", line_no_, what);
    }

    std::optional<std::string> checkCharacters(std::string_view line) const {
        if (line.empty()) return fmt::format("line {} is empty", line_no_);
        if (line.size() < 2 || line[1] != '=' || line[0] < 'a' || line[0] > 'z') {
            return fmt::format("line {} is not <type>=<value>: {}", line_no_, quoteUntrusted(line));
        }
        const char type = line[0];
        if (!contains(kKnownTypes, type)) {
            return at(fmt::format("unknown line type '{}'", type));
        }
        for (char c : line) {
            const auto byte = static_cast<unsigned char>(c);
            if (byte == '\r') return at("bare CR inside the line");
            if (byte < 0x20 || byte == 0x7f) {
                return at(fmt::format("control character 0x{:02x}", byte));
            }
            if (byte >= 0x80 && !contains(kFreeTextTypes, type)) {
                return at(fmt::format("non-ASCII byte 0x{:02x} in a '{}=' line", byte, type));
            }
        }
        return std::nullopt;
    }

    std::optional<std::string> take(char type, std::string_view value) {
        if (line_no_ == 1) {
            if (type != 'v') return at("the first line must be v=0");
            if (value != "0")
                return at(fmt::format("unsupported SDP version {}", quoteUntrusted(value)));
            seen_version_ = true;
            return std::nullopt;
        }
        if (type == 'v') return at("v= may appear only once");
        if (type == 'm') return startMedia(value);
        if (in_media_) return takeMediaLine(type, value);
        return takeSessionLine(type, value);
    }

    std::optional<std::string> takeSessionLine(char type, std::string_view value) {
        if (++section_lines_ > limits_.max_lines_per_section) {
            return fmt::format("the session part has more than {} lines",
                               limits_.max_lines_per_section);
        }
        switch (type) {
            case 'o': {
                if (seen_origin_) return at("o= may appear only once");
                seen_origin_ = true;
                const auto fields = splitFields(value);
                if (fields.size() != 6) {
                    return at(
                        "o= needs <username> <sess-id> <sess-version> <nettype> "
                        "<addrtype> <address>");
                }
                session_.origin_username = fields[0];
                session_.origin_session_id = fields[1];
                session_.origin_session_version = fields[2];
                return std::nullopt;
            }
            case 's':
                if (seen_name_) return at("s= may appear only once");
                seen_name_ = true;
                session_.session_name = value;
                return std::nullopt;
            case 't':
                seen_timing_ = true;
                return std::nullopt;
            case 'c':
                return takeConnection(value, session_.connection);
            case 'a':
                return takeAttribute(value, session_.attributes);
            default:
                return std::nullopt;  // i u e p b r z k: nothing we use
        }
    }

    std::optional<std::string> startMedia(std::string_view value) {
        if (!in_media_) {
            if (auto error = checkSessionComplete()) return error;
        }
        in_media_ = true;
        if (session_.media.size() == limits_.max_media) {
            return fmt::format("has more than {} m= lines", limits_.max_media);
        }
        section_lines_ = 1;
        const auto fields = splitFields(value);
        if (fields.size() < 4) return at("m= needs <media> <port> <proto> <fmt> ...");
        SdpMediaDescription media;
        media.line = line_no_;
        if (!isToken(fields[0]))
            return at(fmt::format("media type {} is not a token", quoteUntrusted(fields[0])));
        media.media = fields[0];
        const auto slash = fields[1].find('/');
        const auto port = parseSmallNumber(fields[1].substr(0, slash));
        if (!port) return at(fmt::format("m= port {} is not a number", quoteUntrusted(fields[1])));
        media.port = *port;
        if (slash != std::string_view::npos) {
            const auto count = parseSmallNumber(fields[1].substr(slash + 1));
            if (!count)
                return at(fmt::format("m= port {} is not a number", quoteUntrusted(fields[1])));
            media.port_count = *count;
        }
        media.proto = fields[2];
        for (std::size_t i = 3; i < fields.size(); ++i) media.formats.emplace_back(fields[i]);
        session_.media.push_back(std::move(media));
        return std::nullopt;
    }

    std::optional<std::string> takeMediaLine(char type, std::string_view value) {
        auto& media = session_.media.back();
        if (++section_lines_ > limits_.max_lines_per_section) {
            return fmt::format("the m= section at line {} has more than {} lines", media.line,
                               limits_.max_lines_per_section);
        }
        if (!contains(kMediaLevelTypes, type)) {
            return at(fmt::format("'{}=' is not allowed inside a media section", type));
        }
        if (type == 'c') return takeConnection(value, media.connection);
        if (type == 'a') return takeAttribute(value, media.attributes);
        return std::nullopt;
    }

    std::optional<std::string> takeConnection(std::string_view value,
                                              std::optional<SdpConnection>& slot) {
        if (slot) return at("more than one c= line at the same level");
        const auto fields = splitFields(value);
        if (fields.size() != 3) return at("c= needs <nettype> <addrtype> <address>");
        slot = SdpConnection{std::string(fields[0]), std::string(fields[1]), std::string(fields[2]),
                             line_no_};
        return std::nullopt;
    }

    std::optional<std::string> takeAttribute(std::string_view value,
                                             std::vector<SdpAttribute>& attributes) {
        const auto colon = value.find(':');
        const std::string_view name = value.substr(0, colon);
        if (!isToken(name)) {
            return at(fmt::format("attribute name {} is not a token", quoteUntrusted(name)));
        }
        SdpAttribute attribute{std::string(name), std::nullopt, line_no_};
        if (colon != std::string_view::npos) attribute.value = std::string(value.substr(colon + 1));
        attributes.push_back(std::move(attribute));
        return std::nullopt;
    }

    std::optional<std::string> checkSessionComplete() const {
        if (!seen_origin_) return std::string("has no o= line");
        if (!seen_name_) return std::string("has no s= line");
        if (!seen_timing_) return std::string("has no t= line");
        return std::nullopt;
    }

    const SdpLimits& limits_;
    SdpSessionDescription session_;
    std::size_t line_no_ = 0;
    std::size_t section_lines_ = 1;  // v= counts as the session part's first line
    bool seen_version_ = false;
    bool seen_origin_ = false;
    bool seen_name_ = false;
    bool seen_timing_ = false;
    bool in_media_ = false;
};

}  // namespace

Result<SdpSessionDescription> SdpParser::parse(std::string_view text) const {
    // Limits before anything else looks at the bytes.
    if (text.size() > limits_.max_bytes) {
        return Result<SdpSessionDescription>::failure(
            fmt::format("is {} bytes, more than the {} allowed", text.size(), limits_.max_bytes));
    }
    if (text.empty()) return Result<SdpSessionDescription>::failure("is empty");
    if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
        return Result<SdpSessionDescription>::failure(
            fmt::format("contains a NUL byte at offset {}", nul));
    }
    const auto lines = splitLines(text);
    if (lines.empty()) return Result<SdpSessionDescription>::failure("has no lines");
    ParseRun run(limits_);
    if (auto error = run.run(lines)) return Result<SdpSessionDescription>::failure(*error);
    return Result<SdpSessionDescription>::success(std::move(run.session()));
}

}  // namespace confab::sip
