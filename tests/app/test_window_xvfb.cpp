// The kiosk in a real window on a virtual X display (Xvfb), as a kiosk in a hall runs it:
// fullscreen, event-driven, looked at through screen captures. Skipped with a message where
// Xvfb, xdotool or ImageMagick's `import` is missing.
#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <cmath>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>
#include <stb_image.h>

#include "kiosk/storage/event_store.h"
#include "process_runner.h"
#include "x11_close_request.h"

using namespace kiosk::test;

namespace {

constexpr const char* kWindowTitle = "Exhibition kiosk";

bool haveCommand(const std::string& name) { return runShell("command -v " + name + " >/dev/null").exitCode == 0; }

// A virtual X display for one test; the server stops with it.
class VirtualDisplay {
public:
    bool start() {
        server_ = startProcess("Xvfb", {"-displayfd", "1", "-screen", "0", "1920x1080x24", "-nolisten", "tcp"});
        // Xvfb writes the display number it chose to fd 1 once it accepts clients.
        for (int i = 0; i < 200 && processRunning(server_); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            std::ifstream in(server_.outputFile);
            std::string line;
            while (std::getline(in, line))
                if (!line.empty() && line.find_first_not_of("0123456789") == std::string::npos) {
                    name_ = ":" + line;
                    return true;
                }
        }
        return false;
    }
    ~VirtualDisplay() {
        if (server_.pid > 0) stopProcess(server_, SIGTERM, 5000);
    }
    const std::string& name() const { return name_; }
    std::string env() const { return "DISPLAY=" + name_; }
    ProcessResult run(const std::string& command) const { return runShell("DISPLAY=" + name_ + " " + command); }
    bool capture(const std::filesystem::path& file) const {
        return run("import -window root PNG24:" + file.string()).exitCode == 0 && std::filesystem::exists(file);
    }
    bool waitForWindow(int timeoutMs) const {
        for (int waited = 0; waited < timeoutMs; waited += 200) {
            if (run(std::string("xdotool search --name '") + kWindowTitle + "'").exitCode == 0) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
        return false;
    }
    // Captures until the screen is not black (the first frame is up), or gives up.
    bool captureFirstFrame(const std::filesystem::path& file, int timeoutMs) const;
    // A tap as XTest gives it: the pointer moves onto the spot (so that the window has the
    // mouse focus ImGui's SDL backend wants), then a click. Taps work; XTest drags do not.
    void tap(int x, int y) const {
        const std::string to = std::to_string(x) + " " + std::to_string(y);
        const ProcessResult moved = run("xdotool mousemove " + std::to_string(x / 2) + " " + std::to_string(y / 2) + " sleep 0.2 mousemove " + to + " sleep 0.3 click 1");
        CHECK_MESSAGE(moved.exitCode == 0, "xdotool: " << moved.output);
    }

private:
    BackgroundProcess server_;
    std::string name_;
};

// Share (0-1) of the pixels in rows [0, rows) whose colour differs by more than kChangedLevel
// in some channel between two captures. (A mean difference cannot tell the dark language
// screen from the dark attract loop: they differ by ~15 levels on average, in 22 % of pixels.)
constexpr int kChangedLevel = 24;
double changedShare(const std::filesystem::path& a, const std::filesystem::path& b, int rows) {
    int wa, ha, ca, wb, hb, cb;
    unsigned char* pa = stbi_load(a.c_str(), &wa, &ha, &ca, 3);
    unsigned char* pb = stbi_load(b.c_str(), &wb, &hb, &cb, 3);
    double result = 1.0;   // unreadable captures count as "all different"
    if (pa && pb && wa == wb && ha == hb) {
        rows = std::min(rows, ha);
        const long pixels = static_cast<long>(wa) * rows;
        long changed = 0;
        for (long i = 0; i < pixels; ++i) {
            int most = 0;
            for (int c = 0; c < 3; ++c) most = std::max(most, std::abs(static_cast<int>(pa[i * 3 + c]) - static_cast<int>(pb[i * 3 + c])));
            changed += most > kChangedLevel ? 1 : 0;
        }
        result = static_cast<double>(changed) / static_cast<double>(pixels);
    }
    stbi_image_free(pa);
    stbi_image_free(pb);
    return result;
}

double meanBrightness(const std::filesystem::path& file) {
    int w, h, c;
    unsigned char* p = stbi_load(file.c_str(), &w, &h, &c, 3);
    if (!p) return 0;
    double sum = 0;
    const long n = static_cast<long>(w) * h * 3;
    for (long i = 0; i < n; ++i) sum += p[i];
    stbi_image_free(p);
    return sum / static_cast<double>(n);
}

bool VirtualDisplay::captureFirstFrame(const std::filesystem::path& file, int timeoutMs) const {
    for (int waited = 0; waited < timeoutMs; waited += 500) {
        if (capture(file) && meanBrightness(file) > 5) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    return false;
}

// Captures until the share of changed pixels in the top `rows` of the screen is below
// `tolerance` (or, with `differ`, above it) against a reference capture; returns the last share.
double captureUntil(const VirtualDisplay& x, const std::filesystem::path& file, const std::filesystem::path& reference,
                    int rows, double tolerance, bool differ, int timeoutMs) {
    double difference = -1;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    do {
        if (x.capture(file)) {
            difference = changedShare(file, reference, rows);
            if (differ ? difference > tolerance : difference < tolerance) break;
        }
        // Not too often: `import` grabs the X server while it reads the screen.
        std::this_thread::sleep_for(std::chrono::milliseconds(2000));
    } while (std::chrono::steady_clock::now() < deadline);
    return difference;
}

// The bundled exhibition with one featured item and no attract_image: its attract loop shows one photo, so that two
// captures of it taken seconds apart show the same picture above the "touch to start" pill.
std::filesystem::path oneSlideExhibition(const std::filesystem::path& dir) {
    const auto content = dir / "content";
    std::filesystem::copy(std::filesystem::path(KIOSK_SOURCE_DIR) / "content", content, std::filesystem::copy_options::recursive);
    std::ifstream in(content / "exhibition.json");
    nlohmann::json exhibition = nlohmann::json::parse(in);
    in.close();
    exhibition["featured"] = nlohmann::json::array({exhibition["featured"][0]});
    exhibition.erase("attract_image");   // a slide of its own after the featured ones
    std::ofstream(content / "exhibition.json") << exhibition.dump(2);
    return content;
}

bool toolsPresent() {
    for (const char* tool : {"Xvfb", "xdotool", "import"})
        if (!haveCommand(tool)) {
            MESSAGE("skipped: `" << tool << "` not found (install xvfb, xdotool, imagemagick; see deploy/packages.txt)");
            return false;
        }
    return true;
}

const std::vector<std::string> kSoftwareRendering = {"SDL_RENDER_DRIVER=software", "SDL_FRAMEBUFFER_ACCELERATION=0"};

} // namespace

TEST_SUITE("app.window") {

TEST_CASE("in a fullscreen window: the visitor walks away, the attract loop is drawn, close requests are ignored, SIGTERM ends the session") {
    if (!toolsPresent()) return;
    VirtualDisplay x;
    REQUIRE_MESSAGE(x.start(), "Xvfb did not start");
    const auto dir = scratchDir("xvfb-fullscreen");
    const auto content = oneSlideExhibition(dir);
    const auto config = writeFile(dir / "kiosk.toml", "[kiosk]\nidle_timeout_seconds = 20\nidle_countdown_seconds = 3\n"
                                                      "[display]\nfullscreen = true\n");
    std::vector<std::string> env = kSoftwareRendering;
    env.push_back(x.env());
    BackgroundProcess kiosk = startKiosk({"--config", config.string(), "--content", content.string(), "--data", (dir / "data").string()}, env);
    StopOnExit guard{kiosk};
    // Generous waits: this machine may be shared; each wait ends as soon as the screen is right.
    REQUIRE_MESSAGE(x.waitForWindow(120000), "no kiosk window appeared");
    REQUIRE_MESSAGE(x.captureFirstFrame(dir / "first.png", 120000), "the kiosk drew nothing");
    // The attract loop, settled: two captures a second apart agree above the "touch to start" pill.
    std::this_thread::sleep_for(std::chrono::seconds(1));
    REQUIRE(x.capture(dir / "attract.png"));
    const double settled = captureUntil(x, dir / "attract-again.png", dir / "attract.png", 500, 0.005, false, 30000);
    REQUIRE_MESSAGE(settled < 0.005, "the attract loop does not settle (share of changed pixels " << settled << ")");

    x.tap(960, 540);   // a visitor taps the slide: its item opens
    std::this_thread::sleep_for(std::chrono::seconds(3));
    const double visitorScreen = captureUntil(x, dir / "visitor.png", dir / "attract.png", 500, 0.05, true, 60000);
    REQUIRE_MESSAGE(visitorScreen > 0.05, "the tap did not open the item (share of changed pixels " << visitorScreen << ")");

    // A window manager's close button: a fullscreen kiosk stays.
    CHECK(sendWindowCloseRequest(x.name(), kWindowTitle) >= 1);
    std::this_thread::sleep_for(std::chrono::seconds(2));
    CHECK_MESSAGE(processRunning(kiosk), "the fullscreen kiosk ended on a window close request");

    // 20 s idle (long enough to capture the item screen on a loaded machine) + 3 s
    // countdown, then the attract loop must be on the screen without any input. (Before the
    // frame scheduler, the visitor's screen stayed frozen here until a touch.)
    std::this_thread::sleep_for(std::chrono::seconds(20));
    const double walked = captureUntil(x, dir / "walked.png", dir / "attract.png", 500, 0.005, false, 60000);
    CHECK_MESSAGE(walked < 0.005, "after the visitor left, the screen is not the attract loop (share of changed pixels " << walked << ")");

    x.tap(960, 540);   // the next visitor, stopped by the technician's SIGTERM
    captureUntil(x, dir / "visitor-2.png", dir / "attract.png", 500, 0.05, true, 60000);
    const ProcessResult stopped = stopProcess(kiosk, SIGTERM, 15000);
    INFO(stopped.output);
    CHECK(stopped.exitCode == 0);
    auto store = kiosk::storage::EventStore::open(dir / "data" / "events.db");
    REQUIRE(store);
    auto events = (*store)->readAfter(0, 10000);
    REQUIRE(events);
    long starts = 0, ends = 0, resets = 0;
    for (const auto& e : *events) {
        starts += e.typeName == "session_start";
        ends += e.typeName == "session_end";
        resets += e.typeName == "idle_reset";
    }
    CHECK(starts == 2);
    CHECK(ends == 2);
    CHECK(resets == 1);
}

TEST_CASE("with --windowed a window close request ends the kiosk") {
    if (!toolsPresent()) return;
    VirtualDisplay x;
    REQUIRE_MESSAGE(x.start(), "Xvfb did not start");
    const auto dir = scratchDir("xvfb-windowed");
    std::vector<std::string> env = kSoftwareRendering;
    env.push_back(x.env());
    BackgroundProcess kiosk = startKiosk({"--windowed", "--size", "800x450", "--data", (dir / "data").string()}, env);
    StopOnExit guard{kiosk};
    REQUIRE_MESSAGE(x.waitForWindow(120000), "no kiosk window appeared");
    REQUIRE_MESSAGE(x.captureFirstFrame(dir / "first.png", 120000), "the kiosk drew nothing");
    CHECK(sendWindowCloseRequest(x.name(), kWindowTitle) >= 1);
    for (int i = 0; i < 300 && processRunning(kiosk); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK_FALSE(processRunning(kiosk));
    const ProcessResult result = stopProcess(kiosk, SIGTERM, 5000);
    INFO(result.output);
    CHECK(result.exitCode == 0);
}

}
