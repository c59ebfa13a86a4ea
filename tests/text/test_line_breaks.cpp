#include "u32_printer.h"

#include <string>

#include "kiosk/text/line_breaks.h"

using kiosk::text::BreakKind;
using kiosk::text::findLineBreaks;

namespace {

// The text split at every break opportunity.
std::vector<std::u32string> pieces(std::u32string_view text, std::string_view language = {}) {
    const auto breaks = findLineBreaks(text, language);
    std::vector<std::u32string> out(1);
    for (std::size_t i = 0; i < text.size(); ++i) {
        out.back() += text[i];
        if (breaks[i] != BreakKind::None && i + 1 < text.size()) out.emplace_back();
    }
    return out;
}

} // namespace

TEST_SUITE("text") {

TEST_CASE("line breaks: Latin breaks after spaces only") {
    CHECK(pieces(U"the blue-and-white porcelain") == std::vector<std::u32string>{U"the ", U"blue-", U"and-", U"white ", U"porcelain"});
    const auto breaks = findLineBreaks(U"abc");
    CHECK(breaks == std::vector<BreakKind>{BreakKind::None, BreakKind::None, BreakKind::Mandatory});
}

TEST_CASE("line breaks: CJK breaks between ideographs but never before closing punctuation") {
    const auto p = pieces(U"中国瓷器，走向世界。「游戏」好", "zh-Hans");
    CHECK(p == std::vector<std::u32string>{U"中", U"国", U"瓷", U"器，", U"走", U"向", U"世", U"界。", U"「游", U"戏」", U"好"});
    for (const auto& piece : p) {
        CHECK(piece.front() != U'，');
        CHECK(piece.front() != U'。');
        CHECK(piece.front() != U'」');
        CHECK(piece.back() != U'「');
    }
}

TEST_CASE("line breaks: Thai words found by libthai's dictionary") {
    const auto p = pieces(U"ภาษาไทยง่ายนิดเดียว");
    CHECK(p.size() >= 4);
    CHECK(p.front() == U"ภาษา");
    // Never inside a cluster: no piece starts with a combining mark or a following vowel.
    for (const auto& piece : pieces(U"ที่ตั้งปู่น้ำ")) {
        CHECK(piece.front() != U'\u0E48');
        CHECK(piece.front() != U'\u0E49');
        CHECK(piece.front() != U'\u0E31');
        CHECK(piece.front() != U'\u0E39');
    }
}

TEST_CASE("line breaks: newline is mandatory, empty text has no breaks") {
    const auto breaks = findLineBreaks(U"a\nb");
    CHECK(breaks[1] == BreakKind::Mandatory);
    CHECK(findLineBreaks(U"").empty());
}

} // TEST_SUITE
