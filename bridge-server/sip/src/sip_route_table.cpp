#include "confab/sip/sip_route_table.h"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "confab/sip/e164_number.h"
#include "confab/sip/log_text.h"
#include "confab/sip/sip_target_uri.h"

namespace confab::sip {

namespace {

// A number of maximal length, to check that any real number yields a valid URI.
constexpr std::string_view kSampleNumber = "+123456789012345";

std::string substitute(std::string_view uri_template, std::string_view number) {
    std::string uri;
    std::size_t pos = 0;
    while (true) {
        const auto found = uri_template.find(SipRouteTable::kNumberPlaceholder, pos);
        if (found == std::string_view::npos) break;
        uri += uri_template.substr(pos, found - pos);
        uri += number;
        pos = found + SipRouteTable::kNumberPlaceholder.size();
    }
    uri += uri_template.substr(pos);
    return uri;
}

std::optional<std::string> checkRoute(const RouteSpec& route) {
    const std::string_view digits =
        route.prefix.empty() ? std::string_view{} : std::string_view(route.prefix).substr(1);
    if (!route.prefix.empty() &&
        (route.prefix.front() != '+' || digits.size() > E164Number::kMaxDigits ||
         !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))) {
        return fmt::format("prefix {} must be '+' followed by at most {} digits",
                           quoteUntrusted(route.prefix), E164Number::kMaxDigits);
    }
    if (route.uri_template.find(SipRouteTable::kNumberPlaceholder) == std::string::npos) {
        return fmt::format("uri {} has no {}", quoteUntrusted(route.uri_template, 80),
                           SipRouteTable::kNumberPlaceholder);
    }
    // Only the placeholder may use braces; anything else is a typo like "{numbr}".
    const std::string without = substitute(route.uri_template, "");
    if (without.find_first_of("{}") != std::string::npos) {
        return fmt::format("uri {} has braces other than {}",
                           quoteUntrusted(route.uri_template, 80),
                           SipRouteTable::kNumberPlaceholder);
    }
    if (auto uri = SipTargetUri::parse(substitute(route.uri_template, kSampleNumber)); !uri) {
        return fmt::format("uri template: {}", uri.error());
    }
    if (!route.caller_id.empty()) {
        if (auto caller = E164Number::parse(route.caller_id); !caller) {
            return fmt::format("caller_id: {}", caller.error());
        }
    }
    return std::nullopt;
}

}  // namespace

Result<SipRouteTable> SipRouteTable::create(std::vector<RouteSpec> routes) {
    for (std::size_t i = 0; i < routes.size(); ++i) {
        if (auto error = checkRoute(routes[i])) {
            return Result<SipRouteTable>::failure(fmt::format("sip.route[{}]: {}", i, *error));
        }
    }
    return Result<SipRouteTable>::success(SipRouteTable(std::move(routes)));
}

Result<ResolvedRoute> SipRouteTable::resolve(std::string_view dial_string) const {
    auto number = E164Number::parse(dial_string);
    if (!number) return Result<ResolvedRoute>::failure(number.error());
    for (std::size_t i = 0; i < routes_.size(); ++i) {
        const auto& route = routes_[i];
        if (!number.value().hasPrefix(route.prefix)) continue;
        auto uri = SipTargetUri::parse(substitute(route.uri_template, number.value().str()));
        // Cannot fail for a table that passed create(); refuse rather than assert,
        // since the URI goes on the wire.
        if (!uri) return Result<ResolvedRoute>::failure(uri.error());
        return Result<ResolvedRoute>::success(ResolvedRoute{i, number.value().str(),
                                                            uri.value().str(), route.username,
                                                            route.password_file, route.caller_id});
    }
    return Result<ResolvedRoute>::failure(
        routes_.empty() ? std::string("no SIP route is configured")
                        : fmt::format("no SIP route matches {}", number.value().str()));
}

}  // namespace confab::sip
