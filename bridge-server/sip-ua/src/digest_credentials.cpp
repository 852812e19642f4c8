#include "confab/sip/digest_credentials.h"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace confab::sip {

namespace {

// Sofia splits NUTAG_AUTH at ':' (auc_credentials), so neither the user name
// nor the password may hold one; control characters would end up on the wire.
bool fitsAuthField(std::string_view text) {
    for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == ':' || byte < 0x20 || byte == 0x7f) return false;
    }
    return true;
}

}  // namespace

Result<DigestCredentials> DigestCredentials::load(std::size_t route_index, std::string username,
                                                  const std::filesystem::path& password_file) {
    using R = Result<DigestCredentials>;
    const std::string where = fmt::format("sip.route[{}]", route_index);
    if (username.empty()) {
        return R::failure(fmt::format("{}: password_file is set but username is empty", where));
    }
    if (!fitsAuthField(username)) {
        return R::failure(
            fmt::format("{}: username may not contain ':' or control characters", where));
    }
    std::ifstream in(password_file, std::ios::binary);
    if (!in) {
        return R::failure(
            fmt::format("{}: password_file '{}' cannot be read", where, password_file.string()));
    }
    std::string password;
    std::getline(in, password);
    while (!password.empty() && (password.back() == '\r' || password.back() == '\n')) {
        password.pop_back();
    }
    if (password.empty()) {
        return R::failure(
            fmt::format("{}: password_file '{}' is empty", where, password_file.string()));
    }
    if (!fitsAuthField(password)) {
        return R::failure(fmt::format(
            "{}: the password in '{}' contains ':' or control characters, which Sofia-SIP "
            "cannot send",
            where, password_file.string()));
    }
    return R::success(DigestCredentials{std::move(username), std::move(password)});
}

std::string DigestCredentials::nuaAuthString(std::string_view scheme,
                                             std::string_view quoted_realm) const {
    return fmt::format("{}:{}:{}:{}", scheme, quoted_realm, username, password);
}

}  // namespace confab::sip
