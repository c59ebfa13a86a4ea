// Readability as a rule: every text/background pair the theme draws, and the chart series
// colours, checked with WCAG contrast and colour-vision deficiency simulation.
#include <doctest/doctest.h>

#include <imgui.h>

#include "kiosk/core/color_contrast.h"
#include "kiosk/ui/theme.h"
#include "ui_harness.h"

using namespace kiosk;
using namespace kiosk::ui;

namespace {

color::Srgb srgb(ImU32 c) { return color::fromRgba(toRgba(c)); }
color::Srgb hex(Rgba c) { return color::fromRgba(c); }   // 0xRRGGBBAA

// Large text (WCAG): bold and at least 24 px on this screen.
double requiredContrast(FontRole role, const Theme& theme) {
    return fontRoleIsBold(role) && fontBaseSize(role) * theme.scale >= color::kLargeBoldTextMinPx ? color::kMinLargeTextContrast
                                                                                                   : color::kMinTextContrast;
}

// Fails for the pairs under the rule; returns how many were checked.
int checkPairs(const Theme& theme, const Exhibition& ex) {
    int checked = 0;
    for (const TextPair& pair : theme.textPairs(ex)) {
        const double ratio = color::contrastRatio(srgb(pair.text), srgb(pair.background));
        const double required = requiredContrast(pair.role, theme);
        CHECK_MESSAGE(ratio >= required, pair.where, ": ", ratio, ":1 (needs ", required, ":1)");
        ++checked;
    }
    return checked;
}

} // namespace

TEST_SUITE("ui.contrast") {

TEST_CASE("the contrast formula gives the known figures") {
    CHECK(color::contrastRatio(hex(Rgba{0xFFFFFFFF}), hex(Rgba{0x000000FF})) == doctest::Approx(21.0));
    CHECK(color::contrastRatio(hex(Rgba{0x777777FF}), hex(Rgba{0x777777FF})) == doctest::Approx(1.0));
    // The white on gold: 2.25:1.
    CHECK(color::contrastRatio(hex(Rgba{0xFFFFFFFF}), hex(Rgba{0xD9A441FF})) == doctest::Approx(2.25).epsilon(0.01));
    // #767676 on white is the classic 4.54:1.
    CHECK(color::contrastRatio(hex(Rgba{0x767676FF}), hex(Rgba{0xFFFFFFFF})) == doctest::Approx(4.54).epsilon(0.01));
}

TEST_CASE("every text/background pair of the sample theme reads, at every supported size") {
    ImGuiContext* context = ImGui::CreateContext();   // colour conversions live in ImGui
    const Exhibition& ex = kiosk::testing::sampleExhibition();
    for (const ImVec2 size : {ImVec2(1920, 1080), ImVec2(1080, 1920), ImVec2(1280, 800)}) {
        CAPTURE(size.x);
        const Theme theme = Theme::make(ex.theme, size);
        CHECK(checkPairs(theme, ex) >= 14 + static_cast<int>(ex.categories.size()));
    }
    ImGui::DestroyContext(context);
}

TEST_CASE("the theme picks readable inks for other exhibitions' colours too") {
    ImGuiContext* context = ImGui::CreateContext();
    struct Case { Rgba background, surface, accent, text, muted; };
    const Case cases[] = {
        {0x161A33FF, 0x252B4EFF, 0xD9A441FF, 0xF6EFE2FF, 0xB9B4C8FF},   // the sample (gold accent)
        {0x1B1F2AFF, 0xF4EEE3FF, 0xC8553DFF, 0xF4EEE3FF, 0x8A8A8AFF},   // light surface, red accent, dim muted
        {0x0B3D2EFF, 0x14533FFF, 0xF2E6B1FF, 0xFFFFFFFF, 0x6E8F84FF},   // pale accent, muted too dark
        {0x20123AFF, 0x2E1F4FFF, 0x3DA5D9FF, 0xEDE7F6FF, 0x9A8FB0FF},
    };
    for (const Case& c : cases) {
        CAPTURE(c.accent);
        ExhibitionTheme colors;
        colors.background = c.background;
        colors.surface = c.surface;
        colors.accent = c.accent;
        colors.text = c.text;
        colors.muted = c.muted;
        const Theme theme = Theme::make(colors, ImVec2(1920, 1080));
        const double onAccent = color::contrastRatio(srgb(theme.accentText), srgb(theme.accent));
        CHECK(onAccent >= color::kMinTextContrast);
        CHECK(color::contrastRatio(srgb(theme.muted), srgb(theme.background)) >= color::kMinTextContrast);
        CHECK(color::contrastRatio(srgb(theme.surfaceMuted), srgb(theme.surface)) >= color::kMinTextContrast);
    }
    ImGui::DestroyContext(context);
}

TEST_CASE("the rule catches the old white-on-gold button (control)") {
    ImGuiContext* context = ImGui::CreateContext();
    const Exhibition& ex = kiosk::testing::sampleExhibition();
    Theme theme = Theme::make(ex.theme, ImVec2(1920, 1080));
    theme.accentText = IM_COL32_WHITE;   // what the kiosk drew before
    bool caught = false;
    for (const TextPair& pair : theme.textPairs(ex))
        if (pair.where == "primary button label")
            caught = color::contrastRatio(srgb(pair.text), srgb(pair.background)) < requiredContrast(pair.role, theme);
    CHECK(caught);
    ImGui::DestroyContext(context);
}

TEST_CASE("chart series colours stay apart for normal vision and each colour-vision deficiency") {
    ImGuiContext* context = ImGui::CreateContext();
    const Exhibition& ex = kiosk::testing::sampleExhibition();
    const Theme theme = Theme::make(ex.theme, ImVec2(1920, 1080));
    const color::Deficiency kinds[] = {color::Deficiency::None, color::Deficiency::Protanopia, color::Deficiency::Deuteranopia,
                                       color::Deficiency::Tritanopia};
    for (std::size_t i = 0; i < Theme::kSeriesColors; ++i) {
        CAPTURE(i);
        // Bars and lines against the chart panel (WCAG 1.4.11).
        CHECK(color::contrastRatio(srgb(theme.series(i)), srgb(theme.surface)) >= color::kMinGraphicsContrast);
        for (std::size_t j = i + 1; j < Theme::kSeriesColors; ++j) {
            CAPTURE(j);
            for (const color::Deficiency kind : kinds) {
                const double dE = color::deltaE76(color::simulate(srgb(theme.series(i)), kind), color::simulate(srgb(theme.series(j)), kind));
                const double required = kind == color::Deficiency::None ? color::kMinSeriesDeltaE : color::kMinSeriesDeltaEDeficient;
                CHECK_MESSAGE(dE >= required, color::deficiencyName(kind), ": series ", i, " and ", j, " differ by dE ", dE);
            }
        }
    }
    ImGui::DestroyContext(context);
}

TEST_CASE("the old Japan / United States colours fail the series rule (control)") {
    const double dE = color::deltaE76(hex(Rgba{0xD9A441FF}), hex(Rgba{0xC8963CFF}));
    CHECK(dE < color::kMinSeriesDeltaE);
    // Red and green, apart for normal vision, merge for a deuteranope.
    const color::Srgb red = hex(Rgba{0xD03030FF}), green = hex(Rgba{0x3A9A3AFF});
    CHECK(color::deltaE76(red, green) >= color::kMinSeriesDeltaE);
    CHECK(color::deltaE76(color::simulate(red, color::Deficiency::Deuteranopia), color::simulate(green, color::Deficiency::Deuteranopia)) <
          color::kMinSeriesDeltaEDeficient);
}

}
