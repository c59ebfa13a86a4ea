// The kiosk API's own request rules, as pure functions: request targets (path and query string),
// the Bearer token check (token files and listen addresses: kiosk/core/api_settings.h). No HTTP server here (kiosk/api wires these to
// libmicrohttpd); kiosk-logs and a fuzzer call the same functions.
//
// Implemented: percent-decoding of path and query, `+` as space in the query, repeated
// parameters (first one wins in queryValue), `Bearer` matched case-insensitively (RFC 7235),
// tokens compared in constant time.
// Not implemented: path normalisation (`/v1/../x` is simply an unknown route), other schemes.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kiosk/core/result.h"

namespace kiosk::api_request {

inline constexpr std::size_t kMaxQueryParameters = 32;   // more: the target is refused

struct RequestTarget {
    std::string path;                                          // decoded, e.g. "/v1/events"
    std::vector<std::pair<std::string, std::string>> query;    // decoded, in order
};

// Splits an origin-form request target ("/v1/events?after=5&limit=10") into its decoded path
// and query parameters. Errors (never throws): not starting with '/', a bad %-escape, a NUL
// byte after decoding, more than kMaxQueryParameters parameters. A fragment ('#...') is refused.
Result<RequestTarget> parseRequestTarget(std::string_view target);

// The value of the first parameter called `name`, or nullopt when there is none.
std::optional<std::string_view> queryValue(const RequestTarget& target, std::string_view name);

// The query of GET /v1/events: `after` (a whole number >= 0, default 0), `limit` (>= 1, default
// `defaultLimit`, capped at `maxLimit`) and `format` ("ndjson", the default, or "compact").
// Errors (never throws) are the 400 texts the route answers with.
struct EventsQuery {
    std::int64_t after = 0;
    std::int64_t limit = 0;
    std::string format = "ndjson";
};
Result<EventsQuery> parseEventsQuery(const RequestTarget& target, std::int64_t defaultLimit, std::int64_t maxLimit);

// The `wait` parameter of POST /v1/sync: whole seconds 0..maxSeconds, `defaultSeconds` when absent.
Result<int> parseSyncWaitSeconds(const RequestTarget& target, int defaultSeconds, int maxSeconds);

// The credentials of an "Authorization: Bearer <token>" header value: the scheme is matched
// case-insensitively, followed by one or more spaces; surrounding spaces and tabs are ignored.
// nullopt for any other scheme, or when the token is empty or contains a space.
std::optional<std::string_view> bearerCredentials(std::string_view authorizationHeader);

// Compares without leaking where the first difference is (length differences included): the
// time depends only on the two lengths.
bool constantTimeEquals(std::string_view a, std::string_view b);

// True when `authorizationHeader` carries exactly `token` as Bearer credentials (constant time
// in the contents). An empty configured token never matches.
bool bearerTokenMatches(std::string_view authorizationHeader, std::string_view token);

} // namespace kiosk::api_request
