#include "kiosk/text/text_layout.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>

#include <hb.h>

#include "kiosk/core/log.h"
#include "kiosk/core/utf8.h"
#include "kiosk/text/line_breaks.h"
#include "kiosk/text/text_limits.h"

namespace kiosk::text {
namespace {

constexpr char32_t kEllipsis = U'\u2026';

struct BufferDeleter {
    void operator()(hb_buffer_t* b) const { hb_buffer_destroy(b); }
};
using Buffer = std::unique_ptr<hb_buffer_t, BufferDeleter>;

bool isWhitespace(char32_t c) { return c == U' ' || c == U'\u3000' || c == U'\u00A0' || c == U'\t'; }
bool isParagraphSeparator(char32_t c) { return c == U'\n' || c == U'\u2028' || c == U'\u2029' || c == U'\v' || c == U'\f'; }

// Text split into paragraphs, with control characters dropped and overlong text cut.
std::vector<std::u32string> paragraphsOf(std::string_view utf8Text) {
    std::u32string all = utf8::decode(utf8Text);   // invalid sequences become U+FFFD
    if (all.size() > limits::kMaxLayoutCodepoints) {
        log::warnOnce("text-too-long", "a text of " + std::to_string(all.size()) + " characters was cut to " +
                                           std::to_string(limits::kMaxLayoutCodepoints));
        all.resize(limits::kMaxLayoutCodepoints);
    }
    std::vector<std::u32string> paragraphs(1);
    for (char32_t c : all) {
        if (isParagraphSeparator(c)) { paragraphs.emplace_back(); continue; }
        if (c == U'\t') c = U' ';
        if (c < 0x20 || (c >= 0x7F && c < 0xA0)) continue;   // other control characters
        paragraphs.back() += c;
    }
    return paragraphs;
}

struct Paragraph {
    std::u32string text;
    Direction direction = Direction::LeftToRight;
    std::vector<int> faces;          // per character
    std::vector<std::uint8_t> levels;
    std::vector<float> prefix;       // prefix[i]: width of characters [0, i), logical shaping
    std::vector<bool> clusterStart;  // a line may be cut before this character in an emergency
};

std::vector<int> itemizeFaces(const FontStack& fonts, std::u32string_view text) {
    std::vector<int> faces(text.size(), kNoFace);
    int previous = kNoFace;
    for (std::size_t i = 0; i < text.size(); ++i) {
        faces[i] = fonts.faceFor(text[i], previous);
        previous = faces[i];
    }
    // Leading neutrals (a quote, a digit) take the face of the text that follows them.
    std::size_t firstStrong = 0;
    while (firstStrong < text.size()) {
        const hb_script_t script = hb_unicode_script(hb_unicode_funcs_get_default(), text[firstStrong]);
        if (script != HB_SCRIPT_COMMON && script != HB_SCRIPT_INHERITED) break;
        ++firstStrong;
    }
    if (firstStrong < text.size())
        for (std::size_t i = 0; i < firstStrong; ++i)
            if (faces[i] != faces[firstStrong] && fonts.covers(faces[firstStrong], text[i])) faces[i] = faces[firstStrong];
    return faces;
}

// Shapes text[start, start+length) (with the rest as context) in one face.
void shapeRun(const FontStack& fonts, hb_buffer_t* buffer, std::u32string_view text, std::size_t start, std::size_t length,
              int face, bool rightToLeft) {
    hb_buffer_clear_contents(buffer);
    hb_buffer_add_utf32(buffer, reinterpret_cast<const std::uint32_t*>(text.data()), static_cast<int>(text.size()),
                        static_cast<unsigned>(start), static_cast<int>(length));
    hb_buffer_guess_segment_properties(buffer);
    hb_buffer_set_direction(buffer, rightToLeft ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
    hb_shape(fonts.shapingFont(face), buffer, nullptr, 0);
}

Paragraph prepare(const FontStack& fonts, hb_buffer_t* buffer, std::u32string text, const LayoutOptions& options) {
    Paragraph p;
    p.text = std::move(text);
    const std::size_t n = p.text.size();
    p.direction = paragraphDirection(p.text, options.fallbackDirection);
    p.faces = itemizeFaces(fonts, p.text);
    p.levels = embeddingLevels(p.text, p.direction);
    std::vector<float> advance(n, 0.0f);
    p.clusterStart.assign(n + 1, false);
    p.clusterStart[n] = true;
    std::size_t i = 0;
    while (i < n) {
        std::size_t end = i + 1;
        while (end < n && p.faces[end] == p.faces[i] && (p.levels[end] & 1) == (p.levels[i] & 1)) ++end;
        const int face = p.faces[i];
        if (face == kNoFace) {
            for (std::size_t k = i; k < end; ++k) {
                advance[k] = fonts.boxAdvancePx(options.sizePx);
                p.clusterStart[k] = true;
            }
        } else {
            shapeRun(fonts, buffer, p.text, i, end - i, face, (p.levels[i] & 1) != 0);
            unsigned count = 0;
            const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buffer, &count);
            const hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buffer, &count);
            const float scale = fonts.pixelsPerUnit(face, options.sizePx);
            for (unsigned g = 0; g < count; ++g) {
                const std::size_t cluster = std::min<std::size_t>(info[g].cluster, n - 1);
                advance[cluster] += static_cast<float>(pos[g].x_advance) * scale;
                p.clusterStart[cluster] = true;
            }
        }
        i = end;
    }
    p.prefix.assign(n + 1, 0.0f);
    for (std::size_t k = 0; k < n; ++k) p.prefix[k + 1] = p.prefix[k] + advance[k];
    return p;
}

struct LineRange {
    std::size_t start, end;   // logical characters [start, end), trailing spaces excluded
};

// Greedy wrapping at break opportunities. Each character is visited a bounded number of times.
std::vector<LineRange> wrap(const Paragraph& p, const LayoutOptions& options) {
    std::vector<LineRange> lines;
    const std::size_t n = p.text.size();
    if (n == 0) return {{0, 0}};
    const auto breaks = findLineBreaks(p.text, options.language);
    const bool noWrap = options.maxWidthPx <= 0;
    std::size_t start = 0;
    std::size_t lastBreak = n;   // n: none yet
    const auto emit = [&](std::size_t end) {
        std::size_t trimmed = end;
        while (trimmed > start && isWhitespace(p.text[trimmed - 1])) --trimmed;
        lines.push_back({start, trimmed});
        start = end;
        lastBreak = n;
    };
    std::size_t i = 0;
    while (i < n && lines.size() < limits::kMaxLinesPerParagraph) {
        const bool overflow = !noWrap && !isWhitespace(p.text[i]) && i > start &&
                              p.prefix[i + 1] - p.prefix[start] > options.maxWidthPx;
        if (overflow) {
            std::size_t end;
            if (lastBreak != n && lastBreak >= start && lastBreak < i) {
                end = lastBreak + 1;
            } else {
                end = i;   // no opportunity in the line: cut the word at a cluster boundary
                while (end > start + 1 && !p.clusterStart[end]) --end;
            }
            emit(end);
            i = start;
            continue;
        }
        if (breaks[i] == BreakKind::Mandatory && i + 1 < n) { emit(i + 1); i = start; continue; }
        if (breaks[i] == BreakKind::Allowed) lastBreak = i;
        ++i;
    }
    if (start < n && lines.size() < limits::kMaxLinesPerParagraph) emit(n);
    return lines;
}

// Reorders a line by its levels and shapes it run by run, left to right.
LaidOutLine shapeLine(const FontStack& fonts, hb_buffer_t* buffer, std::u32string_view text, const std::vector<int>& faces,
                      const std::vector<std::uint8_t>& levels, Direction direction, float sizePx) {
    LaidOutLine line;
    line.direction = direction;
    const std::size_t n = text.size();
    if (n == 0) return line;
    const std::vector<std::size_t> order = visualOrder(levels);
    float pen = 0;
    std::size_t v = 0;
    while (v < n) {
        const std::size_t first = order[v];
        const bool rtl = (levels[first] & 1) != 0;
        std::size_t w = v + 1;
        // A visual run: same level and face, logically contiguous.
        while (w < n) {
            const std::size_t expected = rtl ? order[w - 1] - 1 : order[w - 1] + 1;
            if (order[w] != expected || levels[order[w]] != levels[first] || faces[order[w]] != faces[first]) break;
            ++w;
        }
        const std::size_t lo = rtl ? order[w - 1] : first;
        const std::size_t count = w - v;
        const int face = faces[first];
        if (face == kNoFace) {
            for (std::size_t k = 0; k < count; ++k) {
                PositionedGlyph g;
                g.face = kNoFace;
                g.x = pen;
                g.advance = fonts.boxAdvancePx(sizePx);
                pen += g.advance;
                line.glyphs.push_back(g);
            }
        } else {
            shapeRun(fonts, buffer, text, lo, count, face, rtl);
            unsigned glyphCount = 0;
            const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buffer, &glyphCount);
            const hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buffer, &glyphCount);
            const float scale = fonts.pixelsPerUnit(face, sizePx);
            for (unsigned g = 0; g < glyphCount; ++g) {
                PositionedGlyph glyph;
                glyph.glyph = info[g].codepoint;
                glyph.face = face;
                glyph.x = pen + static_cast<float>(pos[g].x_offset) * scale;
                glyph.y = -static_cast<float>(pos[g].y_offset) * scale;
                glyph.advance = static_cast<float>(pos[g].x_advance) * scale;
                pen += glyph.advance;
                line.glyphs.push_back(glyph);
            }
        }
        v = w;
    }
    line.width = pen;
    return line;
}

LaidOutLine shapeRange(const FontStack& fonts, hb_buffer_t* buffer, const Paragraph& p, LineRange range, float sizePx) {
    const std::u32string_view text = std::u32string_view(p.text).substr(range.start, range.end - range.start);
    std::vector<int> faces(p.faces.begin() + static_cast<std::ptrdiff_t>(range.start),
                           p.faces.begin() + static_cast<std::ptrdiff_t>(range.end));
    std::vector<std::uint8_t> levels(p.levels.begin() + static_cast<std::ptrdiff_t>(range.start),
                                     p.levels.begin() + static_cast<std::ptrdiff_t>(range.end));
    return shapeLine(fonts, buffer, text, faces, levels, p.direction, sizePx);
}

// The text from `start` to the end of the paragraph, cut to fit with an ellipsis.
LaidOutLine ellipsize(const FontStack& fonts, hb_buffer_t* buffer, const Paragraph& p, std::size_t start,
                      const LayoutOptions& options) {
    const std::u32string ellipsis(1, kEllipsis);
    const int ellipsisFace = fonts.faceFor(kEllipsis, kNoFace);
    float ellipsisWidth = fonts.boxAdvancePx(options.sizePx);
    if (ellipsisFace != kNoFace) {
        shapeRun(fonts, buffer, ellipsis, 0, 1, ellipsisFace, false);
        unsigned count = 0;
        const hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buffer, &count);
        ellipsisWidth = 0;
        for (unsigned g = 0; g < count; ++g) ellipsisWidth += static_cast<float>(pos[g].x_advance) * fonts.pixelsPerUnit(ellipsisFace, options.sizePx);
    }
    const float room = options.maxWidthPx > 0 ? options.maxWidthPx - ellipsisWidth : 1e30f;
    std::size_t end = start;
    for (std::size_t k = start + 1; k <= p.text.size(); ++k) {
        if (p.prefix[k] - p.prefix[start] > room) break;
        if (p.clusterStart[k]) end = k;
    }
    while (end > start && isWhitespace(p.text[end - 1])) --end;
    std::u32string cut = p.text.substr(start, end - start) + ellipsis;
    std::vector<int> faces(p.faces.begin() + static_cast<std::ptrdiff_t>(start), p.faces.begin() + static_cast<std::ptrdiff_t>(end));
    faces.push_back(ellipsisFace);
    const std::vector<std::uint8_t> levels = embeddingLevels(cut, p.direction);
    return shapeLine(fonts, buffer, cut, faces, levels, p.direction, options.sizePx);
}

} // namespace

float TextLayout::width() const {
    float w = 0;
    for (const auto& line : lines) w = std::max(w, line.width);
    return w;
}

TextLayout layoutText(const FontStack& fonts, std::string_view utf8Text, const LayoutOptions& options) {
    TextLayout layout;
    Buffer buffer(hb_buffer_create());
    auto paragraphs = paragraphsOf(utf8Text);
    for (std::size_t pi = 0; pi < paragraphs.size(); ++pi) {
        const Paragraph p = prepare(fonts, buffer.get(), std::move(paragraphs[pi]), options);
        if (std::find(p.faces.begin(), p.faces.end(), kNoFace) != p.faces.end()) layout.uncoveredText = true;
        const auto ranges = wrap(p, options);
        for (std::size_t li = 0; li < ranges.size(); ++li) {
            const bool lastAllowed = options.maxLines > 0 && layout.lines.size() + 1 == static_cast<std::size_t>(options.maxLines);
            const bool moreFollows = li + 1 < ranges.size() || pi + 1 < paragraphs.size();
            if (lastAllowed && moreFollows) {
                layout.lines.push_back(ellipsize(fonts, buffer.get(), p, ranges[li].start, options));
                layout.truncated = true;
                return layout;
            }
            layout.lines.push_back(shapeRange(fonts, buffer.get(), p, ranges[li], options.sizePx));
        }
    }
    return layout;
}

std::vector<std::u32string> wrapLogical(const FontStack& fonts, std::string_view utf8Text, const LayoutOptions& options) {
    std::vector<std::u32string> out;
    Buffer buffer(hb_buffer_create());
    for (auto& text : paragraphsOf(utf8Text)) {
        const Paragraph p = prepare(fonts, buffer.get(), std::move(text), options);
        for (const auto& range : wrap(p, options)) out.push_back(p.text.substr(range.start, range.end - range.start));
    }
    return out;
}

void forEachShapedGlyph(const FontStack& fonts, std::u32string_view text, const std::function<void(int, std::uint32_t)>& visit) {
    Buffer buffer(hb_buffer_create());
    std::size_t start = 0;
    LayoutOptions options;
    while (start < text.size()) {
        std::size_t end = start;
        while (end < text.size() && !isParagraphSeparator(text[end])) ++end;
        if (end > start) {
            const Paragraph p = prepare(fonts, buffer.get(), std::u32string(text.substr(start, end - start)), options);
            std::size_t i = 0;
            while (i < p.text.size()) {
                std::size_t runEnd = i + 1;
                while (runEnd < p.text.size() && p.faces[runEnd] == p.faces[i] && (p.levels[runEnd] & 1) == (p.levels[i] & 1)) ++runEnd;
                if (p.faces[i] != kNoFace) {
                    shapeRun(fonts, buffer.get(), p.text, i, runEnd - i, p.faces[i], (p.levels[i] & 1) != 0);
                    unsigned count = 0;
                    const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buffer.get(), &count);
                    for (unsigned g = 0; g < count; ++g) visit(p.faces[i], info[g].codepoint);
                }
                i = runEnd;
            }
        }
        start = end + 1;
    }
}

void forEachNeutralGlyph(const FontStack& fonts, std::u32string_view chars, const std::vector<int>& faces,
                         const std::function<void(int, std::uint32_t)>& visit) {
    for (char32_t c : chars) {
        if (hb_unicode_script(hb_unicode_funcs_get_default(), c) != HB_SCRIPT_COMMON) continue;
        for (int face : faces) {
            if (face < 0 || face >= fonts.faceCount() || !fonts.covers(face, c)) continue;
            hb_codepoint_t glyph = 0;
            if (hb_font_get_nominal_glyph(fonts.shapingFont(face), c, &glyph)) visit(face, glyph);
        }
    }
}

std::uint64_t glyphKey(int face, std::uint32_t glyph, float sizePx) {
    const auto quarterPx = static_cast<std::uint64_t>(std::lround(std::max(0.0f, sizePx) * 4.0f)) & 0xFFFFFu;
    return (static_cast<std::uint64_t>(static_cast<std::uint8_t>(face + 1)) << 56) |
           (static_cast<std::uint64_t>(glyph & 0xFFFFFFFFu) << 20) | quarterPx;
}
int glyphKeyFace(std::uint64_t key) { return static_cast<int>(key >> 56) - 1; }
std::uint32_t glyphKeyGlyph(std::uint64_t key) { return static_cast<std::uint32_t>((key >> 20) & 0xFFFFFFFFu); }
float glyphKeySizePx(std::uint64_t key) { return static_cast<float>(key & 0xFFFFFu) / 4.0f; }

} // namespace kiosk::text
