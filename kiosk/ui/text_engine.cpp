#include "kiosk/ui/text_engine.h"

#include <algorithm>
#include <cmath>

#include "kiosk/core/utf8.h"

namespace kiosk::ui {
namespace {

bool isIdeographic(char32_t c) {
    return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF) ||
           (c >= 0x3000 && c <= 0x303F);
}
// Characters that must not start a line (CJK closing punctuation and the like).
bool noBreakBefore(char32_t c) {
    static const std::u32string kChars = U"，。、．・：；！？）」』】〕〉》”’ー…,.;:!?)]}%";
    return kChars.find(c) != std::u32string::npos;
}
// Characters that must not end a line.
bool noBreakAfter(char32_t c) {
    static const std::u32string kChars = U"（「『【〔〈《“‘([{";
    return kChars.find(c) != std::u32string::npos;
}

} // namespace

float TextEngine::lineHeight(const TextStyle& style) const {
    return fonts_.size(style.role) * style.lineSpacing;
}

float TextEngine::lineWidth(std::string_view text, FontRole role) const {
    ImFont* font = fonts_.font(role);
    if (!font) return 0;
    return font->CalcTextSizeA(fonts_.size(role), 1e9f, 0.0f, text.data(), text.data() + text.size()).x;
}

std::vector<std::string> TextEngine::wrapLines(std::string_view text, float width, FontRole role) const {
    std::vector<std::string> lines;
    const std::u32string all = utf8::decode(text);
    std::size_t paragraphStart = 0;
    while (paragraphStart <= all.size()) {
        std::size_t paragraphEnd = all.find(U'\n', paragraphStart);
        if (paragraphEnd == std::u32string::npos) paragraphEnd = all.size();
        const std::u32string paragraph = all.substr(paragraphStart, paragraphEnd - paragraphStart);
        // Break opportunities: after spaces, and between ideographs unless punctuation forbids it.
        std::size_t lineStart = 0;
        while (lineStart < paragraph.size()) {
            std::size_t lastBreak = std::u32string::npos;
            std::size_t end = lineStart;
            while (end < paragraph.size()) {
                const std::string candidate = utf8::encode(paragraph.substr(lineStart, end + 1 - lineStart));
                if (lineWidth(candidate, role) > width && end > lineStart) break;
                const char32_t c = paragraph[end];
                const char32_t next = end + 1 < paragraph.size() ? paragraph[end + 1] : 0;
                if (c == U' ' || (next && (isIdeographic(c) || isIdeographic(next)) && !noBreakBefore(next) && !noBreakAfter(c)))
                    lastBreak = end + 1;
                ++end;
            }
            if (end < paragraph.size() && lastBreak != std::u32string::npos && lastBreak > lineStart) end = lastBreak;
            std::u32string line = paragraph.substr(lineStart, end - lineStart);
            while (!line.empty() && line.back() == U' ') line.pop_back();
            lines.push_back(utf8::encode(line));
            lineStart = end;
            while (lineStart < paragraph.size() && paragraph[lineStart] == U' ') ++lineStart;
        }
        if (paragraph.empty()) lines.emplace_back();
        paragraphStart = paragraphEnd + 1;
    }
    return lines;
}

std::string TextEngine::fitWithEllipsis(std::string_view text, float width, FontRole role) const {
    if (lineWidth(text, role) <= width) return std::string(text);
    std::u32string chars = utf8::decode(text);
    while (!chars.empty()) {
        chars.pop_back();
        std::string candidate = utf8::encode(chars);
        while (!candidate.empty() && candidate.back() == ' ') candidate.pop_back();
        candidate += "\xE2\x80\xA6";
        if (lineWidth(candidate, role) <= width) return candidate;
    }
    return "\xE2\x80\xA6";
}

void TextEngine::drawAligned(ImDrawList* draw, ImVec2 topLeft, float width, const std::string& line,
                             const TextStyle& style) const {
    ImFont* font = fonts_.font(style.role);
    if (!font || line.empty()) return;
    const float w = lineWidth(line, style.role);
    float x = topLeft.x;
    TextAlign align = style.align;
    if (rtl_ && align != TextAlign::Center) align = align == TextAlign::Start ? TextAlign::End : TextAlign::Start;
    if (align == TextAlign::Center) x += (width - w) * 0.5f;
    else if (align == TextAlign::End) x += width - w;
    const float y = topLeft.y + (lineHeight(style) - fonts_.size(style.role)) * 0.5f;
    draw->AddText(font, fonts_.size(style.role), ImVec2(std::floor(x), std::floor(y)), style.color, line.data(),
                  line.data() + line.size());
}

float TextEngine::measureParagraph(std::string_view text, float width, const TextStyle& style) const {
    auto lines = wrapLines(text, width, style.role);
    std::size_t count = lines.size();
    if (style.maxLines > 0) count = std::min<std::size_t>(count, static_cast<std::size_t>(style.maxLines));
    return static_cast<float>(count) * lineHeight(style);
}

float TextEngine::drawParagraph(ImDrawList* draw, ImVec2 topLeft, float width, std::string_view text,
                                const TextStyle& style) const {
    auto lines = wrapLines(text, width, style.role);
    if (style.maxLines > 0 && lines.size() > static_cast<std::size_t>(style.maxLines)) {
        lines.resize(static_cast<std::size_t>(style.maxLines));
        lines.back() = fitWithEllipsis(lines.back() + "\xE2\x80\xA6", width, style.role);
    }
    float y = topLeft.y;
    for (const auto& line : lines) {
        drawAligned(draw, ImVec2(topLeft.x, y), width, line, style);
        y += lineHeight(style);
    }
    return y - topLeft.y;
}

void TextEngine::drawLine(ImDrawList* draw, ImVec2 topLeft, float width, std::string_view text,
                          const TextStyle& style) const {
    std::string_view firstLine = text.substr(0, text.find('\n'));
    drawAligned(draw, topLeft, width, fitWithEllipsis(firstLine, width, style.role), style);
}

} // namespace kiosk::ui
