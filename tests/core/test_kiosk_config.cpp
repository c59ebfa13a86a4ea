#include <doctest/doctest.h>

#include "kiosk/core/kiosk_config.h"
#include "tests/support/temp_dir.h"

#include <fstream>

using namespace kiosk;

TEST_SUITE("core.kiosk_config") {

TEST_CASE("a full config parses, and relative paths are resolved against its folder") {
    kiosk::testing::TempDir dir;
    std::ofstream(dir.path / "token") << "0123456789abcdef0123\n";
    std::filesystem::permissions(dir.path / "token", std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    const auto config = parseKioskConfig(R"(
[kiosk]
id = "hall-a-01"
tags = ["hall-a", "vip"]
content_dir = "exhibition"
idle_timeout_seconds = 90

[display]
fullscreen = false
width = 1080
height = 1920

[sync]
url = "https://example.org/releases"
public_key = "/etc/kiosk/release.pub"
channel = "beta"
interval_seconds = 600

[api]
listen = "0.0.0.0:8765"
token_file = "token"
)", "kiosk.toml", dir.path);
    REQUIRE_MESSAGE(config.ok(), (config.ok() ? "" : config.error()));
    CHECK(config->kioskId == "hall-a-01");
    CHECK(config->tags == std::vector<std::string>{"hall-a", "vip"});
    CHECK(config->contentDir == dir.path / "exhibition");
    CHECK(config->idleTimeoutSeconds == 90);
    CHECK_FALSE(config->fullscreen);
    CHECK(config->width == 1080);
    CHECK(config->syncUrl == "https://example.org/releases");
    CHECK(config->syncPublicKey == "/etc/kiosk/release.pub");
    CHECK(config->syncChannel == "beta");
    CHECK(config->syncIntervalSeconds == 600);
    CHECK(config->apiListen == "0.0.0.0:8765");
    CHECK(config->apiTokenFile == dir.path / "token");
    CHECK(config->warnings.empty());
}

TEST_CASE("errors name the file, the line and the column") {
    SUBCASE("syntax") {
        const auto config = parseKioskConfig("[kiosk]\nid = \n", "bad.toml", "/");
        REQUIRE_FALSE(config.ok());
        CHECK(config.error().rfind("bad.toml:2:", 0) == 0);
    }
    SUBCASE("wrong type") {
        const auto config = parseKioskConfig("[kiosk]\n\nidle_timeout_seconds = \"soon\"\n", "bad.toml", "/");
        REQUIRE_FALSE(config.ok());
        CHECK(config.error() == "bad.toml:3:24: [kiosk] 'idle_timeout_seconds' must be a whole number");
    }
    SUBCASE("out of range") {
        const auto config = parseKioskConfig("[kiosk]\nidle_timeout_seconds = 1\n", "bad.toml", "/");
        REQUIRE_FALSE(config.ok());
        CHECK(config.error().find("between 5 and 3600") != std::string::npos);
    }
}

TEST_CASE("unknown keys are warnings with their line, not silent") {
    const auto config = parseKioskConfig("[kiosk]\nid = \"a\"\nidel_timeout_seconds = 30\n", "k.toml", "/");
    REQUIRE(config.ok());
    REQUIRE(config->warnings.size() == 1);
    CHECK(config->warnings[0] ==
          "k.toml:3:24: unknown key 'idel_timeout_seconds' in [kiosk] (did you mean 'idle_timeout_seconds'?)");
}

TEST_CASE("a missing file is a clear error") {
    const auto config = loadKioskConfig("/nonexistent/kiosk.toml");
    REQUIRE_FALSE(config.ok());
    CHECK(config.error().find("cannot open config file") != std::string::npos);
}

TEST_CASE("the technician timeout and the image memory budget: defaults, values, bounds") {
    const auto defaults = parseKioskConfig("", "kiosk.toml", "/");
    REQUIRE(defaults.ok());
    CHECK(defaults->adminTimeoutSeconds == 60);
    CHECK(defaults->imageMemoryMb == 256);
    const auto set = parseKioskConfig("[kiosk]\nadmin_timeout_seconds = 30\n[display]\nimage_memory_mb = 96\n", "kiosk.toml", "/");
    REQUIRE_MESSAGE(set.ok(), (set.ok() ? "" : set.error()));
    CHECK(set->adminTimeoutSeconds == 30);
    CHECK(set->imageMemoryMb == 96);
    CHECK(set->warnings.empty());
    const auto tooShort = parseKioskConfig("[kiosk]\nadmin_timeout_seconds = 1\n", "bad.toml", "/");
    CHECK_FALSE(tooShort.ok());
    const auto tooSmall = parseKioskConfig("[display]\nimage_memory_mb = 2\n", "bad.toml", "/");
    CHECK_FALSE(tooSmall.ok());
    const auto notNumber = parseKioskConfig("[display]\nimage_memory_mb = \"lots\"\n", "bad.toml", "/");
    REQUIRE_FALSE(notNumber.ok());
    CHECK(notNumber.error().find("image_memory_mb") != std::string::npos);
}

}
