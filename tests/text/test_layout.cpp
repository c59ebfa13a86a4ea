// Layout on strings, without rendering: wrapping, ellipsis, faces, bad input.
#include "u32_printer.h"

#include "kiosk/core/utf8.h"
#include "kiosk/text/text_layout.h"

using namespace kiosk::text;

namespace {

const FontStack& fonts() {
    static const FontStack stack(findScriptFaces(false));
    return stack;
}

LayoutOptions wrapAt(float width, float size = 30) {
    LayoutOptions options;
    options.sizePx = size;
    options.maxWidthPx = width;
    return options;
}

} // namespace

TEST_SUITE("text") {

TEST_CASE("layout: the kiosk's scripts have fonts") {
    REQUIRE(fonts().faceCount() >= 4);
    for (char32_t c : std::u32string(U"Aж\u1EC5عก中"))
        CHECK(fonts().faceFor(c, kNoFace) != kNoFace);
}

TEST_CASE("layout: Latin wraps at spaces, every line fits") {
    const std::string text = "Jingdezhen porcelain has travelled the world for a thousand years.";
    const auto lines = wrapLogical(fonts(), text, wrapAt(250));
    REQUIRE(lines.size() >= 2);
    CHECK(lines[0] == U"Jingdezhen porcelain");
    const TextLayout layout = layoutText(fonts(), text, wrapAt(300));
    for (const auto& line : layout.lines) CHECK(line.width <= 300.5f);
}

TEST_CASE("layout: Chinese wraps between ideographs, punctuation stays at line ends") {
    const std::string text = "景德镇瓷器、龙泉青瓷和中国网络文学，正在走向世界。游戏《黑神话：悟空》上线后，全球玩家一起讨论。";
    const auto lines = wrapLogical(fonts(), text, wrapAt(200));
    REQUIRE(lines.size() >= 5);
    for (const auto& line : lines) {
        REQUIRE(!line.empty());
        CHECK(std::u32string(U"，。、：》」").find(line.front()) == std::u32string::npos);
        CHECK(line.back() != U'《');
    }
}

TEST_CASE("layout: Thai wraps between words, not inside them") {
    const std::string text = "ผ้าบาติกอินโดนีเซียและเครื่องลายครามจิงเต๋อเจิ้นมาพบกันที่งานแสดงสินค้า";
    const auto lines = wrapLogical(fonts(), text, wrapAt(220));
    REQUIRE(lines.size() >= 3);
    CHECK(lines[0].substr(0, 3) == U"ผ้า");
    for (const auto& line : lines) CHECK(std::u32string(U"\u0E31\u0E34\u0E35\u0E36\u0E37\u0E38\u0E39\u0E47\u0E48\u0E49\u0E4A\u0E4B\u0E4C").find(line.front()) == std::u32string::npos);
}

TEST_CASE("layout: wrapping happens before reordering (Arabic first words on the first line)") {
    const std::string text = "الصين والدول العربية تتبادل الثقافة والألعاب والرسوم المتحركة";
    const auto lines = wrapLogical(fonts(), text, wrapAt(250));
    REQUIRE(lines.size() >= 2);
    CHECK(lines[0].substr(0, 5) == U"الصين");
    const TextLayout layout = layoutText(fonts(), text, wrapAt(250));
    CHECK(layout.lines[0].direction == Direction::RightToLeft);
}

TEST_CASE("layout: Arabic letters join (shaped glyphs differ from isolated forms)") {
    const TextLayout joined = layoutText(fonts(), "بببب", {});
    const TextLayout isolated = layoutText(fonts(), "ب ب", {});
    REQUIRE(joined.lines.size() == 1);
    REQUIRE(joined.lines[0].glyphs.size() == 4);
    // Initial, medial and final forms are distinct glyphs from the isolated one.
    CHECK(joined.lines[0].glyphs[0].glyph != isolated.lines[0].glyphs[0].glyph);
    CHECK(joined.lines[0].glyphs[1].glyph != joined.lines[0].glyphs[3].glyph);
}

TEST_CASE("layout: maxLines cuts with an ellipsis that fits") {
    LayoutOptions options = wrapAt(200);
    options.maxLines = 2;
    const TextLayout layout = layoutText(fonts(), "one two three four five six seven eight nine ten eleven twelve", options);
    CHECK(layout.truncated);
    REQUIRE(layout.lines.size() == 2);
    CHECK(layout.lines[1].width <= 200.5f);
    const TextLayout single = layoutText(fonts(), "Supercalifragilisticexpialidocious", [] {
        LayoutOptions o = wrapAt(120);
        o.maxLines = 1;
        return o;
    }());
    REQUIRE(single.lines.size() == 1);
    CHECK(single.lines[0].width <= 120.5f);
    CHECK(single.truncated);
    CHECK(single.lines[0].glyphs.size() >= 3);
}

TEST_CASE("layout: a word longer than the line is cut, not lost") {
    const auto lines = wrapLogical(fonts(), "Supercalifragilisticexpialidocious", wrapAt(100));
    CHECK(lines.size() >= 3);
    std::u32string joined;
    for (const auto& line : lines) joined += line;
    CHECK(joined == U"Supercalifragilisticexpialidocious");
}

TEST_CASE("layout: bad input") {
    SUBCASE("invalid UTF-8 becomes replacement characters") {
        const auto lines = wrapLogical(fonts(), std::string("a\xC3\x28z\xFF", 5), wrapAt(0));
        REQUIRE(lines.size() == 1);
        CHECK(lines[0] == U"a\uFFFD(z\uFFFD");
    }
    SUBCASE("characters no font has are boxes") {
        const TextLayout layout = layoutText(fonts(), "A\U0001D800B", {});
        CHECK(layout.uncoveredText);
        REQUIRE(layout.lines.size() == 1);
        CHECK(layout.lines[0].glyphs[1].face == kNoFace);
        CHECK(layout.lines[0].glyphs[1].advance > 0);
    }
    SUBCASE("empty text and text of newlines only") {
        CHECK(layoutText(fonts(), "", wrapAt(100)).lines.size() == 1);
        CHECK(layoutText(fonts(), "\n\n", wrapAt(100)).lines.size() == 3);
    }
    SUBCASE("control characters are dropped") {
        CHECK(wrapLogical(fonts(), "a\x01\x1B" "b", {}).front() == U"ab");
    }
    SUBCASE("zero or negative sizes and widths") {
        LayoutOptions options = wrapAt(-5, 0);
        CHECK(layoutText(fonts(), "text", options).lines.size() == 1);
        options.maxWidthPx = 1;
        options.sizePx = 30;
        CHECK(layoutText(fonts(), "abc def", options).lines.size() >= 2);
    }
    SUBCASE("a 100 KB paragraph wraps into many lines") {
        std::string text;
        while (text.size() < 100 * 1024) text += "文化交流 Cultural exchange تبادل ثقافي ";
        const TextLayout layout = layoutText(fonts(), text, wrapAt(600));
        CHECK(layout.lines.size() > 300);
        for (const auto& line : layout.lines) CHECK(line.width <= 600.5f);
    }
}

TEST_CASE("layout: glyph keys round-trip") {
    const auto key = glyphKey(65, 12345, 29.25f);
    CHECK(glyphKeyFace(key) == 65);
    CHECK(glyphKeyGlyph(key) == 12345u);
    CHECK(glyphKeySizePx(key) == doctest::Approx(29.25f));
}

} // TEST_SUITE
