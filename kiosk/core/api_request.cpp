#include "kiosk/core/api_request.h"

#include <algorithm>
#include <charconv>

namespace kiosk::api_request {
namespace {

int hexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Decodes %XX escapes (and '+' as a space when `plusIsSpace`). nullopt on a bad escape or NUL.
std::optional<std::string> percentDecode(std::string_view text, bool plusIsSpace) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%') {
            if (i + 2 >= text.size()) return std::nullopt;
            const int high = hexDigit(text[i + 1]);
            const int low = hexDigit(text[i + 2]);
            if (high < 0 || low < 0) return std::nullopt;
            const char decoded = static_cast<char>(high * 16 + low);
            if (decoded == '\0') return std::nullopt;
            out.push_back(decoded);
            i += 2;
        } else if (c == '+' && plusIsSpace) {
            out.push_back(' ');
        } else if (c == '\0') {
            return std::nullopt;
        } else {
            out.push_back(c);
        }
    }
    return out;
}

// A whole decimal number filling all of `text` (no sign for positive, no spaces).
template <typename Number>
bool parseWhole(std::string_view text, Number& out) {
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    return !text.empty() && error == std::errc() && end == text.data() + text.size();
}

bool isSpaceOrTab(char c) { return c == ' ' || c == '\t'; }

std::string_view trimSpaces(std::string_view text) {
    while (!text.empty() && isSpaceOrTab(text.front())) text.remove_prefix(1);
    while (!text.empty() && isSpaceOrTab(text.back())) text.remove_suffix(1);
    return text;
}

} // namespace

Result<RequestTarget> parseRequestTarget(std::string_view target) {
    if (target.empty() || target.front() != '/') return Error{"request target must start with '/'"};
    if (target.find('#') != std::string_view::npos) return Error{"request target must not have a fragment"};
    const auto question = target.find('?');
    RequestTarget out;
    auto path = percentDecode(target.substr(0, question), false);
    if (!path) return Error{"request path has a bad %-escape"};
    out.path = std::move(*path);
    if (question == std::string_view::npos) return out;
    std::string_view query = target.substr(question + 1);
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (pair.empty()) continue;   // "a=1&&b=2"
        if (out.query.size() >= kMaxQueryParameters)
            return Error{"more than " + std::to_string(kMaxQueryParameters) + " query parameters"};
        const auto equals = pair.find('=');
        auto name = percentDecode(pair.substr(0, equals), true);
        auto value = percentDecode(equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1), true);
        if (!name || !value) return Error{"query string has a bad %-escape"};
        out.query.emplace_back(std::move(*name), std::move(*value));
    }
    return out;
}

std::optional<std::string_view> queryValue(const RequestTarget& target, std::string_view name) {
    for (const auto& [key, value] : target.query)
        if (key == name) return std::string_view(value);
    return std::nullopt;
}

Result<EventsQuery> parseEventsQuery(const RequestTarget& target, std::int64_t defaultLimit, std::int64_t maxLimit) {
    EventsQuery query;
    query.limit = defaultLimit;
    if (const auto text = queryValue(target, "after"); text && (!parseWhole(*text, query.after) || query.after < 0))
        return Error{"after must be a whole number >= 0"};
    if (const auto text = queryValue(target, "limit"); text && (!parseWhole(*text, query.limit) || query.limit < 1))
        return Error{"limit must be a whole number >= 1"};
    query.limit = std::min(query.limit, maxLimit);
    if (const auto text = queryValue(target, "format")) query.format = std::string(*text);
    if (query.format != "ndjson" && query.format != "compact") return Error{"format must be ndjson or compact"};
    return query;
}

Result<int> parseSyncWaitSeconds(const RequestTarget& target, int defaultSeconds, int maxSeconds) {
    int seconds = defaultSeconds;
    if (const auto text = queryValue(target, "wait"); text && (!parseWhole(*text, seconds) || seconds < 0 || seconds > maxSeconds))
        return Error{"wait must be 0.." + std::to_string(maxSeconds) + " seconds"};
    return seconds;
}

std::optional<std::string_view> bearerCredentials(std::string_view header) {
    header = trimSpaces(header);
    static constexpr std::string_view kScheme = "bearer";
    if (header.size() <= kScheme.size()) return std::nullopt;
    for (std::size_t i = 0; i < kScheme.size(); ++i) {
        const char c = header[i];
        const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        if (lower != kScheme[i]) return std::nullopt;
    }
    if (header[kScheme.size()] != ' ') return std::nullopt;
    const std::string_view token = trimSpaces(header.substr(kScheme.size()));
    if (token.empty() || std::any_of(token.begin(), token.end(), isSpaceOrTab)) return std::nullopt;
    return token;
}

bool constantTimeEquals(std::string_view a, std::string_view b) {
    // Walk the longer length so the time depends only on the lengths, never on the contents.
    const std::size_t n = std::max(a.size(), b.size());
    unsigned char difference = a.size() == b.size() ? 0 : 1;
    for (std::size_t i = 0; i < n; ++i) {
        const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
        const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
        difference |= static_cast<unsigned char>(x ^ y);
    }
    return difference == 0;
}

bool bearerTokenMatches(std::string_view header, std::string_view token) {
    if (token.empty()) return false;
    const auto credentials = bearerCredentials(header);
    return credentials && constantTimeEquals(*credentials, token);
}

} // namespace kiosk::api_request
