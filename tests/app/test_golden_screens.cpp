// Headless renders compared with golden PNGs (software renderer; tolerance for font and
// library differences). Regenerate with KIOSK_UPDATE_GOLDENS=1 and look at every image.
#include <doctest/doctest.h>

#include "png_compare.h"
#include "process_runner.h"

using namespace kiosk::test;

namespace {

void renderAndCompare(const std::string& name, const std::string& size, const std::string& scriptText) {
    const auto dir = scratchDir("golden-" + name);
    const auto script = writeFile(dir / "s.txt", scriptText);
    const auto png = dir / (name + ".png");
    const auto run = runKiosk({"--headless", "--size", size, "--script", script.string(), "--screenshot", png.string()});
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    const std::string failure = checkGolden(png, "app/" + name + ".png");
    CHECK_MESSAGE(failure.empty(), failure);
}

} // namespace

TEST_SUITE("app.golden") {

TEST_CASE("attract loop, landscape") {
    renderAndCompare("attract-en-1920x1080", "1920x1080", "wait 1000\n");
}

TEST_CASE("home in English, landscape") {
    renderAndCompare("home-en-1920x1080", "1920x1080", "tap \"lang:en\"\nwait 1000\nexpect home\n");
}

TEST_CASE("home in Chinese, portrait") {
    renderAndCompare("home-zh-1080x1920", "1080x1920", "tap \"lang:zh-Hans\"\nwait 1000\nexpect home\n");
}

TEST_CASE("the golden comparison notices a different screen") {
    // Guards the guard: the home screen must not pass as the attract loop.
    const auto dir = scratchDir("golden-negative");
    const auto script = writeFile(dir / "s.txt", "tap \"lang:en\"\nwait 1000\n");
    const auto png = dir / "home.png";
    REQUIRE(runKiosk({"--headless", "--size", "1920x1080", "--script", script.string(), "--screenshot", png.string()}).exitCode == 0);
    const auto diff = comparePng(png, std::filesystem::path(KIOSK_SOURCE_DIR) / "tests/goldens/app/attract-en-1920x1080.png");
    REQUIRE(diff.loaded);
    CHECK(diff.differentFraction > 0.05);
}

}
