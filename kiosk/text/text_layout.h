// Paragraph layout: UTF-8 text in, positioned glyphs out. Per paragraph: pick a face per
// character, shape in logical order to measure, wrap at the break opportunities of
// line_breaks.h (greedy, linear in the text length), then reorder each line by bidi levels and
// shape it again run by run. Knows nothing of ImGui; the UI draws the glyphs.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/text/bidi.h"
#include "kiosk/text/font_stack.h"

namespace kiosk::text {

struct PositionedGlyph {
    std::uint32_t glyph = 0;
    int face = kNoFace;      // kNoFace: no font has the character; draw a box `advance` wide
    float x = 0;             // pen position from the line's left edge, pixels
    float y = 0;             // offset from the baseline, pixels, positive down
    float advance = 0;
};

struct LaidOutLine {
    std::vector<PositionedGlyph> glyphs;   // left to right
    float width = 0;
    Direction direction = Direction::LeftToRight;   // the paragraph's direction
};

struct LayoutOptions {
    float sizePx = 30;
    float maxWidthPx = 0;     // <= 0: no wrapping
    int maxLines = 0;         // 0: no limit; else the last line ends with an ellipsis
    Direction fallbackDirection = Direction::LeftToRight;   // for text without strong characters
    std::string language;     // tunes line breaking (e.g. "zh-Hans", "ja")
};

struct TextLayout {
    std::vector<LaidOutLine> lines;
    bool truncated = false;   // maxLines cut the text (an ellipsis was added)
    bool uncoveredText = false;   // some characters had no font (drawn as boxes)
    float width() const;
};

TextLayout layoutText(const FontStack& fonts, std::string_view utf8Text, const LayoutOptions& options);

// Calls `visit(face, glyph)` for every glyph the text shapes to (paragraph by paragraph, in
// logical order, without wrapping): what a glyph atlas for this text must hold.
void forEachShapedGlyph(const FontStack& fonts, std::u32string_view text, const std::function<void(int, std::uint32_t)>& visit);

// Calls `visit(face, glyph)` for each character of `chars` that belongs to no script (spaces,
// digits, punctuation: Unicode script Common) in each of `faces` that covers it. Such characters
// stay in the face of the text around them (FontStack::faceFor), so any face text is drawn
// with may draw them: a glyph atlas holds them for every face its text uses.
void forEachNeutralGlyph(const FontStack& fonts, std::u32string_view chars, const std::vector<int>& faces,
                         const std::function<void(int, std::uint32_t)>& visit);

// A glyph at one size, as the atlas keys it.
std::uint64_t glyphKey(int face, std::uint32_t glyph, float sizePx);
int glyphKeyFace(std::uint64_t key);
std::uint32_t glyphKeyGlyph(std::uint64_t key);
float glyphKeySizePx(std::uint64_t key);

// Logical lines of the layout as text, before reordering (for tests): the wrap points.
std::vector<std::u32string> wrapLogical(const FontStack& fonts, std::string_view utf8Text, const LayoutOptions& options);

} // namespace kiosk::text
