#include <doctest/doctest.h>

#include "kiosk/core/command_line.h"

using namespace kiosk;

TEST_SUITE("core.command_line") {

TEST_CASE("every documented option parses") {
    const auto options = parseKioskCommandLine({"--config", "k.toml", "--content", "c", "--data", "d", "--lang", "ar",
                                                "--windowed", "--size", "1080x1920", "--headless", "--frames", "30",
                                                "--script", "s.txt", "--screenshot", "a.png", "--stats", "s.json"});
    REQUIRE(options.ok());
    CHECK(options->configFile == "k.toml");
    CHECK(options->contentDir == "c");
    CHECK(options->dataDir == "d");
    CHECK(options->language == "ar");
    CHECK(options->windowed);
    CHECK(options->width == 1080);
    CHECK(options->height == 1920);
    CHECK(options->headless);
    CHECK(options->frames == 30);
    CHECK(options->scriptFile == "s.txt");
    CHECK(options->screenshotFile == "a.png");
    CHECK(options->statsFile == "s.json");
}

TEST_CASE("bad options are refused with a reason") {
    CHECK(parseKioskCommandLine({"--frobnicate"}).error() == "unknown option '--frobnicate' (see --help)");
    CHECK(parseKioskCommandLine({"--size", "big"}).error().find("--size wants") == 0);
    CHECK(parseKioskCommandLine({"--size", "10x10"}).error().find("--size wants") == 0);
    CHECK(parseKioskCommandLine({"--frames", "0"}).error().find("--frames wants") == 0);
    CHECK(parseKioskCommandLine({"--frames"}).error() == "option --frames needs a value");
}

}
