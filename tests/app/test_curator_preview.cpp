// The curator's side of the kiosk, run headless: the script player taps the target of the
// frame it lands on, the attract loop shows attract_image, and the preview mode
// (`kiosk --preview DIR`): reloads applied on the same screen and language, no idle reset,
// the problems panel (dismissible) and the placeholder card of a broken item, in goldens.
#include <doctest/doctest.h>

#include <fstream>

#include <stb_image.h>
#include <stb_image_write.h>

#include "tests/support/image_compare.h"
#include "process_runner.h"

using namespace kiosk::test;
namespace fs = std::filesystem;

namespace {

const fs::path kFixture = fs::path(KIOSK_SOURCE_DIR) / "tests/fixtures/content/good";

fs::path copyFixture(const fs::path& dir, const std::string& name) {
    const fs::path target = dir / name;
    fs::copy(kFixture, target, fs::copy_options::recursive);
    return target;
}

void replaceIn(const fs::path& file, const std::string& from, const std::string& to) {
    std::ifstream in(file, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, file << " has no '" << from << "'");
    text.replace(at, from.size(), to);
    std::ofstream(file, std::ios::binary) << text;
}

// The average colour of a square of a PNG.
struct Rgb { int r = 0, g = 0, b = 0; };
Rgb averageColor(const fs::path& png, int cx, int cy, int half) {
    int w = 0, h = 0, n = 0;
    unsigned char* pixels = stbi_load(png.c_str(), &w, &h, &n, 3);
    REQUIRE(pixels);
    long r = 0, g = 0, b = 0, count = 0;
    for (int y = cy - half; y < cy + half; ++y)
        for (int x = cx - half; x < cx + half; ++x) {
            const unsigned char* p = pixels + (static_cast<long>(y) * w + x) * 3;
            r += p[0]; g += p[1]; b += p[2]; ++count;
        }
    stbi_image_free(pixels);
    return {static_cast<int>(r / count), static_cast<int>(g / count), static_cast<int>(b / count)};
}

// An exhibition whose beta item cannot be shown (a required text missing), plus a warning.
fs::path brokenExhibition(const fs::path& dir) {
    const fs::path folder = copyFixture(dir, "broken");
    replaceIn(folder / "items/beta/item.json", "  \"origin\": {\"en\": \"Peru\", \"zh-Hans\": \"秘鲁\", \"ar\": \"بيرو\"},\n", "");
    replaceIn(folder / "items/alpha/item.json", "\"link\"", "\"homepage\"");
    return folder;
}

} // namespace

TEST_SUITE("app.curator") {

TEST_CASE("a tap right after a screen change hits the new screen's target") {
    // Home shows ne-zha-2 among its featured items; the animation category lists it at another
    // place: tapping at home's target opened ink-wash-animation instead (checked with the old
    // player). The tap must find it where the
    // category screen draws it.
    const auto dir = scratchDir("tap-after-change");
    const auto script = writeFile(dir / "s.txt",
                                  "tap \"lang:en\"\nwait 1000\nexpect home\n"
                                  "tap \"category:animation\"\ntap \"item:ne-zha-2\"\nexpect item ne-zha-2\n");
    const auto run = runKiosk({"--headless", "--size", "1920x1080", "--script", script.string()});
    INFO(run.output);
    CHECK(run.exitCode == 0);
}

TEST_CASE("expect with a subject fails on another item") {
    const auto dir = scratchDir("expect-subject");
    const auto script = writeFile(dir / "s.txt",
                                  "tap \"lang:en\"\nwait 1000\ntap \"category:games\"\n"
                                  "tap \"item:black-myth-wukong\"\nexpect item ne-zha-2\n");
    const auto run = runKiosk({"--headless", "--size", "1920x1080", "--script", script.string()});
    CHECK(run.exitCode == 1);
    CHECK(run.output.find("expected the item screen of \"ne-zha-2\", but it shows \"black-myth-wukong\"") != std::string::npos);
}

TEST_CASE("the attract loop shows attract_image after the featured items") {
    const auto dir = scratchDir("attract-image");
    const fs::path folder = copyFixture(dir, "exhibition");
    // A plain magenta attract image, unlike any item picture.
    std::vector<unsigned char> magenta(64 * 36 * 3);
    for (std::size_t i = 0; i < magenta.size(); i += 3) { magenta[i] = 255; magenta[i + 1] = 0; magenta[i + 2] = 255; }
    REQUIRE(stbi_write_png((folder / "images/attract.png").c_str(), 64, 36, 3, magenta.data(), 64 * 3));
    // Featured: alpha only on this kiosk (beta is for hall-a), so the slides are alpha, attract.
    const auto script = writeFile(dir / "s.txt", "wait 1000\nshot " + (dir / "first.png").string() +
                                                     "\nwait 6000\nshot " + (dir / "second.png").string() + "\n");
    const auto run = runKiosk({"--headless", "--size", "960x540", "--content", folder.string(), "--script", script.string()});
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    const Rgb first = averageColor(dir / "first.png", 480, 150, 20);
    const Rgb second = averageColor(dir / "second.png", 480, 150, 20);
    CHECK_FALSE((first.r > 150 && first.g < 80 && first.b > 150));   // alpha's cover
    CHECK(second.r > 150);                                            // the magenta attract image
    CHECK(second.g < 80);
    CHECK(second.b > 150);
}

TEST_CASE("preview: the placeholder card of a broken item and the problems panel (goldens)") {
    const auto dir = scratchDir("preview-golden");
    const fs::path folder = brokenExhibition(dir);
    SUBCASE("the broken item's page") {
        const auto script = writeFile(dir / "s.txt", "key pagedown\nkey pagedown\nwait 1000\nexpect item beta\n");
        const auto png = dir / "item.png";
        const auto run = runKiosk({"--preview", folder.string(), "--headless", "--size", "1920x1080", "--script",
                                   script.string(), "--screenshot", png.string()});
        INFO(run.output);
        REQUIRE(run.exitCode == 0);
        const std::string failure = checkGolden(png, goldenFile("app/preview-broken-item-1920x1080.png"));
        CHECK_MESSAGE(failure.empty(), failure);
    }
    SUBCASE("the category grid marks the broken item's card") {
        const auto script = writeFile(dir / "s.txt", "tap \"lang:en\"\nwait 1000\ntap \"category:crafts\"\n"
                                                     "wait 1000\nexpect category crafts\n");
        const auto png = dir / "grid.png";
        const auto run = runKiosk({"--preview", folder.string(), "--headless", "--size", "1920x1080", "--script",
                                   script.string(), "--screenshot", png.string()});
        INFO(run.output);
        REQUIRE(run.exitCode == 0);
        const std::string failure = checkGolden(png, goldenFile("app/preview-broken-card-1920x1080.png"));
        CHECK_MESSAGE(failure.empty(), failure);
    }
}

TEST_CASE("preview: the problems panel can be hidden") {
    const auto dir = scratchDir("preview-hide");
    const fs::path folder = brokenExhibition(dir);
    const auto script = writeFile(dir / "s.txt", "key pagedown\nwait 500\ntap \"preview:hide-problems\"\nwait 500\n"
                                                 "tap \"preview:hide-problems\"\n");
    const auto run = runKiosk({"--preview", folder.string(), "--headless", "--size", "1920x1080", "--script", script.string()});
    // The first tap hides it; the second finds nothing to tap.
    CHECK(run.exitCode == 1);
    CHECK(run.output.find("s.txt:5: nothing labelled \"preview:hide-problems\"") != std::string::npos);
}

TEST_CASE("preview: a reload shows at once on the same item in the same language, and no idle reset") {
    const auto dir = scratchDir("preview-reload");
    const fs::path before = copyFixture(dir, "before");
    const fs::path after = copyFixture(dir, "after");
    replaceIn(after / "items/alpha/item.json", "\"zh-Hans\": \"阿尔法\"", "\"zh-Hans\": \"新的阿尔法\"");
    // Edited while the curator looks at alpha in Chinese; then a long pause (no idle reset).
    const auto edited = writeFile(dir / "edited.txt", "key pagedown\nkey tab\nwait 1000\nexpect item alpha\noffer " +
                                                          after.string() + "\nwait 1000\nexpect item alpha\nwait 200000\n"
                                                          "expect item alpha\nshot " + (dir / "edited.png").string() + "\n");
    const auto run = runKiosk({"--preview", before.string(), "--headless", "--size", "1280x720", "--lang", "en", "--script",
                               edited.string()});
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    // The same page opened fresh from the edited folder, in Chinese: the same picture.
    const auto fresh = writeFile(dir / "fresh.txt", "key pagedown\nwait 201000\nshot " + (dir / "fresh.png").string() + "\n");
    const auto freshRun = runKiosk({"--preview", after.string(), "--headless", "--size", "1280x720", "--lang", "zh-Hans",
                                    "--script", fresh.string()});
    INFO(freshRun.output);
    REQUIRE(freshRun.exitCode == 0);
    const auto same = comparePng(dir / "edited.png", dir / "fresh.png");
    REQUIRE(same.loaded);
    CHECK_MESSAGE(same.matches(), same.describe());
    // And it is not the old text: the folder before the edit looks different.
    const auto old = writeFile(dir / "old.txt", "key pagedown\nwait 201000\nshot " + (dir / "old.png").string() + "\n");
    REQUIRE(runKiosk({"--preview", before.string(), "--headless", "--size", "1280x720", "--lang", "zh-Hans", "--script",
                      old.string()}).exitCode == 0);
    const auto different = comparePng(dir / "edited.png", dir / "old.png");
    REQUIRE(different.loaded);
    CHECK_FALSE(different.matches());
}

}
