#include "confab/bridge/stored_policy.h"

#include <chrono>
#include <cstdint>
#include <type_traits>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "confab/store/database.h"
#include "confab/store/settings_store.h"

namespace confab::bridge {

namespace {

using nlohmann::json;

// Reads `key` of `object` as T; a missing or mistyped key is a sentence.
template <typename T>
T field(const json& object, const char* key, const std::string& where) {
    const auto found = object.find(key);
    if (found == object.end()) throw std::invalid_argument(where + " has no \"" + key + "\"");
    if constexpr (std::is_same_v<T, std::uint32_t>) {
        // get<> would wrap -1 or truncate 2.5 without a word.
        if (!found->is_number_unsigned() || found->get<std::uint64_t>() > UINT32_MAX) {
            throw std::invalid_argument(where + "'s \"" + key + "\" is not a whole number");
        }
    }
    try {
        return found->get<T>();
    } catch (const json::exception&) {
        throw std::invalid_argument(where + "'s \"" + key + "\" has the wrong type");
    }
}

}  // namespace

std::string policyToJson(const PolicySettings& policy) {
    json roles = json::array();
    for (const PolicyRole& role : policy.roles) {
        roles.push_back({{"name", role.name},
                         {"members", role.members},
                         {"allowed_prefixes", role.allowed_prefixes},
                         {"allow_international", role.allow_international},
                         {"allow_premium", role.allow_premium}});
    }
    const json document = {
        {"start_conference", policy.start_conference},
        {"max_legs_per_conference", policy.max_legs_per_conference},
        {"max_concurrent_legs_per_user", policy.max_concurrent_legs_per_user},
        {"max_dials_per_minute", policy.max_dials_per_minute},
        {"invitation_timeout_seconds", policy.invitation_timeout_seconds},
        {"blocked_prefixes", policy.blocked_prefixes},
        {"roles", roles},
    };
    return document.dump();
}

std::variant<PolicySettings, std::string> policyFromJson(const std::string& text) {
    const json document = json::parse(text, nullptr, false);
    if (document.is_discarded() || !document.is_object()) {
        return std::string("the stored policy is not a JSON object");
    }
    PolicySettings policy;
    try {
        const std::string where = "the stored policy";
        using Strings = std::vector<std::string>;
        policy.start_conference = field<Strings>(document, "start_conference", where);
        policy.max_legs_per_conference = field<std::uint32_t>(document, "max_legs_per_conference", where);
        policy.max_concurrent_legs_per_user =
            field<std::uint32_t>(document, "max_concurrent_legs_per_user", where);
        policy.max_dials_per_minute = field<std::uint32_t>(document, "max_dials_per_minute", where);
        policy.invitation_timeout_seconds =
            field<std::uint32_t>(document, "invitation_timeout_seconds", where);
        policy.blocked_prefixes = field<Strings>(document, "blocked_prefixes", where);
        const json roles = field<json>(document, "roles", where);
        if (!roles.is_array()) return std::string("the stored policy's \"roles\" is not an array");
        for (std::size_t i = 0; i < roles.size(); ++i) {
            const std::string role_where = "role " + std::to_string(i + 1) + " of the stored policy";
            if (!roles[i].is_object()) return role_where + " is not an object";
            PolicyRole role;
            role.name = field<std::string>(roles[i], "name", role_where);
            role.members = field<Strings>(roles[i], "members", role_where);
            role.allowed_prefixes = field<Strings>(roles[i], "allowed_prefixes", role_where);
            role.allow_international = field<bool>(roles[i], "allow_international", role_where);
            role.allow_premium = field<bool>(roles[i], "allow_premium", role_where);
            policy.roles.push_back(std::move(role));
        }
    } catch (const std::invalid_argument& error) {
        return std::string(error.what());
    }
    if (std::string problem = validatePolicySettings(policy); !problem.empty()) return problem;
    return policy;
}

std::optional<PolicySettings> loadStoredPolicy(store::Database& database) {
    std::optional<std::string> stored;
    try {
        stored = store::SettingsStore(database).get(kStoredPolicyKey);
    } catch (const std::exception& error) {
        spdlog::warn("dial policy: cannot read the policy saved on the admin page ({}); using [policy] "
                     "from the config file",
                     error.what());
        return std::nullopt;
    }
    if (!stored) return std::nullopt;
    auto parsed = policyFromJson(*stored);
    if (const auto* problem = std::get_if<std::string>(&parsed)) {
        spdlog::warn("dial policy: ignoring the policy saved on the admin page ({}); using [policy] "
                     "from the config file",
                     *problem);
        return std::nullopt;
    }
    spdlog::info("dial policy: using the policy saved on the admin page; it overrides [policy] in the "
                 "config file");
    return std::get<PolicySettings>(std::move(parsed));
}

void saveStoredPolicy(store::Database& database, const PolicySettings& policy) {
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    store::SettingsStore(database).set(kStoredPolicyKey, policyToJson(policy), now);
}

}  // namespace confab::bridge
