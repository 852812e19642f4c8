// SessionStore: the admin web page's logged-in sessions. A session is a
// random 256-bit id (the "confab_session" cookie) with its own CSRF token,
// dropped after `idle` without a request, at logout, or (least recently used
// first) when more than `max_sessions` are live. Also holds the one flash
// message a session shows on its next page.
//
// Thread contract: every member may be called from any web thread at once;
// one mutex guards the map and is never held across I/O.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace confab::web {

// 32 bytes from OpenSSL's RAND_bytes as 64 lower-case hex digits. Throws
// std::runtime_error when the random generator fails (never silently weak).
std::string randomToken();

// Constant-time comparison of two secrets (CRYPTO_memcmp); different lengths
// compare unequal without looking at the contents.
bool secretsEqual(std::string_view a, std::string_view b);

struct Session {
    std::string id;
    std::string admin;
    std::string csrf_token;
};

class SessionStore {
  public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    static constexpr std::size_t kDefaultMaxSessions = 256;

    explicit SessionStore(std::chrono::seconds idle, std::size_t max_sessions = kDefaultMaxSessions,
                          Clock clock = [] { return std::chrono::steady_clock::now(); });

    // A new session for `admin` (after a successful login).
    Session create(const std::string& admin);
    // The live session with this id, its idle timer restarted; nullopt when
    // unknown or idle for longer than `idle` (then it is dropped).
    std::optional<Session> touch(std::string_view id);
    // Whether the session is live, without restarting its idle timer (an open
    // event stream must not keep a session alive on its own).
    bool alive(std::string_view id) const;
    // True when the session existed.
    bool remove(std::string_view id);
    std::size_t size() const;

    // One message for the session's next page; takeFlash() returns and clears it.
    void setFlash(std::string_view id, std::string message, bool is_error);
    struct Flash {
        std::string message;
        bool is_error = false;
    };
    Flash takeFlash(std::string_view id);

  private:
    struct Entry {
        Session session;
        std::chrono::steady_clock::time_point last_used;
        Flash flash;
    };
    void dropExpiredLocked(std::chrono::steady_clock::time_point now);

    const std::chrono::seconds idle_;
    const std::size_t max_sessions_;
    const Clock clock_;
    mutable std::mutex mutex_;
    std::map<std::string, Entry, std::less<>> sessions_;
};

}  // namespace confab::web
