// Where a line may break, by the Unicode line breaking rules (UAX #14, libunibreak), with
// Thai words found by libthai's dictionary (Thai has no spaces between words).
#pragma once
#include <string_view>
#include <vector>

namespace kiosk::text {

enum class BreakKind : unsigned char {
    None,        // the line must not break after this character
    Allowed,     // a line may break after this character
    Mandatory,   // the line must break after this character (newline)
};

// One entry per character: may a line break after it? The last entry is Mandatory.
// `language` is a BCP 47 code such as "zh-Hans" or "th" (it tunes a few CJK rules).
std::vector<BreakKind> findLineBreaks(std::u32string_view text, std::string_view language = {});

// Loads what line breaking needs once per process (libunibreak's tables, libthai's dictionary:
// ~10 ms on the 2-core test machine). findLineBreaks() does it on first use; start-up calls it
// on a thread of its own so that the first frame does not (any thread, once).
void loadLineBreakData();

} // namespace kiosk::text
