// The one text API the screens use: draw a paragraph in a box (wrap, align, direction),
// measure it, draw a single line with an ellipsis. Screens never call ImGui text functions
// on content text directly: here text is shaped (HarfBuzz), wrapped by Unicode rules
// (libunibreak, libthai), reordered (FriBidi) by kiosk_text, and drawn as glyph quads from
// the atlas FontSet built. Layouts are cached per (text, width, style), so a static screen
// does not shape again every frame.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <imgui.h>
#include <imgui_internal.h>

#include "kiosk/text/text_layout.h"
#include "kiosk/ui/font_set.h"
#include "kiosk/ui/theme.h"

namespace kiosk::ui {

// Start is where the paragraph's own direction starts: the left for left-to-right text, the
// right for right-to-left text (Arabic is right-aligned). Text without strong characters
// (numbers) takes the interface direction.
enum class TextAlign { Start, Center, End };

struct TextStyle {
    FontRole role = FontRole::Body;
    ImU32 color = IM_COL32_WHITE;
    TextAlign align = TextAlign::Start;
    float lineSpacing = 1.3f;     // line height as a multiple of the font size
    int maxLines = 0;             // 0: no limit; otherwise the last line ends with an ellipsis
};

// How a label fits its box: the largest role first, shrinking role by role (Display, Title,
// Heading, Body, Label, Caption) down to `floor` on one line; if no role holds it on one line,
// wrapped into at most `maxLines` lines, again from the largest role down. Never cut mid-word.
struct FitRule {
    FontRole largest = FontRole::Heading;
    FontRole floor = FontRole::Label;
    int maxLines = 2;
    float lineSpacing = 1.15f;
};

struct FittedText {
    FontRole role = FontRole::Body;
    int lines = 1;
    float height = 0;          // lines x line height
    bool fits = false;         // false: even the floor role needed more lines, a wider box or a mid-word break
    std::string problem;       // why it does not fit (for tests and logs)
};

class TextEngine {
public:
    explicit TextEngine(const FontSet& fonts) : fonts_(fonts) {}

    // Direction of the interface language: the direction of text without strong characters.
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

    // The role and line count `text` takes in a box of `width` x `height` by `rule` (cached layouts).
    FittedText fit(std::string_view text, float width, float height, const FitRule& rule) const;
    // Draws `text` fitted into `box`, centred vertically; returns what was drawn.
    FittedText drawFitted(ImDrawList* draw, const ImRect& box, std::string_view text, const FitRule& rule, ImU32 color,
                          TextAlign align) const;

    // Splits text into lines that fit `width`, in logical order (exposed for tests).
    std::vector<std::string> wrapLines(std::string_view text, float width, FontRole role) const;

    // The laid-out lines (cached) of text wrapped to `width` (<= 0: no wrapping).
    const text::TextLayout& layout(std::string_view text, float width, FontRole role, int maxLines) const;
    std::size_t cachedLayouts() const { return cache_.size(); }
    std::size_t layoutsMade() const { return layoutsMade_; }   // cache misses since start
    void clearCache() const;

private:
    void drawLaidOutLine(ImDrawList* draw, ImVec2 topLeft, float width, const text::LaidOutLine& line,
                         const TextStyle& style) const;

    const FontSet& fonts_;
    bool rtl_ = false;
    // Over text::limits' count or bytes, the least recently used half goes (not the whole cache:
    // the screen shown keeps its layouts, whatever idle-time rehearsals laid out before).
    void evictLeastRecentlyUsed() const;
    struct CachedLayout {
        std::unique_ptr<text::TextLayout> layout;
        std::uint64_t lastUse = 0;
    };
    mutable std::unordered_map<std::string, CachedLayout> cache_;
    mutable std::size_t cacheTextBytes_ = 0;
    mutable std::uint64_t useClock_ = 0;
    mutable std::size_t layoutsMade_ = 0;
};

} // namespace kiosk::ui
