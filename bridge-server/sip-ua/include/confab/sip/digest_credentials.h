// DigestCredentials: a route's digest user name and password, and the
// NUTAG_AUTH() string nua_authenticate() wants. The password is read from its
// file once at startup and is never logged or formatted into anything but
// the NUTAG_AUTH string handed to nua.
//
// Thread contract: plain values; read on the control thread at startup.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "confab/sip/result.h"

namespace confab::sip {

struct DigestCredentials {
    std::string username;
    std::string password;

    // Failure reasons name the route and the file but never the contents:
    // "sip.route[1]: password_file '/etc/confab/gw.pw' cannot be read".
    // The password is the file's first line (trailing CR/LF removed); it must
    // not be empty. The user name must not contain ':' (the NUTAG_AUTH field
    // separator) or control characters.
    static Result<DigestCredentials> load(std::size_t route_index, std::string username,
                                          const std::filesystem::path& password_file);

    // "Digest:\"realm\":user:password" for NUTAG_AUTH. `scheme` and `quoted_realm`
    // come from the peer's challenge as Sofia parsed it (realm with its quotes).
    std::string nuaAuthString(std::string_view scheme, std::string_view quoted_realm) const;
};

}  // namespace confab::sip
