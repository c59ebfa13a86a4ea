// Every label fits its box in every language at every supported size: each interface string is
// laid out (shaped, wrapped by Unicode rules) into the boxes the screens draw it in
// (kiosk/ui/label_boxes.h), shrinking to the box's floor size, then wrapping, never cut mid-word.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include <imgui.h>

#include "kiosk/ui/font_set.h"
#include "kiosk/ui/label_boxes.h"
#include "kiosk/ui/text_engine.h"
#include "ui_harness.h"

using namespace kiosk;
using namespace kiosk::ui;

namespace {

// Fonts at one scale: layout needs the faces and sizes, not the atlas pixels.
struct Fonts {
    explicit Fonts(float scale) {
        context = ImGui::CreateContext();
        REQUIRE(fonts.build(*ImGui::GetIO().Fonts, GlyphNeeds{U"a", U"a"}, scale));
    }
    ~Fonts() { ImGui::DestroyContext(context); }
    ImGuiContext* context = nullptr;
    FontSet fonts;
};

// Numbers in strings with {n}: the widest a screen shows.
long sampleNumber(std::string_view key) { return key == "returning_in_seconds" ? 10 : 188; }

const ImVec2 kSizes[] = {ImVec2(1920, 1080), ImVec2(1080, 1920), ImVec2(1280, 800)};

} // namespace

TEST_SUITE("ui.fit") {

TEST_CASE("every interface string fits its boxes in every language at every supported size") {
    const Exhibition& ex = kiosk::testing::sampleExhibition();
    const UiStrings& strings = kiosk::testing::builtInStrings();
    REQUIRE(strings.languages().size() >= 8);
    int laidOut = 0;
    for (const ImVec2 size : kSizes) {
        const Theme theme = Theme::make(ex.theme, size);
        Fonts f(theme.scale);
        TextEngine engine(f.fonts);
        for (const std::string& language : strings.languages()) {
            const LanguageInfo* info = ex.findLanguage(language);
            engine.setRightToLeft(info && info->rightToLeft);
            for (const auto& [key, boxes] : interfaceStringBoxes()) {
                const std::string text = strings.format(key, language, &ex, sampleNumber(key));
                for (const LabelBox* box : boxes) {
                    const ImVec2 area = box->size(theme);
                    const FittedText fitted = engine.fit(text, area.x, area.y, box->rule);
                    CHECK_MESSAGE(fitted.fits, "\"", key, "\" in ", language, " at ", size.x, "x", size.y, " in the \"", std::string(box->name), "\" box (",
                                  area.x, "x", area.y, "): \"", text, "\": ", fitted.problem);
                    ++laidOut;
                }
            }
            // Labels that come from the content: language names on chips.
            for (const LanguageInfo& l : ex.languages) {
                const ImVec2 area = labels::kChip.size(theme);
                const FittedText fitted = engine.fit(l.nativeName, area.x, area.y, labels::kChip.rule);
                CHECK_MESSAGE(fitted.fits, l.nativeName, " on a chip: ", fitted.problem);
            }
        }
    }
    MESSAGE(laidOut, " interface labels laid out into their boxes");
    CHECK(laidOut > 500);
}

TEST_CASE("the Russian call to action fits the attract pill (it was cut with an ellipsis)") {
    const Exhibition& ex = kiosk::testing::sampleExhibition();
    const UiStrings& strings = kiosk::testing::builtInStrings();
    for (const ImVec2 size : kSizes) {
        const Theme theme = Theme::make(ex.theme, size);
        Fonts f(theme.scale);
        TextEngine engine(f.fonts);
        const std::string text = strings.get("touch_to_start", "ru", &ex);
        const ImVec2 area = labels::kAttractPrompt.size(theme);
        // The old pill's text box (560 - 60 design px) was narrower than the line: cut with "…".
        CHECK(engine.lineWidth(text, FontRole::Heading) > theme.px(500));
        const FittedText fitted = engine.fit(text, area.x, area.y, labels::kAttractPrompt.rule);
        CHECK(fitted.fits);
        // And the rule shrinks it rather than cutting it where it does not fit on one line.
        const FittedText narrow = engine.fit(text, theme.px(420), area.y, labels::kAttractPrompt.rule);
        CHECK(narrow.fits);
        CHECK(narrow.role != labels::kAttractPrompt.rule.largest);
    }
}

TEST_CASE("every interface string key is drawn in a box or listed as never drawn") {
    const UiStrings& strings = kiosk::testing::builtInStrings();
    std::set<std::string> covered;
    for (const auto& entry : interfaceStringBoxes()) covered.insert(std::string(entry.key));
    for (const auto key : interfaceStringsNotDrawn()) covered.insert(std::string(key));
    for (const std::string& key : strings.keys()) CHECK_MESSAGE(covered.count(key) == 1, "no label box for \"", key, "\"");
    const auto keys = strings.keys();
    for (const std::string& key : covered)
        CHECK_MESSAGE(std::find(keys.begin(), keys.end(), key) != keys.end(), "\"", key, "\" is not an interface string");
}

TEST_CASE("a label that cannot fit is reported, never cut mid-word (control)") {
    Fonts f(1.0f);
    TextEngine engine(f.fonts);
    const FitRule rule{FontRole::Label, FontRole::Caption, 2, 1.2f};
    // Too many words for two lines.
    const FittedText tooLong = engine.fit("Touch the screen to start the visit, and take your time with every item you see here", 300, 80, rule);
    CHECK_FALSE(tooLong.fits);
    CHECK(tooLong.problem.find("lines") != std::string::npos);
    // One word wider than the box: a mid-word break would be needed.
    const FittedText longWord = engine.fit("Donaudampfschifffahrtsgesellschaftskapitän", 200, 200, rule);
    CHECK_FALSE(longWord.fits);
    // Shrinking comes before wrapping: a line a little too wide for Label fits as Caption.
    const std::string line = "Returning to the start in 10 s";
    const float captionW = engine.lineWidth(line, FontRole::Caption);
    const FittedText shrunk = engine.fit(line, captionW + 2, 60, rule);
    CHECK(shrunk.fits);
    CHECK(shrunk.role == FontRole::Caption);
    CHECK(shrunk.lines == 1);
    // Thai and Chinese break between words without spaces: that is not a cut.
    const FittedText thai = engine.fit("แตะหน้าจอเพื่อเริ่มต้นการเยี่ยมชมนิทรรศการ", engine.lineWidth("แตะหน้าจอเพื่อเริ่มต้นการเยี่ยมชมนิทรรศการ", FontRole::Caption) * 0.6f, 80, rule);
    CHECK(thai.fits);
    CHECK(thai.lines == 2);
}

}
