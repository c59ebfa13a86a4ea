#include "render_harness.h"

#include <cstdlib>
#include <filesystem>
#include <functional>

#include <doctest/doctest.h>
#include <imgui.h>

#include "kiosk/core/utf8.h"
#include "platform/display.h"
#include "tests/support/image_compare.h"

namespace kiosk::testing {

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

GoldenResult compareWithGolden(const Frame& frame, const std::string& name) {
    const std::string failure = checkGolden(RgbaImage{frame.width, frame.height, frame.rgba}, goldenFile("text/" + name + ".png"));
    return {failure.empty(), failure.empty() ? "matches tests/goldens/text/" + name + ".png" : failure};
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
