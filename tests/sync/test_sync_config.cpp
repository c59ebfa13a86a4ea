// The [sync] section of the kiosk config: fixed key names, limits, clear errors.
#include <doctest/doctest.h>

#include "kiosk/core/kiosk_config.h"
#include "kiosk/sync/sync_client.h"
#include "sync_test_support.h"

using namespace synctest;

TEST_SUITE("sync") {

TEST_CASE("[sync] keys are read into the config and the sync settings") {
    TempDir dir;
    const kiosk::KeyPair keys = kiosk::generateKeyPair();
    writeFile(dir / "keys/release.pub", kiosk::toHex(keys.publicKey.data(), keys.publicKey.size()) + "\n");
    const std::string text = "[sync]\n"
                             "url = \"https://releases.example.org/expo\"\n"
                             "public_key = \"keys/release.pub\"\n"
                             "channel = \"beta\"\n"
                             "interval_seconds = 120\n"
                             "max_files = 50\n"
                             "max_bytes = 10000000000\n"
                             "max_object_bytes = 2000000\n"
                             "low_speed_bytes_per_second = 500\n"
                             "low_speed_seconds = 20\n"
                             "parallel_downloads = 2\n"
                             "ca_file = \"ca.pem\"\n"
                             "pinned_public_key = \"sha256//abc=\"\n"
                             "connect_timeout_seconds = 7\n";
    auto config = kiosk::parseKioskConfig(text, "kiosk.toml", dir.path());
    REQUIRE(config.ok());
    CHECK(config->warnings.empty());
    CHECK(config->syncMaxBytes == 10000000000LL);
    CHECK(config->syncCaFile == dir / "ca.pem");
    auto settings = kiosk::sync::syncSettingsFromConfig(*config);
    REQUIRE(settings.ok());
    CHECK(settings->publicKey == keys.publicKey);
    CHECK(settings->channel == "beta");
    CHECK(settings->intervalSeconds == 120);
    CHECK(settings->limits.maxFiles == 50);
    CHECK(settings->limits.maxObjectBytes == 2000000);
    CHECK(settings->http.lowSpeedBytesPerSecond == 500);
    CHECK(settings->http.lowSpeedSeconds == 20);
    CHECK(settings->http.connectTimeoutSeconds == 7);
    CHECK(settings->http.pinnedPublicKey == "sha256//abc=");
    CHECK(settings->parallelDownloads == 2);
    CHECK(kiosk::sync::manifestUrl(*settings) == "https://releases.example.org/expo/channels/beta/manifest.json");
}

TEST_CASE("bad [sync] values are errors with file and line") {
    auto config = kiosk::parseKioskConfig("[sync]\nurl = \"x\"\nparallel_downloads = 99\n", "kiosk.toml", ".");
    REQUIRE_FALSE(config.ok());
    CHECK(config.error() == "kiosk.toml:2:7: [sync] 'url' must start with http:// or https:// (got 'x')\n"
                            "kiosk.toml:3:22: [sync] 'parallel_downloads' must be between 1 and 16");
    config = kiosk::parseKioskConfig("[sync]\nmax_bytes = \"lots\"\n", "kiosk.toml", ".");
    REQUIRE_FALSE(config.ok());
    CHECK(config.error().find("kiosk.toml:2:") == 0);
    // Missing url or key, or an unreadable key: sync is off with a reason.
    config = kiosk::parseKioskConfig("[sync]\nchannel = \"stable\"\n", "kiosk.toml", ".");
    REQUIRE(config.ok());
    auto settings = kiosk::sync::syncSettingsFromConfig(*config);
    REQUIRE_FALSE(settings.ok());
    CHECK(settings.error().find("url") != std::string::npos);
    config = kiosk::parseKioskConfig("[sync]\nurl = \"http://x\"\npublic_key = \"/nonexistent.pub\"\n", "kiosk.toml", ".");
    REQUIRE(config.ok());
    settings = kiosk::sync::syncSettingsFromConfig(*config);
    REQUIRE_FALSE(settings.ok());
    CHECK(settings.error().find("/nonexistent.pub") != std::string::npos);
}

} // TEST_SUITE
