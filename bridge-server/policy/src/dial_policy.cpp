#include "confab/policy/dial_policy.h"

#include <algorithm>

#include "confab/policy/jid_match.h"
#include "confab/policy/number_category.h"

namespace confab::policy {

namespace {

constexpr std::size_t kMaxShownNumberBytes = 16;

Decision allow() {
    return Decision{true, {}};
}

Decision deny(std::string reason) {
    return Decision{false, std::move(reason)};
}

// The number as the user will recognise it, but never arbitrary text: the
// reason goes back over XMPP and into logs.
std::string shownNumber(const std::string& e164) {
    const bool plain = !e164.empty() && e164.size() <= kMaxShownNumberBytes &&
                       e164.find_first_not_of("+0123456789") == std::string::npos;
    return plain ? e164 : std::string("the number");
}

std::string shownUser(const std::string& user) {
    return user.empty() ? std::string("this account") : user;
}

std::string joined(const std::vector<std::string>& items) {
    std::string text;
    for (const std::string& item : items) {
        text += text.empty() ? "" : ", ";
        text += item;
    }
    return text;
}

std::string quoted(const std::string& name) {
    return "\"" + name + "\"";
}

}  // namespace

DialPolicy::DialPolicy(PolicySettings settings, std::string default_region,
                       std::string local_domain)
    : settings_(std::move(settings)),
      default_region_(std::move(default_region)),
      local_domain_(std::move(local_domain)),
      rate_limiter_(settings_.max_dials_per_minute) {
    applySettings();
}

void DialPolicy::replaceSettings(PolicySettings settings) {
    settings_ = std::move(settings);
    rate_limiter_.setMaxPerWindow(settings_.max_dials_per_minute);
    applySettings();
}

void DialPolicy::applySettings() {
    start_conference_ = settings_.start_conference;
    if (start_conference_.empty()) {
        start_conference_.push_back(local_domain_);
    }
    // An unknown region gives no prefix, so the default role dials nothing.
    const std::string home_prefix = countryCodePrefix(default_region_);
    default_role_ = PolicyRole{};
    default_role_.name = "default";
    if (!home_prefix.empty()) {
        default_role_.allowed_prefixes = {home_prefix};
    }
    roles_ = settings_.roles;
    for (PolicyRole& role : roles_) {
        if (role.allowed_prefixes.empty()) {
            role.allowed_prefixes = default_role_.allowed_prefixes;
        }
    }
}

const std::string* DialPolicy::longestBlockedPrefix(const std::string& e164) const {
    const std::string* longest = nullptr;
    for (const std::string& prefix : settings_.blocked_prefixes) {
        if (!prefix.empty() && e164.rfind(prefix, 0) == 0 &&
            (longest == nullptr || prefix.size() > longest->size())) {
            longest = &prefix;
        }
    }
    return longest;
}

const PolicyRole* DialPolicy::roleFor(const std::string& user) const {
    if (user.empty()) {
        return nullptr;
    }
    const bool may_start = std::any_of(start_conference_.begin(), start_conference_.end(),
                                       [&user](const std::string& member) {
                                           return matchMember(member, user) != MemberMatch::None;
                                       });
    if (!may_start) {
        return nullptr;
    }
    // A JID names one person deliberately; a domain names everyone. So the
    // first role listing the JID wins over an earlier role listing the domain.
    for (const MemberMatch wanted : {MemberMatch::Jid, MemberMatch::Domain}) {
        for (const PolicyRole& role : roles_) {
            const bool match = std::any_of(role.members.begin(), role.members.end(),
                                           [&user, wanted](const std::string& member) {
                                               return matchMember(member, user) == wanted;
                                           });
            if (match) {
                return &role;
            }
        }
    }
    return &default_role_;
}

Decision DialPolicy::mayStartConference(const std::string& bare_jid) const {
    const std::string user = normalizeUserJid(bare_jid);
    if (roleFor(user) == nullptr) {
        return deny(shownUser(user) + " may not start conferences on this bridge");
    }
    return allow();
}

std::string DialPolicy::roleOf(const std::string& bare_jid) const {
    const PolicyRole* role = roleFor(normalizeUserJid(bare_jid));
    return role == nullptr ? std::string() : role->name;
}

Decision DialPolicy::mayDial(const std::string& bare_jid, const std::string& e164,
                             const DialContext& context, Clock::time_point now) const {
    const std::string user = normalizeUserJid(bare_jid);
    const PolicyRole* role = roleFor(user);
    if (role == nullptr) {
        return deny(shownUser(user) + " may not start conferences or dial numbers on this bridge");
    }
    const std::size_t max_legs = settings_.max_legs_per_conference;
    if (context.legs_in_conference >= max_legs) {
        return deny("the conference already has " + std::to_string(context.legs_in_conference) +
                    " phone participants; the limit is " + std::to_string(max_legs) +
                    " per conference");
    }
    const std::size_t max_user_legs = settings_.max_concurrent_legs_per_user;
    if (context.user_live_legs >= max_user_legs) {
        return deny("you already have " + std::to_string(context.user_live_legs) +
                    " calls in progress; the limit is " + std::to_string(max_user_legs) +
                    " at once per user");
    }
    const std::size_t max_dials = settings_.max_dials_per_minute;
    const std::size_t recent_dials = rate_limiter_.dialsInWindow(user, now);
    if (recent_dials >= max_dials) {
        const auto wait = rate_limiter_.waitBeforeNextDial(user, now);
        // Rounded up, so "try again in N s" is never too early.
        const auto seconds = std::max<std::chrono::seconds::rep>(
            1, std::chrono::ceil<std::chrono::seconds>(wait).count());
        return deny("you have dialled " + std::to_string(recent_dials) +
                    " numbers in the last minute; the limit is " + std::to_string(max_dials) +
                    " per minute, try again in " + std::to_string(seconds) + " s");
    }

    const std::string number = shownNumber(e164);
    const NumberInfo info = inspectNumber(e164, default_region_);
    switch (info.category) {
        case NumberCategory::Invalid:
            return deny(number + " is not a valid telephone number in international form");
        case NumberCategory::Emergency:
            return deny(number +
                        " is an emergency number; a conference bridge never dials emergency "
                        "services, call them from your own phone");
        case NumberCategory::PremiumRate:
        case NumberCategory::SharedCost:
        case NumberCategory::Domestic:
        case NumberCategory::International:
            break;
    }
    if (const std::string* blocked = longestBlockedPrefix(e164)) {
        return deny(number + " is blocked by the bridge's dial policy (prefix " + *blocked + ")");
    }
    switch (info.category) {
        case NumberCategory::Invalid:
        case NumberCategory::Emergency:
            break;  // denied above
        case NumberCategory::PremiumRate:
        case NumberCategory::SharedCost:
            if (!role->allow_premium) {
                const std::string kind(describeCategory(info.category));
                return deny(number + " is " + kind + "; your role " + quoted(role->name) +
                            " may not call " + kind.substr(kind.find(' ') + 1) + "s");
            }
            break;
        case NumberCategory::Domestic:
        case NumberCategory::International:
            break;
    }
    if (info.foreign && !role->allow_international) {
        const std::string where = info.region.empty() ? "" : " (" + info.region + ")";
        return deny(number + " is an international number" + where + "; your role " +
                    quoted(role->name) + " may only call numbers in " + default_region_);
    }
    const bool prefix_allowed =
        std::any_of(role->allowed_prefixes.begin(), role->allowed_prefixes.end(),
                    [&e164](const std::string& prefix) { return e164.rfind(prefix, 0) == 0; });
    if (!prefix_allowed) {
        if (role->allowed_prefixes.empty()) {
            return deny("your role " + quoted(role->name) + " may not call any number");
        }
        return deny(number + " does not start with a prefix your role " + quoted(role->name) +
                    " may call (" + joined(role->allowed_prefixes) + ")");
    }
    return allow();
}

void DialPolicy::recordDial(const std::string& bare_jid, Clock::time_point now) {
    const std::string user = normalizeUserJid(bare_jid);
    if (roleFor(user) != nullptr) {
        rate_limiter_.record(user, now);
    }
}

}  // namespace confab::policy
