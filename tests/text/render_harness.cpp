#include "render_harness.h"

#include <cstdlib>
#include <filesystem>
#include <functional>

#include <doctest/doctest.h>
#include <imgui.h>
#include <stb_image.h>
#include <stb_image_write.h>

#include "kiosk/core/utf8.h"
#include "platform/display.h"

namespace kiosk::testing {
namespace {

bool writePng(const std::filesystem::path& file, const Frame& frame) {
    return stbi_write_png(file.c_str(), frame.width, frame.height, 4, frame.rgba.data(), frame.width * 4) != 0;
}

} // namespace

TextRenderer::TextRenderer(int width, int height) {
    context_ = ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    auto display = platform::Display::open({.headless = true, .width = width, .height = height});
    REQUIRE_MESSAGE(display.ok(), "headless display");
    display_ = std::move(display.value());
    fonts_ = std::make_unique<ui::FontSet>();
    engine_ = std::make_unique<ui::TextEngine>(*fonts_);
}

TextRenderer::~TextRenderer() {
    display_.reset();
    ImGui::DestroyContext(context_);
}

void TextRenderer::buildFor(const std::string& text) {
    const std::u32string chars = utf8::decode(text);
    fonts_->build(*ImGui::GetIO().Fonts, {chars, chars}, 1.0f);
    display_->uploadFonts(fonts_.get());
}

void TextRenderer::uploadGlyphs() { display_->uploadFonts(fonts_.get()); }

Frame TextRenderer::drawFrame(const std::function<void(ui::TextEngine&, ImDrawList*)>& draw) {
    display_->beginFrame(1.0f / 60.0f);
    ImGui::NewFrame();
    ImDrawList* list = ImGui::GetBackgroundDrawList();
    list->AddRectFilled(ImVec2(0, 0), ImGui::GetIO().DisplaySize, IM_COL32(250, 248, 242, 255));
    draw(*engine_, list);
    display_->endFrame();
    return {display_->width(), display_->height(), display_->readPixels()};
}

Frame TextRenderer::renderWith(const std::string& text, const std::function<void(ui::TextEngine&, ImDrawList*)>& draw) {
    buildFor(text);
    Frame frame = drawFrame(draw);
    // Glyphs drawn that were not planned: added by a background rebuild, swapped in, drawn again.
    for (int pass = 0; pass < 2 && fonts_->startGlyphRebuild(); ++pass) {
        fonts_->waitForGlyphRebuild();
        fonts_->swapInRebuiltGlyphs();
        uploadGlyphs();
        frame = drawFrame(draw);
    }
    return frame;
}

GoldenResult compareWithGolden(const Frame& frame, const std::string& name, int channelTolerance, int maxDifferentPixels) {
    const std::filesystem::path file = std::filesystem::path(KIOSK_SOURCE_DIR) / "tests/goldens/text" / (name + ".png");
    const char* update = std::getenv("KIOSK_UPDATE_GOLDENS");
    if (update && std::string(update) == "1") {
        std::filesystem::create_directories(file.parent_path());
        if (!writePng(file, frame)) return {false, "cannot write " + file.string()};
        return {true, "updated " + file.string()};
    }
    int w = 0, h = 0, channels = 0;
    stbi_uc* golden = stbi_load(file.c_str(), &w, &h, &channels, 4);
    if (!golden) return {false, "no golden " + file.string() + " (run with KIOSK_UPDATE_GOLDENS=1 and check it by eye)"};
    GoldenResult result;
    if (w != frame.width || h != frame.height) {
        result.message = "size differs from " + file.string();
    } else {
        int different = 0;
        for (std::size_t i = 0; i < frame.rgba.size(); i += 4) {
            for (int c = 0; c < 3; ++c) {
                if (std::abs(int(frame.rgba[i + c]) - int(golden[i + c])) > channelTolerance) { ++different; break; }
            }
        }
        result.ok = different <= maxDifferentPixels;
        result.message = std::to_string(different) + " pixels differ from " + file.string();
        if (!result.ok) {
            const auto actual = std::filesystem::temp_directory_path() / ("actual-" + name + ".png");
            writePng(actual, frame);
            result.message += " (actual frame: " + actual.string() + ")";
        }
    }
    stbi_image_free(golden);
    return result;
}

int inkPixels(const Frame& frame, int x0, int y0, int x1, int y1) {
    int count = 0;
    for (int y = std::max(0, y0); y < std::min(frame.height, y1); ++y)
        for (int x = std::max(0, x0); x < std::min(frame.width, x1); ++x) {
            const std::uint8_t* p = &frame.rgba[(static_cast<std::size_t>(y) * frame.width + x) * 4];
            if (p[0] < 160 && p[1] < 160 && p[2] < 160) ++count;
        }
    return count;
}

} // namespace kiosk::testing
