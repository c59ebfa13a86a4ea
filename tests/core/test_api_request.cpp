// The API's request rules as pure functions: targets, Bearer credentials, token files.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <vector>

#include <unistd.h>

#include "kiosk/core/api_request.h"
#include "kiosk/core/api_settings.h"

using namespace kiosk::api_request;

TEST_SUITE("core") {

TEST_CASE("request targets split into a decoded path and query parameters") {
    auto plain = parseRequestTarget("/v1/events?after=5&limit=10");
    REQUIRE(plain);
    CHECK(plain->path == "/v1/events");
    REQUIRE(plain->query.size() == 2);
    CHECK(queryValue(*plain, "after") == "5");
    CHECK(queryValue(*plain, "limit") == "10");
    CHECK_FALSE(queryValue(*plain, "format"));

    auto decoded = parseRequestTarget("/v1/a%20b?x=1%2B2&y=a+b&flag&&x=second&empty=");
    REQUIRE(decoded);
    CHECK(decoded->path == "/v1/a b");
    CHECK(queryValue(*decoded, "x") == "1+2");   // the first one wins
    CHECK(queryValue(*decoded, "y") == "a b");
    CHECK(queryValue(*decoded, "flag") == "");
    CHECK(queryValue(*decoded, "empty") == "");
    CHECK(decoded->query.size() == 5);

    auto bare = parseRequestTarget("/v1/health?");
    REQUIRE(bare);
    CHECK(bare->query.empty());

    for (const char* bad : {"", "v1/health", "*", "http://x/v1", "/v1/%", "/v1/%4", "/v1/%zz", "/v1?a=%GG",
                            "/v1?a=%00", "/v1/%00", "/v1#frag"}) {
        CAPTURE(bad);
        CHECK_FALSE(parseRequestTarget(bad));
    }
    std::string many = "/v1/events?";
    for (std::size_t i = 0; i <= kMaxQueryParameters; ++i) many += "p" + std::to_string(i) + "=1&";
    CHECK_FALSE(parseRequestTarget(many));
    CHECK_FALSE(parseRequestTarget(std::string("/v1/x\0y", 7)));
}

TEST_CASE("the /v1/events and /v1/sync parameters parse within their bounds, with the route's error texts") {
    auto target = [](const char* text) {
        auto parsed = parseRequestTarget(text);
        REQUIRE(parsed);
        return *parsed;
    };
    auto defaults = parseEventsQuery(target("/v1/events"), 1000, 10000);
    REQUIRE(defaults);
    CHECK(defaults->after == 0);
    CHECK(defaults->limit == 1000);
    CHECK(defaults->format == "ndjson");
    auto given = parseEventsQuery(target("/v1/events?after=42&limit=99999999&format=compact&after=7"), 1000, 10000);
    REQUIRE(given);
    CHECK(given->after == 42);        // the first one wins
    CHECK(given->limit == 10000);     // capped
    CHECK(given->format == "compact");
    for (const char* bad : {"/v1/events?after=-1", "/v1/events?after=", "/v1/events?after=+5", "/v1/events?after=5x",
                            "/v1/events?after=9223372036854775808", "/v1/events?after=%205"}) {
        CAPTURE(bad);
        auto refused = parseEventsQuery(target(bad), 1000, 10000);
        REQUIRE_FALSE(refused);
        CHECK(refused.error() == "after must be a whole number >= 0");
    }
    for (const char* bad : {"/v1/events?limit=0", "/v1/events?limit=-3", "/v1/events?limit=1e3", "/v1/events?limit"}) {
        CAPTURE(bad);
        auto refused = parseEventsQuery(target(bad), 1000, 10000);
        REQUIRE_FALSE(refused);
        CHECK(refused.error() == "limit must be a whole number >= 1");
    }
    for (const char* bad : {"/v1/events?format=csv", "/v1/events?format=", "/v1/events?format=COMPACT"})
        CHECK(parseEventsQuery(target(bad), 1000, 10000).error() == "format must be ndjson or compact");

    CHECK(*parseSyncWaitSeconds(target("/v1/sync"), 60, 120) == 60);
    CHECK(*parseSyncWaitSeconds(target("/v1/sync?wait=0"), 60, 120) == 0);
    CHECK(*parseSyncWaitSeconds(target("/v1/sync?wait=120"), 60, 120) == 120);
    for (const char* bad : {"/v1/sync?wait=121", "/v1/sync?wait=-1", "/v1/sync?wait=", "/v1/sync?wait=4294967356",
                            "/v1/sync?wait=1.5"}) {
        CAPTURE(bad);
        auto refused = parseSyncWaitSeconds(target(bad), 60, 120);
        REQUIRE_FALSE(refused);
        CHECK(refused.error() == "wait must be 0..120 seconds");
    }
}

TEST_CASE("Bearer is matched in any case, other schemes and malformed values are not") {
    const std::string token = "secret-token-0123456789";
    for (const std::string& header : {"Bearer " + token, "bearer " + token, "BEARER " + token, "BeArEr " + token,
                                      "Bearer   " + token + "  ", "  Bearer " + token, "Bearer " + token + "\t"}) {
        CAPTURE(header);
        CHECK(bearerTokenMatches(header, token));
        CHECK(bearerCredentials(header) == token);
    }
    for (const std::string& header : std::vector<std::string>{
             std::string(), "Bearer", "Bearer ", "Bearer" + token, "Bearer\t" + token, "Basic " + token, token,
          "Bearer " + token + "x", "Bearer " + token.substr(1), "Bearer " + token + " extra", "Bearers " + token,
          "Bear " + token}) {
        CAPTURE(header);
        CHECK_FALSE(bearerTokenMatches(header, token));
    }
    CHECK_FALSE(bearerTokenMatches("Bearer x", ""));   // an empty configured token never matches

    CHECK(constantTimeEquals("abc", "abc"));
    CHECK(constantTimeEquals("", ""));
    CHECK_FALSE(constantTimeEquals("abc", "abd"));
    CHECK_FALSE(constantTimeEquals("abc", "abcd"));
    CHECK_FALSE(constantTimeEquals("", "a"));
    CHECK_FALSE(constantTimeEquals(std::string("a\0", 2), "a"));
}

TEST_CASE("token files must be one line, long enough, and readable by their owner only") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("api-request-test-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    auto write = [&](const std::string& name, const std::string& text, fs::perms perms) {
        std::ofstream(dir / name) << text;
        fs::permissions(dir / name, perms);
        return dir / name;
    };
    using P = fs::perms;
    const std::string token = "file-token-0123456789abcdef";
    auto good = kiosk::loadApiToken(write("good", "  " + token + "\n", P::owner_read | P::owner_write));
    REQUIRE_MESSAGE(good, (good ? "" : good.error()));
    CHECK(*good == token);
    CHECK(kiosk::loadApiToken(write("readonly", token, P::owner_read)));

    auto open = kiosk::loadApiToken(write("world", token, P::owner_read | P::owner_write | P::group_read | P::others_read));
    REQUIRE_FALSE(open);
    CHECK(open.error().find("chmod 600") != std::string::npos);
    CHECK_FALSE(kiosk::loadApiToken(write("group", token, P::owner_read | P::group_read)));
    CHECK_FALSE(kiosk::loadApiToken(write("groupwrite", token, P::owner_read | P::owner_write | P::group_write)));

    CHECK_FALSE(kiosk::loadApiToken(write("short", "abc\n", P::owner_read)));
    CHECK_FALSE(kiosk::loadApiToken(write("spaces", "abcdefgh ijklmnopqrstu\n", P::owner_read)));
    CHECK_FALSE(kiosk::loadApiToken(write("long", std::string(kiosk::kMaxApiTokenBytes + 1, 'x'), P::owner_read)));
    CHECK(kiosk::loadApiToken(write("max", std::string(kiosk::kMaxApiTokenBytes, 'x'), P::owner_read)));
    auto missing = kiosk::loadApiToken(dir / "missing");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().find("missing") != std::string::npos);
    CHECK_FALSE(kiosk::loadApiToken(dir));   // a folder
    fs::remove_all(dir);
}

}
