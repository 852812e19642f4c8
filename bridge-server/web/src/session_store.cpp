#include "session_store.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <stdexcept>
#include <utility>

namespace confab::web {

std::string randomToken() {
    std::array<unsigned char, 32> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
        throw std::runtime_error("the random number generator failed; cannot create a session token");
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string token;
    token.reserve(bytes.size() * 2);
    for (unsigned char byte : bytes) {
        token += kHex[byte >> 4];
        token += kHex[byte & 0x0f];
    }
    return token;
}

namespace {

// Sessions are found by the SHA-256 of their id, not the id itself: a map
// lookup compares keys byte by byte and so leaks, through timing, how much of
// a guessed key matches. Matching a prefix of a hash tells nothing about the id.
std::string lookupKey(std::string_view id) {
    std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
    SHA256(reinterpret_cast<const unsigned char*>(id.data()), id.size(), digest.data());
    return std::string(reinterpret_cast<const char*>(digest.data()), digest.size());
}

}  // namespace

bool secretsEqual(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    if (a.empty()) return true;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

SessionStore::SessionStore(std::chrono::seconds idle, std::size_t max_sessions, Clock clock)
    : idle_(idle), max_sessions_(std::max<std::size_t>(1, max_sessions)), clock_(std::move(clock)) {}

void SessionStore::dropExpiredLocked(std::chrono::steady_clock::time_point now) {
    std::erase_if(sessions_, [&](const auto& item) { return now - item.second.last_used > idle_; });
}

Session SessionStore::create(const std::string& admin) {
    Session session{randomToken(), admin, randomToken()};
    const auto now = clock_();
    std::lock_guard lock(mutex_);
    dropExpiredLocked(now);
    while (sessions_.size() >= max_sessions_) {
        auto oldest = std::min_element(sessions_.begin(), sessions_.end(), [](const auto& a, const auto& b) {
            return a.second.last_used < b.second.last_used;
        });
        sessions_.erase(oldest);
    }
    sessions_.emplace(lookupKey(session.id), Entry{session, now, {}});
    return session;
}

std::optional<Session> SessionStore::touch(std::string_view id) {
    const auto now = clock_();
    std::lock_guard lock(mutex_);
    auto found = sessions_.find(lookupKey(id));
    if (found == sessions_.end()) return std::nullopt;
    if (now - found->second.last_used > idle_) {
        sessions_.erase(found);
        return std::nullopt;
    }
    found->second.last_used = now;
    return found->second.session;
}

bool SessionStore::alive(std::string_view id) const {
    const auto now = clock_();
    std::lock_guard lock(mutex_);
    auto found = sessions_.find(lookupKey(id));
    return found != sessions_.end() && now - found->second.last_used <= idle_;
}

bool SessionStore::remove(std::string_view id) {
    std::lock_guard lock(mutex_);
    auto found = sessions_.find(lookupKey(id));
    if (found == sessions_.end()) return false;
    sessions_.erase(found);
    return true;
}

std::size_t SessionStore::size() const {
    std::lock_guard lock(mutex_);
    return sessions_.size();
}

void SessionStore::setFlash(std::string_view id, std::string message, bool is_error) {
    std::lock_guard lock(mutex_);
    auto found = sessions_.find(lookupKey(id));
    if (found != sessions_.end()) found->second.flash = Flash{std::move(message), is_error};
}

SessionStore::Flash SessionStore::takeFlash(std::string_view id) {
    std::lock_guard lock(mutex_);
    auto found = sessions_.find(lookupKey(id));
    if (found == sessions_.end()) return {};
    return std::exchange(found->second.flash, Flash{});
}

}  // namespace confab::web
