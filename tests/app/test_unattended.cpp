// A kiosk left alone for weeks: the idle reset really draws the attract loop, headless frames
// are computed only where they matter, the technician overlay times out, and a stop (SIGTERM)
// ends the visitor's session in the event log.
#include <doctest/doctest.h>

#include <csignal>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "tests/support/image_compare.h"
#include "process_runner.h"

using namespace kiosk::test;

TEST_SUITE("app.unattended") {

TEST_CASE("a visitor who walks away: 73 s later the captured frame is the attract loop, not their screen") {
    const auto dir = scratchDir("walk-away");
    // The attract loop 3 s after it came back, reached by the idle reset...
    const auto walked = dir / "walked.png", home = dir / "home.png", reference = dir / "reference.png";
    const auto script = writeFile(dir / "s.txt", "tap \"lang:ar\"\nexpect home\nwait 400\nshot " +
                                                     home.string() + "\nwait 73000\nshot " + walked.string() + "\n");
    // ...and by the visitor pressing "back" on home, then waiting the same 3 s.
    const auto back = writeFile(dir / "b.txt", "tap \"lang:ar\"\nexpect home\nkey back\nexpect attract\n"
                                               "wait 3000\nshot " + reference.string() + "\n");
    const auto run = runKiosk({"--headless", "--script", script.string(), "--data", (dir / "d1").string()});
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    const auto ref = runKiosk({"--headless", "--script", back.string(), "--data", (dir / "d2").string()});
    INFO(ref.output);
    REQUIRE(ref.exitCode == 0);
    const ImageDifference sameAsAttract = comparePng(walked, reference);
    REQUIRE(sameAsAttract.loaded);
    CHECK_MESSAGE(sameAsAttract.matches(), "the frame after the idle reset is not the attract loop: " << sameAsAttract.describe());
    const ImageDifference sameAsHome = comparePng(walked, home);
    REQUIRE(sameAsHome.loaded);
    CHECK_FALSE(sameAsHome.matches());
    CHECK(sameAsHome.differentFraction > 0.2);
}

TEST_CASE("a script's screenshots are identical whether every frame is rasterized or only the captured ones") {
    const auto dir = scratchDir("lazy-frames");
    std::string script;
    const auto shot = [&](const std::string& name) { script += "shot " + (dir / "MODE" / (name + ".png")).string() + "\n"; };
    script += "wait 1500\n"; shot("attract-fade");                 // in a "touch to start" fade
    script += "wait 3400\n"; shot("attract-crossfade");            // slides cross-fading
    script += "tap \"start\"\n"; shot("language-arriving");
    script += "wait 100\n"; shot("language-transition");
    script += "tap \"lang:en\"\nwait 500\n"; shot("home");
    script += "tap \"category:games\"\ndrag 900 900 900 300 150\n"; shot("category-release");
    script += "wait 90\n"; shot("category-gliding");
    script += "wait 2000\n"; shot("category-still");
    script += "wait 62000\n"; shot("countdown");
    script += "wait 20000\n"; shot("attract-again");
    for (const char* mode : {"lazy", "all"}) {
        std::filesystem::create_directories(dir / mode);
        std::string text = script;
        for (std::size_t at; (at = text.find("MODE")) != std::string::npos;) text.replace(at, 4, mode);
        const auto file = writeFile(dir / (std::string(mode) + ".txt"), text);
        std::vector<std::string> args = {"--headless", "--script", file.string(), "--data", (dir / mode / "data").string()};
        if (std::string(mode) == "all")
            for (const std::string& arg : {std::string("--rasterize-all"), std::string("--stats"), (dir / "all.json").string()})
                args.push_back(arg);
        const auto run = runKiosk(args);
        INFO(run.output);
        REQUIRE(run.exitCode == 0);
    }
    // Drawn as a window draws, the kiosk rehearsed the screens a tap leads to while idle (on the
    // attract loop, home, the category): that changed no pixel either.
    std::ifstream statsFile(dir / "all.json");
    const auto stats = nlohmann::json::parse(statsFile);
    CHECK(stats["rehearsal"]["screens"].get<int>() >= 3);
    for (const char* name : {"attract-fade", "attract-crossfade", "language-arriving", "language-transition", "home",
                             "category-release", "category-gliding", "category-still", "countdown", "attract-again"}) {
        const ImageDifference d = comparePng(dir / "lazy" / (std::string(name) + ".png"), dir / "all" / (std::string(name) + ".png"), 0);
        INFO(name);
        REQUIRE(d.loaded);
        CHECK(d.differentPixels == 0);
    }
}

TEST_CASE("a new release's glyph atlas is packed on a thread before it is swapped in, not in the swap's frame") {
    const auto dir = scratchDir("release-atlas");
    // The release: the fixture exhibition with a title in letters the one shown before lacks.
    const auto release = dir / "release";
    std::filesystem::copy(std::filesystem::path(KIOSK_SOURCE_DIR) / "tests/fixtures/content/good", release,
                          std::filesystem::copy_options::recursive);
    nlohmann::json exhibition;
    {
        std::ifstream in(release / "exhibition.json");
        exhibition = nlohmann::json::parse(in);
    }
    for (auto& [language, title] : exhibition["title"].items()) title = title.get<std::string>() + " Ωμέγα Дом";
    std::ofstream(release / "exhibition.json") << exhibition.dump();
    const auto stats = dir / "s.json";
    const auto script = writeFile(dir / "s.txt", "wait 1000\noffer " + release.string() + "\nwait 3000\nexpect attract\n");
    const auto run = runKiosk({"--headless", "--script", script.string(), "--data", (dir / "d").string(), "--stats", stats.string()});
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    CHECK(run.output.find("showing content release") != std::string::npos);
    CHECK(run.output.find("from the one packed in the background") != std::string::npos);
    std::ifstream in(stats);
    const auto doc = nlohmann::json::parse(in);
    CHECK(doc["atlas"]["preparations"] == 1);
    CHECK(doc["atlas"]["from_preparation"] == true);
    CHECK(doc["atlas"]["fallback_glyphs"] == 0);   // the new title's letters were all there
}

TEST_CASE("SIGTERM during a scripted headless visit ends the session in the event log and exits") {
    const auto dir = scratchDir("sigterm");
    std::string text = "tap \"lang:en\"\nexpect home\ntap \"category:games\"\nexpect category\n";
    for (int i = 0; i < 20000; ++i) text += "key right\n";   // a visitor busy for far longer than the test
    const auto script = writeFile(dir / "s.txt", text);
    BackgroundProcess kiosk = startKiosk({"--headless", "--rasterize-all", "--script", script.string(), "--data", (dir / "d").string()});
    StopOnExit guard{kiosk};
    // Wait until the visitor is on the category screen: home's view is committed when they leave
    // it. Read with the sqlite3 shell, read-only, so as not to race the kiosk's own schema setup.
    bool onCategory = false;
    const std::string query = "sqlite3 -readonly " + (dir / "d" / "events.db").string() +
                              " \"select count(*) from events where type = 'view' and screen = 'home'\" 2>/dev/null";
    for (int i = 0; i < 600 && !onCategory && processRunning(kiosk); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        const ProcessResult count = runShell(query);
        onCategory = count.exitCode == 0 && !count.output.empty() && count.output[0] >= '1' && count.output[0] <= '9';
    }
    REQUIRE(onCategory);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    REQUIRE(processRunning(kiosk));
    const ProcessResult run = stopProcess(kiosk, SIGTERM, 30000);
    INFO(run.output);
    CHECK(run.exitCode == 1);   // the script did not finish
    CHECK(run.output.find("stopped by a signal") != std::string::npos);
    const auto events = eventsIn(dir / "d");
    CHECK(countType(events, "session_start") == 1);
    CHECK(countType(events, "session_end") == 1);
    bool categoryView = false;
    for (const auto& e : events)
        if (e.typeName == "view" && e.event.screen == "category" && e.event.value > 0) categoryView = true;
    CHECK_MESSAGE(categoryView, "no view of the category screen with its dwell time");
    REQUIRE(!events.empty());
    CHECK(events.back().typeName == "session_end");
}

TEST_CASE("SIGTERM ends a headless kiosk running on the real clock") {
    const auto dir = scratchDir("sigterm-idle");
    BackgroundProcess kiosk = startKiosk({"--headless", "--data", (dir / "d").string()});
    StopOnExit guard{kiosk};
    std::this_thread::sleep_for(std::chrono::seconds(2));
    REQUIRE(processRunning(kiosk));
    const ProcessResult run = stopProcess(kiosk, SIGTERM, 15000);
    INFO(run.output);
    CHECK(run.exitCode == 0);
}

}
