#include "kiosk/text/bidi.h"

#include <algorithm>

#include <fribidi.h>

namespace kiosk::text {
namespace {

std::vector<FriBidiCharType> bidiTypes(std::u32string_view text) {
    std::vector<FriBidiCharType> types(text.size());
    if (!text.empty())
        fribidi_get_bidi_types(reinterpret_cast<const FriBidiChar*>(text.data()), static_cast<FriBidiStrIndex>(text.size()),
                               types.data());
    return types;
}

} // namespace

Direction paragraphDirection(std::u32string_view text, Direction fallback) {
    if (text.empty()) return fallback;
    const auto types = bidiTypes(text);
    const FriBidiParType dir = fribidi_get_par_direction(types.data(), static_cast<FriBidiStrIndex>(types.size()));
    if (dir == FRIBIDI_PAR_RTL) return Direction::RightToLeft;
    if (dir == FRIBIDI_PAR_LTR) return Direction::LeftToRight;
    return fallback;
}

std::vector<std::uint8_t> embeddingLevels(std::u32string_view text, Direction base) {
    std::vector<std::uint8_t> levels(text.size(), base == Direction::RightToLeft ? 1 : 0);
    if (text.empty()) return levels;
    const auto types = bidiTypes(text);
    std::vector<FriBidiBracketType> brackets(text.size());
    fribidi_get_bracket_types(reinterpret_cast<const FriBidiChar*>(text.data()), static_cast<FriBidiStrIndex>(text.size()),
                              types.data(), brackets.data());
    std::vector<FriBidiLevel> raw(text.size());
    FriBidiParType parType = base == Direction::RightToLeft ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
    if (fribidi_get_par_embedding_levels_ex(types.data(), brackets.data(), static_cast<FriBidiStrIndex>(text.size()),
                                            &parType, raw.data()) == 0)
        return levels;   // allocation failure inside FriBidi: keep the base level
    for (std::size_t i = 0; i < text.size(); ++i) levels[i] = static_cast<std::uint8_t>(std::max<int>(0, raw[i]));
    // Rule L1: whitespace at the end of the text takes the paragraph level.
    const std::uint8_t baseLevel = base == Direction::RightToLeft ? 1 : 0;
    for (std::size_t i = text.size(); i-- > 0;) {
        if (types[i] != FRIBIDI_TYPE_WS && types[i] != FRIBIDI_TYPE_BS && types[i] != FRIBIDI_TYPE_SS) break;
        levels[i] = baseLevel;
    }
    return levels;
}

std::vector<std::size_t> visualOrder(const std::vector<std::uint8_t>& levels) {
    std::vector<std::size_t> order(levels.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    if (levels.empty()) return order;
    const std::uint8_t highest = *std::max_element(levels.begin(), levels.end());
    std::uint8_t lowestOdd = 255;
    for (std::uint8_t level : levels)
        if (level % 2 == 1) lowestOdd = std::min(lowestOdd, level);
    if (lowestOdd == 255) return order;   // all left to right
    // `order` holds logical indices; reversing runs of it by their levels gives rule L2.
    for (int level = highest; level >= lowestOdd; --level) {
        std::size_t i = 0;
        while (i < order.size()) {
            if (levels[order[i]] < level) { ++i; continue; }
            std::size_t end = i;
            while (end < order.size() && levels[order[end]] >= level) ++end;
            std::reverse(order.begin() + static_cast<std::ptrdiff_t>(i), order.begin() + static_cast<std::ptrdiff_t>(end));
            i = end;
        }
    }
    return order;
}

std::u32string visualString(std::u32string_view line, Direction base) {
    const auto levels = embeddingLevels(line, base);
    const auto order = visualOrder(levels);
    std::u32string out;
    out.reserve(line.size());
    for (std::size_t index : order) {
        char32_t c = line[index];
        if (levels[index] % 2 == 1) {
            FriBidiChar mirrored = 0;
            if (fribidi_get_mirror_char(c, &mirrored)) c = mirrored;
        }
        out += c;
    }
    return out;
}

} // namespace kiosk::text
