// The kiosk's rendering from outside: damaged frames equal full redraws over scripted visits
// (--check-damage), the glyph atlas's disk cache (used, stale, corrupt, truncated, garbage:
// rebuilt, same pixels), and [display] renderer in --stats and in config errors.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "tests/support/image_compare.h"
#include "process_runner.h"

using namespace kiosk::test;

namespace {

nlohmann::json readJson(const std::filesystem::path& file) {
    std::ifstream in(file);
    REQUIRE_MESSAGE(in.good(), file.string());
    return nlohmann::json::parse(in);
}

const char* kVisit =
    "wait 1500\n"
    "tap \"lang:en\"\n"
    "wait 800\n"
    "tap \"category:heritage-crafts\"\n"
    "wait 800\n"
    "tap \"item:jingdezhen-porcelain\"\n"
    "wait 800\n"
    "tap \"facts\"\n"
    "wait 1000\n"
    "tap \"back\"\n"
    "tap \"back\"\n"
    "tap \"back\"\n"
    "wait 800\n";

// The same visit at every size: it starts from the attract loop's language chip.
std::string visitScript(int, int) { return kVisit; }

ProcessResult checkedVisit(const std::filesystem::path& dir, const std::string& size, int w, int h, const std::string& config,
                           nlohmann::json& stats, const std::string& renderOption = "--check-damage") {
    const auto script = writeFile(dir / "visit.txt", visitScript(w, h));
    std::vector<std::string> args = {"--headless", "--rasterize-all", renderOption, "--size", size, "--data",
                                     (dir / "data").string(), "--script", script.string(), "--stats", (dir / "s.json").string()};
    if (!config.empty()) {
        args.push_back("--config");
        args.push_back(writeFile(dir / "kiosk.toml", config).string());
    }
    ProcessResult run = runKiosk(args);
    if (run.exitCode == 0) stats = readJson(dir / "s.json");
    return run;
}

std::string atlasLine(const std::string& output) {
    std::string last;
    std::size_t at = 0;
    while ((at = output.find("glyph atlas", at)) != std::string::npos) {
        const std::size_t end = output.find('\n', at);
        last += output.substr(at, end - at) + "\n";
        at = end;
    }
    return last;
}

} // namespace

TEST_SUITE("app.renderer") {

TEST_CASE("damaged frames equal full redraws over a scripted visit, landscape") {
    const auto dir = scratchDir("damage-landscape");
    nlohmann::json stats;
    const auto run = checkedVisit(dir, "1280x720", 1280, 720, "", stats);
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    CHECK(stats["renderer"] == "software (pixman)");
    const auto& damage = stats["damage"];
    INFO(damage.dump());
    CHECK(damage["frames"].get<int>() > 100);             // every display-rate frame rasterized
    CHECK(damage["partial_frames"].get<int>() > 20);      // and many of them only in part
    CHECK(damage["mismatched_frames"].get<int>() == 0);   // each equal to its full redraw
    CHECK(damage["damaged_fraction"].get<double>() < 0.95);
    CHECK(run.output.find("damage check:") == std::string::npos);
}

TEST_CASE("damaged frames equal full redraws over a scripted visit, portrait panel turned 90 degrees") {
    const auto dir = scratchDir("damage-rotated");
    nlohmann::json stats;
    // A landscape panel mounted turned: the UI is portrait (720x1280).
    const auto run = checkedVisit(dir, "1280x720", 720, 1280, "[display]\nrotation = 90\n", stats);
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    const auto& damage = stats["damage"];
    INFO(damage.dump());
    CHECK(damage["partial_frames"].get<int>() > 20);
    CHECK(damage["mismatched_frames"].get<int>() == 0);
}

TEST_CASE("--full-redraw draws every frame whole (the frame-time benchmark's worst case)") {
    const auto dir = scratchDir("full-redraw");
    nlohmann::json stats;
    const auto run = checkedVisit(dir, "640x360", 640, 360, "", stats, "--full-redraw");
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    const auto& damage = stats["damage"];
    INFO(damage.dump());
    CHECK(damage["frames"].get<int>() > 100);
    CHECK(damage["partial_frames"].get<int>() == 0);
    CHECK(damage["damaged_fraction"].get<double>() == doctest::Approx(1.0));
}

TEST_CASE("the glyph atlas comes from the disk cache, and a stale, corrupt, truncated or garbage cache is rebuilt") {
    const auto dir = scratchDir("atlas-cache");
    const auto data = dir / "data";
    const auto cache = data / "glyph-atlas.cache";
    const auto frame = [&](const std::string& name, const std::string& size = "960x540") {
        const auto png = dir / (name + ".png");
        const auto run = runKiosk({"--headless", "--frames", "2", "--size", size, "--data", data.string(), "--screenshot", png.string()});
        INFO(run.output);
        REQUIRE(run.exitCode == 0);
        return std::make_pair(atlasLine(run.output), png);
    };
    const auto [cold, coldPng] = frame("cold");
    CHECK(cold.find("from the cache") == std::string::npos);
    REQUIRE(std::filesystem::exists(cache));
    const auto cacheBytes = std::filesystem::file_size(cache);
    CHECK(cacheBytes > 1000);

    const auto [cached, cachedPng] = frame("cached");
    CHECK(cached.find("from the cache") != std::string::npos);
    // The same atlas, the same pixels.
    const auto same = comparePng(cachedPng, coldPng, 0);
    REQUIRE(same.loaded);
    CHECK(same.differentFraction == 0.0);

    // Another scale (another screen size) makes the file stale: rebuilt, then used again.
    const auto [stale, stalePng] = frame("stale", "1920x1080");
    CHECK(stale.find("stale") != std::string::npos);
    CHECK(stale.find("from the cache") == std::string::npos);
    CHECK(frame("stale-again", "1920x1080").first.find("from the cache") != std::string::npos);
    (void)frame("back-to-small");   // rewrites the cache for 960x540

    // One flipped byte in the glyphs: the payload hash catches it.
    {
        std::fstream file(cache, std::ios::in | std::ios::out | std::ios::binary);
        file.seekg(static_cast<std::streamoff>(std::filesystem::file_size(cache) / 2));
        char byte = 0;
        file.read(&byte, 1);
        file.seekp(static_cast<std::streamoff>(std::filesystem::file_size(cache) / 2));
        byte = static_cast<char>(byte ^ 0x5A);
        file.write(&byte, 1);
    }
    const auto [flipped, flippedPng] = frame("flipped");
    CHECK(flipped.find("corrupt") != std::string::npos);
    CHECK(flipped.find("from the cache") == std::string::npos);
    const auto rebuilt = comparePng(flippedPng, coldPng, 0);
    REQUIRE(rebuilt.loaded);
    CHECK(rebuilt.differentFraction == 0.0);
    CHECK(frame("after-flip").first.find("from the cache") != std::string::npos);   // written again

    // Cut in half.
    std::filesystem::resize_file(cache, std::filesystem::file_size(cache) / 2);
    CHECK(frame("truncated").first.find("corrupt") != std::string::npos);
    CHECK(frame("after-truncation").first.find("from the cache") != std::string::npos);

    // Not a cache at all.
    writeFile(cache, std::string(4096, '\x7f'));
    CHECK(frame("garbage").first.find("corrupt") != std::string::npos);
    CHECK(frame("after-garbage").first.find("from the cache") != std::string::npos);
}

TEST_CASE("a glyph the atlas lacks at run time is drawn as a box, rebuilt in the background and swapped in at the attract loop") {
    // The technician overlay shows the data folder's path: text made at run time. These letters
    // (rare ideographs, rare Latin) are in no text of the exhibition or the interface.
    const auto dir = scratchDir("atlas-runtime-glyphs");
    const auto data = dir / "data-龘鱻-Ŧǿ";
    const std::string openOverlay = "drag 20 20 22 22 3500\nexpect admin\ntap \"pin:2\"\ntap \"pin:4\"\ntap \"pin:6\"\ntap \"pin:8\"\ntap \"pin:OK\"\n";
    const auto run = [&](const std::string& name) {
        // Each run its own shots: <name>-boxes.png (first overlay), <name>-glyphs.png (after the attract loop).
        const auto script = writeFile(dir / (name + ".txt"), openOverlay + "wait 500\nshot " + (dir / (name + "-boxes.png")).string() +
                                                                 "\n"
                                                                 // The overlay locks itself, the kiosk goes back to the attract loop: idle.
                                                                 "wait 200000\nexpect attract\n" +
                                                                 openOverlay + "wait 500\nshot " + (dir / (name + "-glyphs.png")).string() + "\n");
        const auto stats = dir / (name + ".json");
        const auto result = runKiosk({"--headless", "--size", "960x540", "--data", data.string(), "--script", script.string(),
                                      "--stats", stats.string()});
        INFO(result.output);
        REQUIRE(result.exitCode == 0);
        return readJson(stats)["atlas"];
    };
    const auto first = run("first");
    INFO(first.dump());
    CHECK(first["ui_thread_builds"] == 1);       // before the first frame only
    CHECK(first["background_rebuilds"] == 1);
    CHECK(first["swaps"] == 1);
    CHECK(first["fallback_glyphs"].get<int>() > 0);
    // Boxes before the swap, letters after: the two shots differ.
    const auto changed = comparePng(dir / "first-boxes.png", dir / "first-glyphs.png", 0);
    REQUIRE(changed.loaded);
    CHECK(changed.differentFraction > 0.0);
    // The rebuilt atlas went into the disk cache: the next start has the letters from its first frame.
    const auto second = run("second");
    INFO(second.dump());
    CHECK(second["from_cache"] == true);
    CHECK(second["fallback_glyphs"] == 0);
    CHECK(second["background_rebuilds"] == 0);
}

TEST_CASE("[display] renderer: software and gpu headless, and a clear error for anything else") {
    const auto dir = scratchDir("renderer-choice");
    for (const std::string choice : {"software", "gpu"}) {
        const auto config = writeFile(dir / ("kiosk-" + choice + ".toml"), "[display]\nrenderer = \"" + choice + "\"\n");
        const auto stats = dir / ("s-" + choice + ".json");
        const auto run = runKiosk({"--headless", "--frames", "2", "--size", "640x360", "--config", config.string(),
                                   "--data", (dir / "data").string(), "--stats", stats.string()});
        INFO(run.output);
        REQUIRE(run.exitCode == 0);
        const auto json = readJson(stats);
        // Headless there is no GPU: gpu means SDL's own renderer on a memory surface.
        CHECK(json["renderer"] == (choice == "software" ? "software (pixman)" : "sdl (software)"));
        CHECK(run.output.find("renderer: " + json["renderer"].get<std::string>()) != std::string::npos);
    }
    const auto bad = writeFile(dir / "bad.toml", "[display]\nrenderer = \"vulkan\"\n");
    const auto run = runKiosk({"--headless", "--frames", "1", "--config", bad.string()});
    CHECK(run.exitCode == 2);
    CHECK(run.output.find("'renderer' must be one of 'auto', 'gpu', 'software'") != std::string::npos);
}

}
