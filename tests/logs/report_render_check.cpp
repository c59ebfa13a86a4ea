// Renders a kiosk-logs report in a real headless Chromium and checks the screenshot: the page
// must show the bar charts (their colours) and be mostly white paper with dark text.
// Usage: report_render_check SCREENSHOT.png   (exit 77 = skipped: chromium is not installed)
#include <png.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "kiosk/core/event_log.h"
#include "kiosk/core/log.h"
#include "kiosk/storage/event_record.h"
#include "kiosk/storage/event_store.h"
#include "kiosk/tools/logs/logs_report.h"

namespace {

constexpr int kSkip = 77;

int fail(const std::string& message) {
    std::fprintf(stderr, "report_render_check: FAILED: %s\n", message.c_str());
    return 1;
}

std::string findChromium() {
    for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
        const std::string command = std::string("command -v ") + name + " >/dev/null 2>&1";
        if (std::system(command.c_str()) == 0) return name;
    }
    return {};
}

void simulate(kiosk::storage::EventStore& store, const std::string& sessionPrefix, int sessions, std::int64_t startMs) {
    const char* languages[] = {"en", "zh-Hans", "ar", "fr", "en"};
    const char* items[] = {"ne-zha-2", "black-myth-wukong", "longjing-tea", "silk-scarf", "pu-er", "jade-seal"};
    for (int s = 0; s < sessions; ++s) {
        std::int64_t t = startMs + s * 1300000ll + (s % 7) * 600000ll;
        auto add = [&](kiosk::EventType type, const char* screen, const char* item, const char* language, double value) {
            kiosk::Event e;
            e.type = type;
            e.timestampMs = t;
            e.sessionId = sessionPrefix + std::to_string(s);
            e.screen = screen;
            e.item = item;
            e.language = language;
            e.value = value;
            store.record(e);
            t += 5000;
        };
        const char* language = languages[s % 5];
        add(kiosk::EventType::SessionStart, "attract", "", "en", 0);
        if (s % 4 != 3) {
            add(kiosk::EventType::Language, "language", "", language, 0);
            for (int i = 0; i < s % 4; ++i) add(kiosk::EventType::View, "item", items[(s * 7 + i * 3) % 6], language, 3000 + (s * 977 % 40000));
        }
        add(kiosk::EventType::SessionEnd, "", "", language, 10000 + (s * 7919 % 200000));
    }
    store.flush();
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) return fail("usage: report_render_check SCREENSHOT.png");
    const std::string chromium = findChromium();
    if (chromium.empty()) {
        std::printf("SKIPPED: chromium is not installed (apt-get install chromium); the report was not rendered\n");
        return kSkip;
    }
    kiosk::log::setQuiet(true);
    const auto dir = std::filesystem::temp_directory_path() / ("kiosk-report-render-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    {
        auto store = kiosk::storage::EventStore::open(dir / "hall-a-01.db");
        if (!store) return fail(store.error());
        simulate(**store, "a", 300, kiosk::storage::parseIsoUtc("2026-05-01T06:00:00Z").value());
    }
    const auto html = dir / "report.html";
    auto written = kiosk::logs::writeReport((dir / "hall-a-01.db").string(), {}, html);
    if (!written) return fail(written.error());

    const std::filesystem::path screenshot = argv[1];
    std::filesystem::remove(screenshot);
    const std::string command = chromium +
        " --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"
        " --disable-sync --no-first-run --hide-scrollbars --user-data-dir=" + (dir / "profile").string() +
        " --screenshot=" + screenshot.string() + " --window-size=1400,2000 file://" + html.string() +
        " >" + (dir / "chromium.log").string() + " 2>&1";
    const int rc = std::system(command.c_str());
    if (rc != 0 || !std::filesystem::exists(screenshot))
        return fail("chromium did not write a screenshot (exit " + std::to_string(rc) + "); see " + (dir / "chromium.log").string());

    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&image, screenshot.c_str())) return fail("cannot read the screenshot PNG");
    image.format = PNG_FORMAT_RGB;
    std::vector<png_byte> pixels(PNG_IMAGE_SIZE(image));
    if (!png_image_finish_read(&image, nullptr, pixels.data(), 0, nullptr)) return fail("cannot decode the screenshot PNG");
    if (image.width != 1400 || image.height != 2000)
        return fail("screenshot is " + std::to_string(image.width) + "x" + std::to_string(image.height) + ", expected 1400x2000");
    long bars = 0, accent = 0, white = 0, dark = 0;
    const long total = static_cast<long>(image.width) * image.height;
    auto near = [](const png_byte* p, int r, int g, int b) {
        return std::abs(p[0] - r) < 12 && std::abs(p[1] - g) < 12 && std::abs(p[2] - b) < 12;
    };
    for (long i = 0; i < total; ++i) {
        const png_byte* p = &pixels[static_cast<std::size_t>(i) * 3];
        if (near(p, 0x2a, 0x6f, 0x97)) ++bars;
        if (near(p, 0xe0, 0x7a, 0x5f)) ++accent;
        if (p[0] > 245 && p[1] > 245 && p[2] > 245) ++white;
        if (p[0] < 80 && p[1] < 80 && p[2] < 80) ++dark;
    }
    std::printf("screenshot %s: bar pixels %ld, funnel pixels %ld, white %.1f%%, dark text pixels %ld\n",
                screenshot.c_str(), bars, accent, 100.0 * static_cast<double>(white) / static_cast<double>(total), dark);
    std::filesystem::remove_all(dir);
    if (bars < 20000) return fail("the bar charts are missing from the rendered page");
    if (accent < 3000) return fail("the funnel chart is missing from the rendered page");
    if (white < total / 2) return fail("the page is not mostly white paper");
    if (dark < 5000) return fail("there is hardly any text on the rendered page");
    return 0;
}
