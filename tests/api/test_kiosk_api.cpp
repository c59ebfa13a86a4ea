// The real kiosk executable, headless on the real clock, with its API on: health, status,
// a screenshot through the main loop, events, then SIGTERM ends it cleanly.
#include <doctest/doctest.h>

#include <fstream>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "kiosk/storage/sqlite_db.h"
#include "tests/api/api_test_support.h"

using kiosk::api::testing::KioskProcess;

TEST_SUITE("api") {

TEST_CASE("the headless kiosk serves its API, answers a screenshot from the main loop, and stops on SIGTERM") {
    KioskProcess kiosk({});
    REQUIRE(kiosk.waitUntilServing());
    auto client = kiosk.client();

    auto status = client.Get("/v1/status");
    REQUIRE(status);
    CHECK(status->status == 200);
    auto json = nlohmann::json::parse(status->body);
    CHECK(json["kiosk_id"] == "api-test-kiosk");
    CHECK(json["tags"] == nlohmann::json::array({"hall-z"}));
    CHECK(json["events"]["stored"].is_number());
    // Which renderer draws and why ([display] renderer = auto: headless is always pixman).
    CHECK(json["renderer"]["name"] == "software (pixman)");
    CHECK(json["renderer"]["reason"].get<std::string>().find("headless") != std::string::npos);

    auto shot = client.Get("/v1/screenshot");
    REQUIRE(shot);
    CHECK(shot->status == 200);
    CHECK(shot->get_header_value("Content-Type") == "image/png");
    REQUIRE(shot->body.size() > 24);
    CHECK(shot->body.substr(1, 3) == "PNG");
    // Width and height from the IHDR chunk.
    auto be32 = [&](std::size_t at) {
        const auto* b = reinterpret_cast<const unsigned char*>(shot->body.data() + at);
        return (b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3];
    };
    CHECK(be32(16) == 640);
    CHECK(be32(20) == 360);

    auto events = client.Get("/v1/events?after=0");
    REQUIRE(events);
    CHECK(events->status == 200);
    auto refused = kiosk.client(false).Get("/v1/events?after=0");
    REQUIRE(refused);
    CHECK(refused->status == 401);

    CHECK(kiosk.stop() == 0);
    auto db = kiosk::storage::SqliteDb::open(kiosk.dir.path / "data" / "events.db");
    REQUIRE(db);
    CHECK(kiosk::storage::integrityCheck(**db) == "ok");
}

TEST_CASE("a token file others may read is a config error: exit 2 naming the file and the fix") {
    // The config is checked as a whole when it is read (kiosk/core/config_settings): a token file
    // others can read stops the start with a usage error, instead of a kiosk whose API is silently off.
    KioskProcess kiosk({.privateTokenFile = false});
    CHECK(kiosk.waitExit() == 2);
    const std::string errors = kiosk.errors();
    CHECK(errors.find("token") != std::string::npos);
    CHECK(errors.find("chmod 600") != std::string::npos);
}

}
