// The one text API the screens use: draw a paragraph in a box (wrap, align, direction),
// measure it, draw a single line with an ellipsis. Screens never call ImGui text functions
// on content text directly, so shaping and bidi can live here alone.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "kiosk/ui/font_set.h"
#include "kiosk/ui/theme.h"

namespace kiosk::ui {

enum class TextAlign { Start, Center, End };   // Start is the left in LTR, the right in RTL

struct TextStyle {
    FontRole role = FontRole::Body;
    ImU32 color = IM_COL32_WHITE;
    TextAlign align = TextAlign::Start;
    float lineSpacing = 1.3f;     // line height as a multiple of the font size
    int maxLines = 0;             // 0: no limit; otherwise the last line ends with an ellipsis
};

class TextEngine {
public:
    explicit TextEngine(const FontSet& fonts) : fonts_(fonts) {}

    // Direction of the interface language; decides what Start and End mean.
    void setRightToLeft(bool rtl) { rtl_ = rtl; }
    bool rightToLeft() const { return rtl_; }

    float lineHeight(const TextStyle& style) const;
    float lineWidth(std::string_view text, FontRole role) const;
    // Height of a paragraph wrapped to `width`.
    float measureParagraph(std::string_view text, float width, const TextStyle& style) const;
    // Draws a paragraph with its top edge at `topLeft.y`, inside [topLeft.x, topLeft.x + width].
    // Returns the height used.
    float drawParagraph(ImDrawList* draw, ImVec2 topLeft, float width, std::string_view text,
                        const TextStyle& style) const;
    // Draws one line inside `width`, cut with an ellipsis when it does not fit.
    void drawLine(ImDrawList* draw, ImVec2 topLeft, float width, std::string_view text, const TextStyle& style) const;

    // Splits text into lines that fit `width` (exposed for tests).
    std::vector<std::string> wrapLines(std::string_view text, float width, FontRole role) const;

private:
    std::string fitWithEllipsis(std::string_view text, float width, FontRole role) const;
    void drawAligned(ImDrawList* draw, ImVec2 topLeft, float width, const std::string& line, const TextStyle& style) const;

    const FontSet& fonts_;
    bool rtl_ = false;
};

} // namespace kiosk::ui
