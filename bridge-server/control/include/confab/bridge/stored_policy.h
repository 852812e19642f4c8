// The dial policy the admin page saved: PolicySettings as JSON under the
// SettingsStore key "policy", so a change made on the page survives a
// restart and, once stored, overrides the config file's [policy].
//
// Thread contract: pure functions, except loadStoredPolicy and
// saveStoredPolicy, which use the Database and so run on its thread (the
// control thread).
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "confab/shared/bridge_config.h"

namespace confab::store {
class Database;
}

namespace confab::bridge {

inline constexpr const char* kStoredPolicyKey = "policy";

std::string policyToJson(const PolicySettings& policy);
// The policy, or one sentence saying why `json` is not one (malformed JSON,
// a missing or mistyped key, or what validatePolicySettings says).
std::variant<PolicySettings, std::string> policyFromJson(const std::string& json);

// The stored policy when there is one that parses and validates. One that
// does not is ignored with a warning naming the problem; either way one log
// line says which policy is in force. Never throws.
std::optional<PolicySettings> loadStoredPolicy(store::Database& database);
// Throws (store::StoreError, std::exception) when it cannot be written.
void saveStoredPolicy(store::Database& database, const PolicySettings& policy);

}  // namespace confab::bridge
