// Bidirectional text (UAX #9) with FriBidi: paragraph direction, embedding levels, and the
// visual order of a line. Lines are wrapped in logical order first, then reordered one by one.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::text {

enum class Direction { LeftToRight, RightToLeft };

// Direction of a paragraph by its first strong character (rule P2); `fallback` when it has
// none (digits or punctuation only), usually the interface language's direction.
Direction paragraphDirection(std::u32string_view text, Direction fallback);

// Resolved embedding level of every character (even: left to right, odd: right to left).
std::vector<std::uint8_t> embeddingLevels(std::u32string_view text, Direction base);

// Logical indices of the characters of a line in visual (left-to-right) order, given their
// levels (rule L2: reverse every run at or above each odd level, highest first).
std::vector<std::size_t> visualOrder(const std::vector<std::uint8_t>& levels);

// The line as it appears on screen, left to right, with mirrored brackets in right-to-left
// runs. For tests and logs; drawing uses the shaped glyphs of text_layout.h.
std::u32string visualString(std::u32string_view line, Direction base);

} // namespace kiosk::text
