// [display] rotation and [display.schedule], run headless: a rotated panel shows the UI turned,
// and outside the opening hours the screen is black and nothing is drawn.
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <vector>

#include <stb_image.h>

#include "process_runner.h"

using namespace kiosk::test;

namespace {

struct Image {
    int w = 0, h = 0;
    std::vector<unsigned char> rgba;
    const unsigned char* at(int x, int y) const { return &rgba[(static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x)) * 4]; }
};

Image load(const std::filesystem::path& file) {
    Image image;
    int c = 0;
    std::unique_ptr<unsigned char, void (*)(void*)> data(stbi_load(file.c_str(), &image.w, &image.h, &c, 4), stbi_image_free);
    if (data) image.rgba.assign(data.get(), data.get() + static_cast<std::size_t>(image.w) * static_cast<std::size_t>(image.h) * 4);
    return image;
}

// The picture turned clockwise by 90, 180 or 270 degrees.
Image turn(const Image& in, int degrees) {
    Image out;
    const bool swap = degrees == 90 || degrees == 270;
    out.w = swap ? in.h : in.w;
    out.h = swap ? in.w : in.h;
    out.rgba.resize(in.rgba.size());
    for (int y = 0; y < in.h; ++y)
        for (int x = 0; x < in.w; ++x) {
            int ox = x, oy = y;
            if (degrees == 90) { ox = in.h - 1 - y; oy = x; }
            if (degrees == 180) { ox = in.w - 1 - x; oy = in.h - 1 - y; }
            if (degrees == 270) { ox = y; oy = in.w - 1 - x; }
            std::copy_n(in.at(x, y), 4, &out.rgba[(static_cast<std::size_t>(oy) * static_cast<std::size_t>(out.w) + static_cast<std::size_t>(ox)) * 4]);
        }
    return out;
}

// Share of pixels with a channel more than 48 apart (the goldens' threshold).
double differentFraction(const Image& a, const Image& b) {
    if (a.w != b.w || a.h != b.h || a.rgba.empty()) return 1.0;
    long different = 0;
    for (std::size_t i = 0; i < a.rgba.size(); i += 4)
        for (int c = 0; c < 3; ++c)
            if (std::abs(int(a.rgba[i + static_cast<std::size_t>(c)]) - int(b.rgba[i + static_cast<std::size_t>(c)])) > 48) { ++different; break; }
    return static_cast<double>(different) / (static_cast<double>(a.rgba.size()) / 4);
}

std::filesystem::path render(const std::filesystem::path& dir, const std::string& name, const std::string& size,
                             const std::string& configText, std::string* output = nullptr) {
    const auto config = writeFile(dir / (name + ".toml"), configText);
    const auto png = dir / (name + ".png");
    const auto run = runKiosk({"--headless", "--config", config.string(), "--data", (dir / "data").string(), "--size", size,
                               "--frames", "3", "--screenshot", png.string()});
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    if (output) *output = run.output;
    return png;
}

} // namespace

TEST_SUITE("app.display") {

TEST_CASE("rotation: the panel shows the upright UI turned clockwise") {
    const auto dir = scratchDir("rotation");
    // A portrait UI (1080x1920) drawn upright, turned in the test...
    const Image upright = load(render(dir, "upright", "1080x1920", "[display]\nrotation = 0\n"));
    REQUIRE(upright.w == 1080);
    for (int degrees : {90, 270}) {
        CAPTURE(degrees);
        // ...equals what a landscape panel (1920x1080) mounted turned shows.
        const Image panel = load(render(dir, "r" + std::to_string(degrees), "1920x1080",
                                        "[display]\nrotation = " + std::to_string(degrees) + "\n"));
        REQUIRE(panel.w == 1920);
        REQUIRE(panel.h == 1080);
        CHECK(differentFraction(panel, turn(upright, degrees)) < 0.001);
        // Guard: the other direction does not match.
        CHECK(differentFraction(panel, turn(upright, 360 - degrees)) > 0.05);
    }
    const Image landscape = load(render(dir, "landscape", "1920x1080", "[display]\nrotation = 0\n"));
    const Image upsideDown = load(render(dir, "r180", "1920x1080", "[display]\nrotation = 180\n"));
    CHECK(differentFraction(upsideDown, turn(landscape, 180)) < 0.001);
    CHECK(differentFraction(upsideDown, landscape) > 0.05);
}

TEST_CASE("rotation other than 0, 90, 180, 270 is a config error") {
    const auto dir = scratchDir("rotation-bad");
    const auto config = writeFile(dir / "k.toml", "[display]\nrotation = 45\n");
    const auto run = runKiosk({"--headless", "--config", config.string(), "--frames", "1"});
    CHECK(run.exitCode == 2);
    CHECK(run.output.find("rotation") != std::string::npos);
}

TEST_CASE("outside the opening hours the screen is black, and it says so in the log") {
    const auto dir = scratchDir("schedule");
    std::string closedLog, openLog;
    std::string closedWeek = "[display.schedule]\n";
    std::string openWeek = "[display.schedule]\n";
    for (const char* day : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}) {
        closedWeek += std::string(day) + " = \"closed\"\n";
        openWeek += std::string(day) + " = \"all day\"\n";
    }
    const Image closed = load(render(dir, "closed", "640x360", closedWeek, &closedLog));
    REQUIRE(closed.w == 640);
    long lit = 0;
    for (std::size_t i = 0; i < closed.rgba.size(); i += 4) lit += closed.rgba[i] | closed.rgba[i + 1] | closed.rgba[i + 2] ? 1 : 0;
    CHECK(lit == 0);
    CHECK(closedLog.find("outside the opening hours") != std::string::npos);
    const Image open = load(render(dir, "open", "640x360", openWeek, &openLog));
    lit = 0;
    for (std::size_t i = 0; i < open.rgba.size(); i += 4) lit += open.rgba[i] | open.rgba[i + 1] | open.rgba[i + 2] ? 1 : 0;
    CHECK(lit > 640 * 360 / 2);
    CHECK(openLog.find("outside the opening hours") == std::string::npos);
}

TEST_CASE("bad opening hours are config errors naming the line") {
    const auto dir = scratchDir("schedule-bad");
    const auto config = writeFile(dir / "k.toml", "[display.schedule]\nmon = \"09:00-18:00\"\ntue = \"22:00-02:00\"\n");
    const auto run = runKiosk({"--headless", "--config", config.string(), "--frames", "1"});
    CHECK(run.exitCode == 2);
    CHECK(run.output.find("k.toml:3") != std::string::npos);
    CHECK(run.output.find("midnight") != std::string::npos);
    const auto holidays = writeFile(dir / "h.toml", "[display.schedule]\nholidays = [\"2026-02-30\"]\n");
    CHECK(runKiosk({"--headless", "--config", holidays.string(), "--frames", "1"}).exitCode == 2);
}

}
