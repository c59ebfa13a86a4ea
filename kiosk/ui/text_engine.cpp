#include "kiosk/ui/text_engine.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "kiosk/core/log.h"
#include "kiosk/core/utf8.h"
#include "kiosk/text/text_limits.h"

namespace kiosk::ui {
namespace {

template <typename T>
void appendBytes(std::string& key, const T& value) {
    char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    key.append(bytes, sizeof(T));
}

// A letter of a script that separates words with spaces (Latin, Greek, Cyrillic, Arabic, ...).
// Lines of Chinese, Japanese or Thai may break between such letters: their break
// opportunities (libunibreak, libthai) are word boundaries already.
bool isSpacedScriptLetter(char32_t c) {
    if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    return c >= 0xC0 && c < 0x0E00 && c != 0x060C && c != 0x061B && c != 0x061F;   // not Arabic punctuation
}

} // namespace

FittedText TextEngine::fit(std::string_view text, float width, float height, const FitRule& rule) const {
    FittedText result;
    const int largest = static_cast<int>(rule.largest), floor = static_cast<int>(rule.floor);
    const auto heightOf = [&](FontRole role, int lines) { return fonts_.size(role) * rule.lineSpacing * static_cast<float>(lines); };
    // 1. Shrink on one line.
    for (int r = largest; r <= floor; ++r) {
        const FontRole role = static_cast<FontRole>(r);
        if (layout(text, 0, role, 0).width() <= width && heightOf(role, 1) <= height + 0.5f) {
            result.role = role;
            result.lines = 1;
            result.height = heightOf(role, 1);
            result.fits = true;
            return result;
        }
    }
    // 2. Wrap, largest role first, at word boundaries only.
    text::LayoutOptions options;
    options.maxWidthPx = width;
    options.fallbackDirection = rtl_ ? text::Direction::RightToLeft : text::Direction::LeftToRight;
    for (int r = largest; r <= floor; ++r) {
        const FontRole role = static_cast<FontRole>(r);
        options.sizePx = fonts_.size(role);
        const auto lines = text::wrapLogical(fonts_.faces(role), text, options);
        const int count = static_cast<int>(lines.size());
        std::string problem;
        if (count > std::max(1, rule.maxLines)) problem = std::to_string(count) + " lines (at most " + std::to_string(rule.maxLines) + ")";
        else if (heightOf(role, count) > height + 0.5f) problem = "taller than its box";
        // A line boundary inside a word: the letters on both sides were one word in the text
        // (the wrap drops the spaces it breaks at, so the text itself is looked at).
        const std::u32string all = utf8::decode(text);
        std::size_t at = 0;
        for (std::size_t i = 0; problem.empty() && i + 1 < lines.size(); ++i) {
            const std::size_t found = lines[i].empty() ? std::u32string::npos : all.find(lines[i], at);
            if (found == std::u32string::npos) continue;
            at = found + lines[i].size();
            if (at < all.size() && !lines[i + 1].empty() && all[at] == lines[i + 1].front() && isSpacedScriptLetter(lines[i].back()) &&
                isSpacedScriptLetter(all[at]))
                problem = "a word is cut between lines " + std::to_string(i + 1) + " and " + std::to_string(i + 2);
        }
        const text::TextLayout& laidOut = layout(text, width, role, 0);
        if (problem.empty() && laidOut.width() > width + 0.5f) problem = "a line is wider than its box";
        result.role = role;
        result.lines = std::min(std::max(1, count), std::max(1, rule.maxLines));
        result.height = heightOf(role, result.lines);
        if (problem.empty()) {
            result.fits = true;
            result.problem.clear();
            return result;
        }
        result.problem = problem + " at " + std::to_string(static_cast<int>(fonts_.size(role))) + " px";
    }
    return result;   // the floor role, wrapped: may overflow; tests/ui reports it
}

FittedText TextEngine::drawFitted(ImDrawList* draw, const ImRect& box, std::string_view text, const FitRule& rule, ImU32 color,
                                  TextAlign align) const {
    const FittedText fitted = fit(text, box.GetWidth(), box.GetHeight(), rule);
    const TextStyle style{fitted.role, color, align, rule.lineSpacing, fitted.fits ? 0 : std::max(1, rule.maxLines)};
    const float y = box.Min.y + std::max(0.0f, (box.GetHeight() - fitted.height) * 0.5f);
    drawParagraph(draw, ImVec2(box.Min.x, y), box.GetWidth(), text, style);
    return fitted;
}

float TextEngine::lineHeight(const TextStyle& style) const {
    return fonts_.size(style.role) * style.lineSpacing;
}

void TextEngine::clearCache() const {
    cache_.clear();
    cacheTextBytes_ = 0;
}

const text::TextLayout& TextEngine::layout(std::string_view text, float width, FontRole role, int maxLines) const {
    std::string key;
    key.reserve(text.size() + 16);
    appendBytes(key, static_cast<int>(role));
    appendBytes(key, fonts_.size(role));
    appendBytes(key, width > 0 ? width : 0.0f);
    appendBytes(key, std::max(0, maxLines));
    key += rtl_ ? 'r' : 'l';
    key.append(text);
    const auto it = cache_.find(key);
    if (it != cache_.end()) {
        it->second.lastUse = ++useClock_;
        return *it->second.layout;
    }
    if (cache_.size() >= text::limits::kMaxCachedLayouts || cacheTextBytes_ > text::limits::kMaxCachedLayoutTextBytes)
        evictLeastRecentlyUsed();
    text::LayoutOptions options;
    options.sizePx = fonts_.size(role);
    options.maxWidthPx = width;
    options.maxLines = std::max(0, maxLines);
    options.fallbackDirection = rtl_ ? text::Direction::RightToLeft : text::Direction::LeftToRight;
    auto laidOut = std::make_unique<text::TextLayout>(text::layoutText(fonts_.faces(role), text, options));
    if (laidOut->uncoveredText)
        log::warnOnce("text-uncovered:" + utf8::sanitize(text.substr(0, 64)),
                      "no installed font has some characters of \"" + utf8::sanitize(text.substr(0, 64)) +
                          "\"; they are drawn as boxes");
    cacheTextBytes_ += key.size();
    ++layoutsMade_;
    return *cache_.emplace(std::move(key), CachedLayout{std::move(laidOut), ++useClock_}).first->second.layout;
}

void TextEngine::evictLeastRecentlyUsed() const {
    if (cache_.empty()) return;
    std::vector<std::uint64_t> uses;
    uses.reserve(cache_.size());
    for (const auto& [key, entry] : cache_) uses.push_back(entry.lastUse);
    const auto middle = uses.begin() + static_cast<std::ptrdiff_t>(uses.size() / 2);
    std::nth_element(uses.begin(), middle, uses.end());
    const std::uint64_t cutoff = *middle;   // the older half (and ties) go
    for (auto it = cache_.begin(); it != cache_.end();) {
        if (it->second.lastUse <= cutoff) {
            cacheTextBytes_ -= it->first.size();
            it = cache_.erase(it);
        } else {
            ++it;
        }
    }
}

float TextEngine::lineWidth(std::string_view text, FontRole role) const {
    return layout(text, 0, role, 0).width();
}

std::vector<std::string> TextEngine::wrapLines(std::string_view text, float width, FontRole role) const {
    text::LayoutOptions options;
    options.sizePx = fonts_.size(role);
    options.maxWidthPx = width;
    options.fallbackDirection = rtl_ ? text::Direction::RightToLeft : text::Direction::LeftToRight;
    std::vector<std::string> lines;
    for (const auto& line : text::wrapLogical(fonts_.faces(role), text, options)) lines.push_back(utf8::encode(line));
    return lines;
}

void TextEngine::drawLaidOutLine(ImDrawList* draw, ImVec2 topLeft, float width, const text::LaidOutLine& line,
                                 const TextStyle& style) const {
    if (line.glyphs.empty()) return;
    const bool lineRtl = line.direction == text::Direction::RightToLeft;
    float x = topLeft.x;
    TextAlign align = style.align;
    if (lineRtl && align != TextAlign::Center) align = align == TextAlign::Start ? TextAlign::End : TextAlign::Start;
    if (align == TextAlign::Center) x += (width - line.width) * 0.5f;
    else if (align == TextAlign::End) x += width - line.width;
    x = std::floor(x);
    const float size = fonts_.size(style.role);
    const float baseline = std::round(topLeft.y + (lineHeight(style) - size) * 0.5f + fonts_.faces(style.role).ascentPx(size));
    const ImTextureID texture = fonts_.texture();
    const ImVec2 clipMin = draw->GetClipRectMin(), clipMax = draw->GetClipRectMax();
    if (baseline - size * 2 > clipMax.y || baseline + size < clipMin.y) return;   // line outside the clip rect
    draw->PushTextureID(texture);
    const auto drawBox = [&](const text::PositionedGlyph& g) {
        const ImVec2 a(x + std::round(g.x + g.advance * 0.12f), baseline - std::round(size * 0.62f));
        const ImVec2 b(x + std::round(g.x + g.advance * 0.88f), baseline);
        if (b.x <= a.x) return;
        draw->AddRect(a, b, style.color, 0.0f, 0, std::max(1.0f, std::round(size / 18.0f)));
    };
    for (const text::PositionedGlyph& g : line.glyphs) {
        if (g.face == text::kNoFace) {
            // No font has this character: a visible box instead of nothing.
            drawBox(g);
            continue;
        }
        const AtlasGlyph* glyph = fonts_.glyph(fonts_.glyphKey(style.role, g.face, g.glyph));
        if (!glyph) {
            // Not in the atlas yet (text made at run time): the fallback box until the
            // background rebuild that adds it is swapped in (FontSet::startGlyphRebuild).
            drawBox(g);
            continue;
        }
        if (glyph->width <= 0) continue;
        ImVec2 a(x + std::round(g.x) + glyph->left, baseline + std::round(g.y) - glyph->top);
        ImVec2 b(a.x + glyph->width, a.y + glyph->height);
        ImVec2 uv0 = glyph->uv0, uv1 = glyph->uv1;
        // Clip on the CPU, as ImGui does for its own text: SDL's software renderer can crash
        // on textured quads that reach past the edge of the frame.
        if (b.x <= clipMin.x || a.x >= clipMax.x || b.y <= clipMin.y || a.y >= clipMax.y) continue;
        if (a.x < clipMin.x) { uv0.x += (uv1.x - uv0.x) * (clipMin.x - a.x) / (b.x - a.x); a.x = clipMin.x; }
        if (a.y < clipMin.y) { uv0.y += (uv1.y - uv0.y) * (clipMin.y - a.y) / (b.y - a.y); a.y = clipMin.y; }
        if (b.x > clipMax.x) { uv1.x -= (uv1.x - uv0.x) * (b.x - clipMax.x) / (b.x - a.x); b.x = clipMax.x; }
        if (b.y > clipMax.y) { uv1.y -= (uv1.y - uv0.y) * (b.y - clipMax.y) / (b.y - a.y); b.y = clipMax.y; }
        draw->PrimReserve(6, 4);
        draw->PrimRectUV(a, b, uv0, uv1, style.color);
    }
    draw->PopTextureID();
}

float TextEngine::measureParagraph(std::string_view text, float width, const TextStyle& style) const {
    return static_cast<float>(layout(text, width, style.role, style.maxLines).lines.size()) * lineHeight(style);
}

float TextEngine::drawParagraph(ImDrawList* draw, ImVec2 topLeft, float width, std::string_view text,
                                const TextStyle& style) const {
    const text::TextLayout& laidOut = layout(text, width, style.role, style.maxLines);
    float y = topLeft.y;
    for (const auto& line : laidOut.lines) {
        drawLaidOutLine(draw, ImVec2(topLeft.x, y), width, line, style);
        y += lineHeight(style);
    }
    return y - topLeft.y;
}

void TextEngine::drawLine(ImDrawList* draw, ImVec2 topLeft, float width, std::string_view text,
                          const TextStyle& style) const {
    const std::string_view firstLine = text.substr(0, text.find('\n'));
    const text::TextLayout& laidOut = layout(firstLine, std::max(1.0f, width), style.role, 1);
    if (!laidOut.lines.empty()) drawLaidOutLine(draw, topLeft, width, laidOut.lines.front(), style);
}

} // namespace kiosk::ui
