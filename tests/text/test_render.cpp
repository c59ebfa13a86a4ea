// Golden images of text in every script, rendered headless with SDL's software renderer.
// Each golden was checked by eye before it was committed (see README, "Text in every script").
#include <doctest/doctest.h>

#include "kiosk/core/utf8.h"
#include "render_harness.h"

using kiosk::testing::Frame;
using kiosk::testing::TextRenderer;
using kiosk::ui::FontRole;
using kiosk::ui::TextAlign;
using kiosk::ui::TextStyle;

namespace {

constexpr ImU32 kInk = IM_COL32(20, 24, 32, 255);

Frame paragraph(const std::string& text, float width, TextStyle style, bool rtlInterface = false, int frameW = 640,
                int frameH = 260) {
    TextRenderer renderer(frameW, frameH);
    renderer.engine().setRightToLeft(rtlInterface);
    style.color = kInk;
    return renderer.render(text, [&](kiosk::ui::TextEngine& engine, ImDrawList* list) {
        list->AddRect(ImVec2(19, 19), ImVec2(21 + width, frameH - 19.0f), IM_COL32(200, 190, 170, 255));
        engine.drawParagraph(list, ImVec2(20, 20), width, text, style);
    });
}

void checkGolden(const Frame& frame, const std::string& name) {
    const auto result = kiosk::testing::compareWithGolden(frame, name);
    INFO(result.message);
    CHECK(result.ok);
}

} // namespace

TEST_SUITE("text") {

TEST_CASE("golden: an Arabic sentence, joined, right to left and right-aligned") {
    const Frame frame = paragraph("الصين والدول العربية تتبادل الثقافة والألعاب والرسوم المتحركة", 600, {FontRole::Body});
    checkGolden(frame, "arabic-sentence");
    // Right-aligned: the right end of the box has ink, the left end of the last line less so.
    CHECK(kiosk::testing::inkPixels(frame, 500, 20, 620, 80) > 50);
}

TEST_CASE("golden: mixed Arabic and English with numbers and brackets") {
    checkGolden(paragraph("عرضت لعبة Black Myth: Wukong (2024) في 3 معارض، وبيعت 10 ملايين نسخة [تقريبًا].", 600,
                          {FontRole::Body}, true),
                "arabic-english-mixed");
}

TEST_CASE("golden: Thai with stacked marks") {
    checkGolden(paragraph("ที่ ตั้ง ปู่ น้ำ — ผ้าบาติกอินโดนีเซียและเครื่องลายครามจิงเต๋อเจิ้นมาพบกันที่งานแสดงสินค้า", 600,
                          {FontRole::Body}),
                "thai-stacked-marks");
}

TEST_CASE("golden: a Chinese paragraph in a narrow box, punctuation never starts a line") {
    const std::string text = "景德镇瓷器、龙泉青瓷和中国网络文学，正在走向世界。游戏《黑神话：悟空》上线后，"
                             "全球玩家「一起」讨论中国神话。";
    checkGolden(paragraph(text, 230, {FontRole::Body}, false, 280, 420), "chinese-narrow");
}

TEST_CASE("golden: Vietnamese with stacked diacritics") {
    checkGolden(paragraph("Tiếng Việt có dấu chồng: Hỗ trợ, người, những, Quốc ngữ, ở đây, phở bò, Nguyễn.", 600,
                          {FontRole::Body}),
                "vietnamese-diacritics");
}

TEST_CASE("golden: Russian") {
    checkGolden(paragraph("Культурный обмен: фарфор Цзиндэчжэня, сетевая литература и анимация Китая для всего мира.",
                          600, {FontRole::Body}),
                "russian");
}

TEST_CASE("golden: a Latin paragraph, wrapped and cut after three lines with an ellipsis") {
    TextStyle style{FontRole::Body};
    style.maxLines = 3;
    checkGolden(paragraph("Jingdezhen porcelain has travelled the world for a thousand years. Its blue-and-white "
                          "wares were traded along the maritime Silk Road, copied in Delft and Meissen, and are "
                          "today made again by young artisans who sell them online to visitors from every country.",
                          600, style),
                "latin-paragraph");
}

TEST_CASE("a character no font has is drawn as a visible box") {
    TextRenderer renderer(200, 80);
    const std::string text = "\U0001D800\U0001D801";   // Sutton SignWriting: no installed font
    const Frame frame = renderer.render(text, [&](kiosk::ui::TextEngine& engine, ImDrawList* list) {
        engine.drawLine(list, ImVec2(10, 10), 180, text, {FontRole::Body, kInk});
    });
    CHECK(kiosk::testing::inkPixels(frame, 0, 0, 200, 80) > 20);
    CHECK(renderer.engine().layout(text, 0, FontRole::Body, 0).uncoveredText);
}

TEST_CASE("invalid UTF-8 draws replacement characters and does not crash") {
    TextRenderer renderer(300, 80);
    const std::string text = std::string("ok \xC3\x28 \xFF\xFE end \xE2\x82", 15);
    const Frame frame = renderer.render(text, [&](kiosk::ui::TextEngine& engine, ImDrawList* list) {
        engine.drawLine(list, ImVec2(10, 10), 280, text, {FontRole::Body, kInk});
    });
    CHECK(kiosk::testing::inkPixels(frame, 0, 0, 300, 80) > 50);
}

TEST_CASE("a 100 KB paragraph is laid out and drawn") {
    std::string text;
    while (text.size() < 100 * 1024) text += "Cultural exchange 文化交流 تبادل ثقافي การแลกเปลี่ยน ";
    TextRenderer renderer(800, 600);
    const Frame frame = renderer.render(text, [&](kiosk::ui::TextEngine& engine, ImDrawList* list) {
        engine.drawParagraph(list, ImVec2(10, 10), 780, text, {FontRole::Body, kInk});
    });
    CHECK(kiosk::testing::inkPixels(frame, 0, 0, 800, 600) > 1000);
    CHECK(renderer.engine().layout(text, 780, FontRole::Body, 0).lines.size() > 500);
}

TEST_CASE("the atlas holds only the glyphs used, and adds glyphs asked for at run time") {
    TextRenderer renderer(300, 80);
    renderer.render("abc", [&](kiosk::ui::TextEngine&, ImDrawList*) {});
    const auto small = renderer.fonts().stats();
    CHECK(small.glyphs < 1500);          // printable ASCII and a few signs, at six sizes
    CHECK(small.width * small.height <= 1024 * 1024);
    // Text that was not among the needs: drawn after the rebuild it triggers.
    const std::string runtime = "文化交流";
    const Frame frame = renderer.render("abc", [&](kiosk::ui::TextEngine& engine, ImDrawList* list) {
        engine.drawLine(list, ImVec2(10, 10), 280, runtime, {FontRole::Body, kInk});
    });
    CHECK(renderer.fonts().stats().glyphs > small.glyphs);
    CHECK(kiosk::testing::inkPixels(frame, 0, 0, 300, 80) > 100);
}

TEST_CASE("a glyph missing from the planned atlas is drawn as a box, added on the rebuild thread and swapped in") {
    const std::string runtime = "文化 Ωμέγα";   // text made at run time, not among the planned texts
    const auto drawRuntime = [&](kiosk::ui::TextEngine& engine, ImDrawList* list) {
        engine.drawLine(list, ImVec2(10, 10), 280, runtime, {FontRole::Body, kInk});
    };
    // What the line looks like when its glyphs were planned before the first frame.
    TextRenderer planned(300, 80);
    const Frame reference = planned.renderPlanned("abc" + runtime, drawRuntime);
    CHECK(planned.fonts().stats().fallbackGlyphs == 0);
    CHECK_FALSE(planned.fonts().hasRequestedGlyphs());

    TextRenderer renderer(300, 80);
    const Frame first = renderer.renderPlanned("abc", drawRuntime);
    const kiosk::ui::AtlasStats before = renderer.fonts().stats();
    // The frame that found the glyphs drew boxes and did not rebuild the atlas.
    CHECK(before.uiThreadBuilds == 1);
    CHECK(before.backgroundRebuilds == 0);
    CHECK(before.swaps == 0);
    CHECK(before.fallbackGlyphs >= 7);   // 文 化 Ω μ έ γ α (the space is planned)
    CHECK(renderer.fonts().hasRequestedGlyphs());
    CHECK(kiosk::testing::inkPixels(first, 0, 0, 300, 80) > 50);   // the boxes
    CHECK(first.rgba != reference.rgba);

    REQUIRE(renderer.fonts().startGlyphRebuild());
    CHECK_FALSE(renderer.fonts().startGlyphRebuild());   // one at a time, and nothing new asked for
    // Until the swap, the atlas in use is untouched: the same boxes, the glyphs not asked for twice.
    const Frame during = renderer.drawAgain(drawRuntime);
    CHECK(during.rgba == first.rgba);
    CHECK_FALSE(renderer.fonts().hasRequestedGlyphs());
    CHECK(renderer.fonts().stats().glyphs == before.glyphs);

    renderer.fonts().waitForGlyphRebuild();
    REQUIRE(renderer.fonts().swapInRebuiltGlyphs());
    CHECK_FALSE(renderer.fonts().swapInRebuiltGlyphs());
    renderer.uploadGlyphs();
    const std::int64_t fallbacksBeforeSwap = renderer.fonts().stats().fallbackGlyphs;
    const Frame after = renderer.drawAgain(drawRuntime);
    const kiosk::ui::AtlasStats swapped = renderer.fonts().stats();
    CHECK(swapped.uiThreadBuilds == 1);
    CHECK(swapped.backgroundRebuilds == 1);
    CHECK(swapped.swaps == 1);
    CHECK(swapped.glyphs > before.glyphs);
    CHECK(swapped.fallbackGlyphs == fallbacksBeforeSwap);   // nothing drawn as a box any more
    // The glyphs came out exactly as if they had been planned.
    CHECK(after.rgba == reference.rgba);
}

TEST_CASE("new content's atlas packed on the preparation thread draws exactly as one built on the UI thread") {
    const std::string newText = "abc 文化交流 Ωμέγα";
    const auto drawNew = [&](kiosk::ui::TextEngine& engine, ImDrawList* list) {
        engine.drawLine(list, ImVec2(10, 10), 280, newText, {FontRole::Body, kInk});
    };
    TextRenderer direct(300, 80);
    const Frame reference = direct.renderPlanned(newText, drawNew);
    CHECK(direct.fonts().stats().rasterized > 0);

    TextRenderer renderer(300, 80);
    renderer.renderPlanned("abc", drawNew);   // the content shown before
    const std::u32string chars = kiosk::utf8::decode(newText);
    const auto needs = [chars] { return kiosk::ui::GlyphNeeds{chars, chars}; };
    CHECK_FALSE(renderer.fonts().prepare(needs, 2.0f));   // another scale: sizes not built
    REQUIRE(renderer.fonts().prepare(needs, 1.0f));
    CHECK(renderer.fonts().preparing());
    CHECK_FALSE(renderer.fonts().prepare(needs, 1.0f));   // one at a time
    // The swap's build takes the packed atlas: nothing shaped or rasterized on this thread.
    const Frame after = renderer.renderPlanned(newText, drawNew);
    const kiosk::ui::AtlasStats stats = renderer.fonts().stats();
    CHECK(stats.fromPreparation);
    CHECK(stats.rasterized == 0);
    CHECK(stats.preparations == 1);
    CHECK_FALSE(renderer.fonts().preparing());
    CHECK(stats.glyphs == direct.fonts().stats().glyphs);
    CHECK(after.rgba == reference.rgba);

    // A preparation for other texts (content offered, then replaced) is not taken.
    const std::u32string other = kiosk::utf8::decode("xyz");
    REQUIRE(renderer.fonts().prepare([other] { return kiosk::ui::GlyphNeeds{other, other}; }, 1.0f));
    renderer.renderPlanned(newText + " Дом", drawNew);
    CHECK_FALSE(renderer.fonts().stats().fromPreparation);
    CHECK(renderer.fonts().stats().rasterized > 0);
    CHECK_FALSE(renderer.fonts().preparing());
}

TEST_CASE("solid shapes sample a white block at the atlas origin, however many glyphs there are") {
    // SDL 2.26's software rasteriser overflows on large triangles whose texel coordinates are
    // large; the white block solid shapes use must stay near the origin (a crash otherwise).
    std::string text;
    for (char32_t c = 0x4E00; c < 0x4E00 + 8000; ++c) kiosk::utf8::append(text, c);
    TextRenderer renderer(400, 200);
    const Frame frame = renderer.render(text, [&](kiosk::ui::TextEngine& engine, ImDrawList* list) {
        list->AddRectFilled(ImVec2(0, 0), ImVec2(400, 200), IM_COL32(200, 30, 40, 255));
        engine.drawParagraph(list, ImVec2(10, 10), 380, text.substr(0, 300), {FontRole::Body, kInk});
    });
    const auto& stats = renderer.fonts().stats();
    CHECK(stats.glyphs > 7000);
    CHECK(stats.whitePixelX >= 0);
    CHECK(stats.whitePixelX < 16);
    CHECK(stats.whitePixelY < 16);
    // The full-frame rectangle came out in its colour (it samples the white block).
    const std::size_t corner = (static_cast<std::size_t>(199) * 400 + 399) * 4;
    REQUIRE(frame.rgba.size() > corner + 2);
    CHECK(frame.rgba[corner] == 200);
    CHECK(frame.rgba[corner + 1] == 30);
}

} // TEST_SUITE
