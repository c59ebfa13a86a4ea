// Renders text with the real text engine into a headless SDL software frame, and compares
// frames with golden PNGs in tests/goldens/text/ (KIOSK_UPDATE_GOLDENS=1 rewrites them).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "kiosk/ui/font_set.h"
#include "kiosk/ui/text_engine.h"

namespace kiosk::platform { class Display; }

namespace kiosk::testing {

struct Frame {
    int width = 0, height = 0;
    std::vector<std::uint8_t> rgba;
};

class TextRenderer {
public:
    TextRenderer(int width, int height);
    ~TextRenderer();
    // Builds the atlas for `text`, draws it through `draw`, and returns the frame. Renders twice
    // if glyphs were missing from the atlas (as the kiosk does), so the frame is complete.
    template <typename DrawFn>
    Frame render(const std::string& text, DrawFn&& draw) {
        return renderWith(text, [&](ui::TextEngine& engine, ImDrawList* list) { draw(engine, list); });
    }
    // Builds the atlas for `plannedText` only and draws one frame, as the kiosk's first frame:
    // glyphs of `draw` that were not planned come out as fallback boxes (and are requested).
    template <typename DrawFn>
    Frame renderPlanned(const std::string& plannedText, DrawFn&& draw) {
        buildFor(plannedText);
        return drawFrame([&](ui::TextEngine& engine, ImDrawList* list) { draw(engine, list); });
    }
    // One more frame with the atlas as it is (no build, no swap).
    template <typename DrawFn>
    Frame drawAgain(DrawFn&& draw) {
        return drawFrame([&](ui::TextEngine& engine, ImDrawList* list) { draw(engine, list); });
    }
    // Uploads the glyph texture after a swap (FontSet::swapInRebuiltGlyphs).
    void uploadGlyphs();
    ui::FontSet& fonts() { return *fonts_; }
    ui::TextEngine& engine() { return *engine_; }

private:
    Frame renderWith(const std::string& text, const std::function<void(ui::TextEngine&, ImDrawList*)>& draw);
    void buildFor(const std::string& text);
    Frame drawFrame(const std::function<void(ui::TextEngine&, ImDrawList*)>& draw);
    std::unique_ptr<platform::Display> display_;
    ImGuiContext* context_ = nullptr;
    std::unique_ptr<ui::FontSet> fonts_;
    std::unique_ptr<ui::TextEngine> engine_;
};

struct GoldenResult {
    bool ok = false;
    std::string message;
};

// Compares with tests/goldens/text/<name>.png: a pixel differs when a channel differs by more
// than `channelTolerance`; at most `maxDifferentPixels` may differ.
GoldenResult compareWithGolden(const Frame& frame, const std::string& name, int channelTolerance = 48,
                               int maxDifferentPixels = 60);

// Pixels that are not the background (for "something was drawn here" checks).
int inkPixels(const Frame& frame, int x0, int y0, int x1, int y1);

} // namespace kiosk::testing
