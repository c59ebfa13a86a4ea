// libFuzzer target for the kiosk API's own request parsing (kiosk/core/api_request.h): anybody
// on the exhibition LAN chooses the request target and the Authorization header. The input is
// split at its first two newlines: the request target, the Authorization header value, and the
// token the kiosk is configured with (missing parts are empty). Properties checked:
// - an accepted target has a path starting with '/', no NUL byte anywhere, at most
//   kMaxQueryParameters parameters, and the same result when its parts are %-encoded again;
// - queryValue gives the first parameter of a name; the /v1/events and /v1/sync parameters
//   parse to values inside their bounds;
// - Bearer credentials are non-empty without spaces, and match exactly the same token (never a
//   longer or shorter one, never an empty configured token); constantTimeEquals is ==.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "kiosk/core/api_request.h"

namespace {

using namespace kiosk::api_request;

void require(bool condition) {
    if (!condition) std::abort();
}

std::string percentEncode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || (byte >= '0' && byte <= '9') || byte == '-' ||
            byte == '.' || byte == '_' || byte == '~') {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(kHex[byte >> 4]);
            out.push_back(kHex[byte & 15]);
        }
    }
    return out;
}

void checkTarget(std::string_view text) {
    auto target = parseRequestTarget(text);
    if (!target) {
        require(!target.error().empty());
        return;
    }
    require(!target->path.empty() && target->path.front() == '/');
    require(target->path.find('\0') == std::string::npos);
    require(target->query.size() <= kMaxQueryParameters);
    for (const auto& [name, value] : target->query) {
        require(name.find('\0') == std::string::npos && value.find('\0') == std::string::npos);
        const auto first = queryValue(*target, name);
        require(first.has_value());
        for (const auto& [otherName, otherValue] : target->query)   // the first one of that name
            if (otherName == name) {
                require(*first == otherValue);
                break;
            }
    }
    // Encoded again (the path keeping its '/'), the target parses to the same parts.
    std::string again;
    std::size_t at = 0;
    while (at < target->path.size()) {
        const auto slash = target->path.find('/', at);
        const auto end = slash == std::string::npos ? target->path.size() : slash;
        again += percentEncode(std::string_view(target->path).substr(at, end - at));
        if (slash != std::string::npos) again += '/';
        at = end + 1;
    }
    if (!target->query.empty()) {
        again += '?';
        for (std::size_t i = 0; i < target->query.size(); ++i) {
            if (i > 0) again += '&';
            again += percentEncode(target->query[i].first) + "=" + percentEncode(target->query[i].second);
        }
    }
    auto reparsed = parseRequestTarget(again);
    require(reparsed.ok());
    require(reparsed->path == target->path);
    require(reparsed->query.size() == target->query.size());
    for (std::size_t i = 0; i < target->query.size(); ++i) {
        // A parameter with an empty name is kept ("=x") and encodes back to "=x".
        require(reparsed->query[i] == target->query[i]);
    }

    constexpr std::int64_t kDefaultLimit = 1000, kMaxLimit = 10000;
    if (auto events = parseEventsQuery(*target, kDefaultLimit, kMaxLimit)) {
        require(events->after >= 0);
        require(events->limit >= 1 && events->limit <= kMaxLimit);
        require(events->format == "ndjson" || events->format == "compact");
    }
    if (auto wait = parseSyncWaitSeconds(*target, 60, 120)) require(*wait >= 0 && *wait <= 120);
}

void checkBearer(std::string_view header, std::string_view token) {
    const auto credentials = bearerCredentials(header);
    const bool matches = bearerTokenMatches(header, token);
    require(constantTimeEquals(header, token) == (header == token));
    if (!credentials) {
        require(!matches);
        return;
    }
    require(!credentials->empty());
    require(credentials->find(' ') == std::string_view::npos && credentials->find('\t') == std::string_view::npos);
    require(matches == (!token.empty() && *credentials == token));
    const std::string exact(*credentials);
    require(bearerTokenMatches(header, exact));
    require(!bearerTokenMatches(header, exact + "x"));
    require(!bearerTokenMatches(header, std::string_view(exact).substr(0, exact.size() - 1)));
    require(!bearerTokenMatches(header, ""));
    require(bearerTokenMatches("bEaReR " + exact, exact));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::size_t first = input.find('\n');
    const std::string_view target = input.substr(0, first);
    std::string_view rest = first == std::string_view::npos ? std::string_view() : input.substr(first + 1);
    const std::size_t second = rest.find('\n');
    const std::string_view authorization = rest.substr(0, second);
    const std::string_view token = second == std::string_view::npos ? std::string_view() : rest.substr(second + 1);
    checkTarget(target);
    checkBearer(authorization, token);
    return 0;
}
