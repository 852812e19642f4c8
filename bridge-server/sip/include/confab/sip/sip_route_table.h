// SipRouteTable: where an E.164 number is sent. Built once from the [[sip.route]]
// entries; the first route whose prefix matches the number wins (config order,
// not longest prefix). "{number}" in the route's URI template is replaced by the
// number, which must pass E164Number first, and the result must pass
// SipTargetUri. Templates are checked when the table is built, so a bad config
// fails at startup, not on the first call.
//
// Thread contract: built on the control thread at startup (or on a config
// reload, by building a new table); after that only const calls, no state.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "confab/sip/result.h"

namespace confab::sip {

// Mirrors confab::SipRoute (shared/include/confab/shared/bridge_config.h), so
// this library needs nothing from confab-shared; the glue copies the fields.
struct RouteSpec {
    std::string prefix;        // "+1555"; "" or "+" matches every number
    std::string uri_template;  // e.g. "sip:{number}@gw.example.net;user=phone"
    std::string username;      // digest user, may be empty
    std::optional<std::filesystem::path> password_file;
    std::string caller_id;  // E.164 or empty (then the bridge-wide one is used)
};

// The outcome of resolve(): everything needed to place the INVITE.
struct ResolvedRoute {
    std::size_t route_index = 0;  // which RouteSpec matched, for logs
    std::string number;           // the E.164 number dialled
    std::string target_uri;       // checked Request-URI
    std::string username;
    std::optional<std::filesystem::path> password_file;
    std::string caller_id;
};

class SipRouteTable {
  public:
    static constexpr std::string_view kNumberPlaceholder = "{number}";

    // Refuses the whole table on the first bad route: "sip.route[2]: prefix
    // '+1x' must be '+' followed by digits".
    static Result<SipRouteTable> create(std::vector<RouteSpec> routes);

    // `dial_string` is untrusted (typed by a user); reasons say why it was refused.
    Result<ResolvedRoute> resolve(std::string_view dial_string) const;

    std::size_t size() const { return routes_.size(); }

  private:
    explicit SipRouteTable(std::vector<RouteSpec> routes) : routes_(std::move(routes)) {}

    std::vector<RouteSpec> routes_;
};

}  // namespace confab::sip
