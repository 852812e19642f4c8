// DialPolicy: who may start conferences on the bridge, and whether a user may
// dial a given number now. Toll fraud is the first thing attackers try on a
// bridge, so everything not allowed is denied, and every denial carries one
// sentence the user can act on.
//
// Threads: control thread only (it is not synchronised). Pure: no I/O and no
// clock; the caller passes `now`, so tests need no sleeps.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "confab/policy/dial_rate_limiter.h"
#include "confab/shared/bridge_config.h"

namespace confab::policy {

struct Decision {
    bool allowed = false;
    // One sentence for the user when denied, naming the number, role or limit:
    // "+19005550100 is a premium-rate number; your role \"default\" may not
    // call premium-rate numbers". Empty when allowed.
    std::string reason;
};

struct DialContext {
    std::size_t legs_in_conference = 0;  // live legs already in the target conference
    std::size_t user_live_legs = 0;      // live legs this user has requested, across conferences
};

class DialPolicy {
  public:
    using Clock = std::chrono::steady_clock;

    // `default_region` is sip.default_region ("US"): what "domestic" means and
    // the prefix of roles without allowed_prefixes. `local_domain` is
    // xmpp.domain: who may start when settings.start_conference is empty.
    DialPolicy(PolicySettings settings, std::string default_region, std::string local_domain);

    // `bare_jid` is the sender's JID; a resource, if any, is ignored.
    Decision mayStartConference(const std::string& bare_jid) const;

    // The role that governs the user's dials: a [[policy.role]] name,
    // "default", or "" if the user may not start conferences at all (role
    // membership alone grants nothing; start_conference must match too).
    std::string roleOf(const std::string& bare_jid) const;

    // Checks, in this order, and answers with the first that fails: may start
    // (only users who may start may dial), per-conference leg limit, per-user
    // concurrent legs, dials per minute, invalid and emergency numbers
    // (always denied), blocked prefixes (for every role; the longest matching
    // one is named), number category against the role, allowed prefixes.
    // Records nothing.
    Decision mayDial(const std::string& bare_jid, const std::string& e164,
                     const DialContext& context, Clock::time_point now) const;

    // Counts one dial against the user's per-minute budget: call after a dial
    // was allowed and placed. Dials by users who may not start are ignored.
    void recordDial(const std::string& bare_jid, Clock::time_point now);

    // Takes new settings for every later check (the admin page's policy
    // form). The dials already counted stay counted, against the new
    // per-minute limit.
    void replaceSettings(PolicySettings settings);

    // As passed to the constructor or replaceSettings.
    const PolicySettings& settings() const { return settings_; }

  private:
    // Derives start_conference_, roles_ and default_role_ from settings_.
    void applySettings();

    // The longest blocked prefix `e164` starts with; nullptr when none.
    const std::string* longestBlockedPrefix(const std::string& e164) const;
    // nullptr when the (normalized) user may not start conferences.
    const PolicyRole* roleFor(const std::string& user) const;

    PolicySettings settings_;
    std::string default_region_;
    std::string local_domain_;
    std::vector<std::string> start_conference_;  // settings', or the local domain
    std::vector<PolicyRole> roles_;              // settings', with prefixes filled in
    PolicyRole default_role_;
    DialRateLimiter rate_limiter_;  // keyed by normalized bare JID
};

}  // namespace confab::policy
