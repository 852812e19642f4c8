// SdpParser: a small strict SDP (RFC 4566) parser for bodies from untrusted
// peers. We do not use Sofia's sdp_parse(): it has had memory-safety CVEs, it
// accepts far more than we can use, and its macros fight our warning flags.
// This parser checks limits first (size, NUL bytes, line counts), then the line
// grammar and the order of lines, and keeps only what SdpNegotiator needs.
//
// Accepted: CRLF or LF line ends (RFC 4566 section 5 asks parsers to take LF),
// trailing empty lines. Refused with a reason: bare CR, empty lines in the
// middle, control characters, bytes >= 0x80 outside s=, i=, u=, e=, p=, a=,
// unknown line types (section 5 says to reject those), v= other than 0,
// missing o=/s=/t=, repeated c= at one level.
//
// Thread contract: stateless after construction; used on the control thread.
#pragma once

#include <cstddef>
#include <string_view>

#include "confab/sip/result.h"
#include "confab/sip/sdp_session.h"

namespace confab::sip {

struct SdpLimits {
    std::size_t max_bytes = 8 * 1024;
    std::size_t max_lines_per_section = 64;  // the session part, and each m= section
    std::size_t max_media = 16;              // m= lines
};

class SdpParser {
  public:
    SdpParser() = default;
    explicit SdpParser(SdpLimits limits) : limits_(limits) {}

    // On failure the reason has no role prefix and names the line when there
    // is one: "line 7: unknown line type 'x'", "is 9000 bytes, more than ...".
    Result<SdpSessionDescription> parse(std::string_view text) const;

    const SdpLimits& limits() const { return limits_; }

  private:
    SdpLimits limits_;
};

}  // namespace confab::sip
