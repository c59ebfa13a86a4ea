// Text benchmark (not a test): glyph atlas build time and memory for an exhibition, and the
// time to lay out and draw a 300-word paragraph in each script, cold (shaping) and cached.
//   text_bench [CONTENT_DIR] [--size WxH]
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <imgui.h>

#include "kiosk/core/content_loader.h"
#include "kiosk/core/log.h"
#include "kiosk/core/ui_strings.h"
#include "kiosk/core/utf8.h"
#include "kiosk/ui/kiosk_ui.h"
#include "kiosk/ui/text_engine.h"
#include "platform/display.h"
#include "platform/paths.h"
#include "platform/process_stats.h"

using Clock = std::chrono::steady_clock;

namespace {

double msSince(Clock::time_point start) { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); }

struct Sample {
    const char* script;
    const char* words;      // repeated to 300 words
    bool spaced;            // words separated by spaces (not CJK/Thai)
};

std::string threeHundredWords(const Sample& sample) {
    std::vector<std::string> words;
    std::string current;
    for (const char* p = sample.words;; ++p) {
        if (*p == ' ' || *p == 0) {
            if (!current.empty()) words.push_back(current);
            current.clear();
            if (*p == 0) break;
        } else {
            current += *p;
        }
    }
    std::string text;
    for (int i = 0; i < 300; ++i) {
        text += words[static_cast<std::size_t>(i) % words.size()];
        if (sample.spaced || i % 12 == 11) text += ' ';
    }
    return text;
}

} // namespace

int main(int argc, char** argv) {
    std::string contentDir = KIOSK_DEFAULT_CONTENT_DIR;
    int width = 1920, height = 1080;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--size") == 0 && i + 1 < argc) std::sscanf(argv[++i], "%dx%d", &width, &height);
        else contentDir = argv[i];
    }
    kiosk::log::setQuiet(true);
    auto loaded = kiosk::loadExhibition(contentDir);
    if (!loaded.snapshot) {
        std::fprintf(stderr, "text_bench: cannot load the exhibition in %s\n", contentDir.c_str());
        return 2;
    }
    kiosk::UiStrings strings;
    strings.loadBuiltIn(kiosk::platform::assetsDir() / "i18n");

    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    auto opened = kiosk::platform::Display::open({.headless = true, .width = width, .height = height});
    if (!opened.ok()) { std::fprintf(stderr, "text_bench: no headless display\n"); return 3; }
    std::unique_ptr<kiosk::platform::Display> display = std::move(opened.value());

    const long rssBefore = kiosk::platform::peakRssKb();
    kiosk::ui::FontSet fonts;
    const float scale = std::min(width, height) / 1080.0f;
    const auto needs = kiosk::ui::collectGlyphNeeds(*loaded.snapshot, strings);
    auto start = Clock::now();
    fonts.build(*ImGui::GetIO().Fonts, needs, scale);
    const double coldBuildMs = msSince(start);
    const kiosk::ui::AtlasStats first = fonts.stats();
    start = Clock::now();
    fonts.build(*ImGui::GetIO().Fonts, needs, scale);
    const double warmBuildMs = msSince(start);
    start = Clock::now();
    display->uploadFonts(&fonts);
    const double uploadMs = msSince(start);
    const auto& stats = fonts.stats();
    std::printf("exhibition: %s (%zu + %zu characters of text)\n", contentDir.c_str(), needs.allText.size(), needs.titleText.size());
    std::printf("atlas: %d glyphs, %dx%d, texture %.1f MiB RGBA\n", stats.glyphs, stats.width, stats.height,
                static_cast<double>(stats.textureBytes()) / (1024.0 * 1024.0));
    std::printf("atlas build: %.0f ms first (faces loaded), %.0f ms again; texture upload %.0f ms\n", coldBuildMs, warmBuildMs, uploadMs);
    std::printf("first build: shaping %.0f ms, rasterizing %d glyphs %.0f ms, packing and copying %.0f ms\n", first.shapeMs,
                first.rasterized, first.rasterMs, first.packMs);
    std::printf("again (bitmaps cached): shaping %.0f ms, rasterizing %d glyphs %.0f ms, packing and copying %.0f ms\n",
                stats.shapeMs, stats.rasterized, stats.rasterMs, stats.packMs);
    std::printf("peak RSS: %ld KiB before fonts, %ld KiB after (+%ld KiB)\n", rssBefore, kiosk::platform::peakRssKb(),
                kiosk::platform::peakRssKb() - rssBefore);

    static const Sample kSamples[] = {
        {"Latin", "Jingdezhen porcelain has travelled the world for a thousand years and its wares were traded along the maritime Silk Road", true},
        {"Russian", "Фарфор Цзиндэчжэня путешествует по миру уже тысячу лет и его изделия везли по морскому Шёлковому пути", true},
        {"Vietnamese", "Gốm sứ Cảnh Đức Trấn đã đi khắp thế giới suốt một nghìn năm và được buôn bán trên Con đường Tơ lụa trên biển", true},
        {"Arabic", "سافر خزف جينغدتشن حول العالم منذ ألف عام وتمت التجارة به على طريق الحرير البحري مع 3 موانئ (تقريبًا)", true},
        {"Thai", "เครื่อง ลายคราม จิงเต๋อเจิ้น เดินทาง ไปทั่ว โลก มา นับพันปี และ ถูก ค้าขาย บน เส้นทาง สายไหม ทางทะเล", false},
        {"Chinese", "景德 镇瓷 器已 经走 遍世 界一 千年 ，它 的器 物沿 着海 上丝 绸之 路远 销各 国。", false},
    };
    std::printf("\n300-word paragraph at Body size in a %d px column:\n", static_cast<int>(width * 0.6f));
    std::printf("%-11s %7s %9s %12s %12s\n", "script", "lines", "glyphs", "layout ms", "cached µs");
    kiosk::ui::TextEngine engine(fonts);
    const float column = width * 0.6f;
    for (const Sample& sample : kSamples) {
        const std::string text = threeHundredWords(sample);
        // Cold: shaping, breaking, bidi and wrapping, then drawing into a draw list.
        constexpr int kRuns = 20;
        double coldMs = 0, cachedUs = 0;
        std::size_t lines = 0, glyphs = 0;
        for (int run = 0; run < kRuns; ++run) {
            engine.clearCache();
            display->beginFrame(1.0f / 60.0f);
            ImGui::NewFrame();
            start = Clock::now();
            engine.drawParagraph(ImGui::GetBackgroundDrawList(), ImVec2(0, 0), column, text, {kiosk::ui::FontRole::Body});
            coldMs += msSince(start);
            start = Clock::now();
            engine.drawParagraph(ImGui::GetBackgroundDrawList(), ImVec2(0, 0), column, text, {kiosk::ui::FontRole::Body});
            cachedUs += msSince(start) * 1000.0;
            ImGui::EndFrame();
        }
        const auto& layout = engine.layout(text, column, kiosk::ui::FontRole::Body, 0);
        lines = layout.lines.size();
        for (const auto& line : layout.lines) glyphs += line.glyphs.size();
        std::printf("%-11s %7zu %9zu %12.2f %12.1f\n", sample.script, lines, glyphs, coldMs / kRuns, cachedUs / kRuns);
    }
    display.reset();
    ImGui::DestroyContext();
    return 0;
}
