// SipTargetUri: a Request-URI we are willing to send an INVITE to: "sip:" or
// "sips:", only characters RFC 3261 allows in a URI (so no space, CR, LF, '<',
// '>', '"', '\', '{', '}', '|', '^', '`', '#', or bytes >= 0x80), valid %HH
// escapes, at most one '@' with a non-empty user part before it, and a host
// (name, IPv4, or [IPv6]) with an optional numeric port. No password in the
// user part, no "?headers" (RFC 3261 section 19.1.5 keeps them out of a
// Request-URI). URI parameters (";user=phone") are allowed because route
// templates use them; the number substituted in is E.164 and cannot add any.
//
// Thread contract: a plain value; callable from any thread.
#pragma once

#include <string>
#include <string_view>

#include "confab/sip/result.h"

namespace confab::sip {

class SipTargetUri {
  public:
    static constexpr std::size_t kMaxLength = 512;

    static Result<SipTargetUri> parse(std::string_view text);

    const std::string& str() const { return text_; }
    bool secure() const { return secure_; }  // sips:
    const std::string& host() const { return host_; }

  private:
    SipTargetUri(std::string text, bool secure, std::string host)
        : text_(std::move(text)), secure_(secure), host_(std::move(host)) {}

    std::string text_;
    bool secure_;
    std::string host_;
};

}  // namespace confab::sip
