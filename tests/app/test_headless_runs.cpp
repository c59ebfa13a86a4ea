// The kiosk executable run headless, as tests, benchmarks and curators run it.
#include <doctest/doctest.h>

#include <fstream>

#include <nlohmann/json.hpp>
#include <stb_image.h>

#include "process_runner.h"

using namespace kiosk::test;

TEST_SUITE("app.headless") {

TEST_CASE("--frames with --screenshot and --stats writes a full-size PNG and the stats file") {
    const auto dir = scratchDir("frames");
    const auto png = dir / "a.png", stats = dir / "s.json";
    const auto run = runKiosk({"--headless", "--size", "1920x1080", "--frames", "30", "--screenshot", png.string(),
                               "--stats", stats.string()});
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    int w = 0, h = 0, c = 0;
    REQUIRE(stbi_info(png.c_str(), &w, &h, &c));
    CHECK(w == 1920);
    CHECK(h == 1080);
    std::ifstream in(stats);
    const auto doc = nlohmann::json::parse(in);
    CHECK(doc["frames"] == 30);
    CHECK(doc["startup_ms"].get<long>() > 0);
    CHECK(doc["frame_ms_p50"].get<double>() > 0);
    CHECK(doc["frame_ms_p99"].get<double>() >= doc["frame_ms_p50"].get<double>());
    CHECK(doc["peak_rss_kb"].get<long>() > 1000);
    CHECK(doc["screens"] == nlohmann::json::array({"attract"}));
}

TEST_CASE("a script taps from the attract loop to home, and expect home passes") {
    const auto dir = scratchDir("to-home");
    const auto script = writeFile(dir / "s.txt", "wait 300\nexpect attract\ntap \"start\"\nexpect language\n"
                                                 "wait 400\ntap \"English\"\nexpect home\n");
    const auto stats = dir / "s.json";
    const auto run = runKiosk({"--headless", "--script", script.string(), "--stats", stats.string()});
    INFO(run.output);
    CHECK(run.exitCode == 0);
    std::ifstream in(stats);
    const auto doc = nlohmann::json::parse(in);
    CHECK(doc["screens"] == nlohmann::json::array({"attract", "language", "home"}));
}

TEST_CASE("expect item on the home screen fails with a clear message and a non-zero exit") {
    const auto dir = scratchDir("expect-fails");
    const auto script = writeFile(dir / "s.txt", "tap \"lang:en\"\nexpect item\n");
    const auto run = runKiosk({"--headless", "--script", script.string()});
    CHECK(run.exitCode == 1);
    CHECK(run.output.find(script.string() + ":2: expected the item screen, but the home screen is showing") !=
          std::string::npos);
}

TEST_CASE("tapping a label that is not on screen fails and lists what is") {
    const auto dir = scratchDir("no-label");
    const auto script = writeFile(dir / "s.txt", "tap \"start\"\ntap \"Klingon\"\n");
    const auto run = runKiosk({"--headless", "--script", script.string()});
    CHECK(run.exitCode == 1);
    CHECK(run.output.find(":2: nothing labelled \"Klingon\" on the language screen") != std::string::npos);
    CHECK(run.output.find("(lang:ar)") != std::string::npos);
}

TEST_CASE("a script swipe on the gallery moves the item's pictures on in either reading direction, where a drag's pixels miss") {
    // The gallery is on the left in English and on the right in Arabic: one script line swipes it
    // in both, and the kiosk logs the swipe to the second picture.
    for (const std::string language : {"en", "ar"}) {
        CAPTURE(language);
        const auto dir = scratchDir("swipe-" + language);
        const auto script = writeFile(dir / "s.txt", "tap \"lang:" + language + "\"\ntap \"category:heritage-crafts\"\n"
                                                     "tap \"item:jingdezhen-porcelain\"\nexpect item\nwait 500\n"
                                                     "swipe \"gallery\" left\nwait 500\nexpect item jingdezhen-porcelain\n");
        const auto run = runKiosk({"--headless", "--size", "1920x1080", "--script", script.string(), "--data", (dir / "d").string()});
        INFO(run.output);
        REQUIRE(run.exitCode == 0);
        const auto events = eventsIn(dir / "d");
        REQUIRE(countType(events, "swipe") == 1);
        for (const auto& e : events)
            if (e.typeName == "swipe") CHECK(e.event.value == 1);   // the second picture (0-based)
    }
    // A drag across the text column beside the gallery swipes nothing.
    const auto dir = scratchDir("swipe-miss");
    const auto script = writeFile(dir / "s.txt", "tap \"lang:en\"\ntap \"category:heritage-crafts\"\n"
                                                 "tap \"item:jingdezhen-porcelain\"\nwait 500\ndrag 1400 500 400 500 300\nwait 500\n");
    const auto run = runKiosk({"--headless", "--size", "1920x1080", "--script", script.string(), "--data", (dir / "d").string()});
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    CHECK(countType(eventsIn(dir / "d"), "swipe") == 0);
}

TEST_CASE("swiping a label that is not on screen fails and lists what is") {
    const auto dir = scratchDir("swipe-no-label");
    const auto script = writeFile(dir / "s.txt", "tap \"lang:en\"\nswipe \"gallery\" left\n");
    const auto run = runKiosk({"--headless", "--script", script.string()});
    CHECK(run.exitCode == 1);
    CHECK(run.output.find(script.string() + ":2: nothing labelled \"gallery\" on the home screen; tappable: ") != std::string::npos);
}

TEST_CASE("a script with a bad line is a usage error naming the line") {
    const auto dir = scratchDir("bad-script");
    const auto script = writeFile(dir / "s.txt", "wait 100\nfly 3 4\n");
    const auto run = runKiosk({"--headless", "--script", script.string()});
    CHECK(run.exitCode == 2);
    CHECK(run.output.find(script.string() + ":2: unknown command 'fly'") != std::string::npos);
}

TEST_CASE("without a display the kiosk says so and how to run headless") {
    const auto run = runKiosk({"--windowed"}, {"SDL_VIDEODRIVER=no-such-driver", "DISPLAY=", "WAYLAND_DISPLAY="});
    CHECK(run.exitCode == 3);
    CHECK(run.output.find("no display available") != std::string::npos);
    CHECK(run.output.find("--headless") != std::string::npos);
}

TEST_CASE("an exhibition folder that is not there is a clear error") {
    const auto run = runKiosk({"--headless", "--frames", "1", "--content", "/nonexistent/exhibition"});
    CHECK(run.exitCode == 4);
    CHECK(run.output.find("exhibition folder not found") != std::string::npos);
}

TEST_CASE("bad options are usage errors") {
    const auto run = runKiosk({"--headless", "--size", "huge"});
    CHECK(run.exitCode == 2);
    CHECK(run.output.find("--size wants") != std::string::npos);
    const auto help = runKiosk({"--help"});
    CHECK(help.exitCode == 0);
    CHECK(help.output.find("--screenshot FILE") != std::string::npos);
}

}
