#include "kiosk/ui/theme.h"

#include <algorithm>

#include "kiosk/core/color_contrast.h"

namespace kiosk::ui {
namespace {

double contrast(ImU32 a, ImU32 b) { return color::contrastRatio(color::fromRgba(toRgba(a)), color::fromRgba(toRgba(b))); }

// Of `candidates`, the one that reads best on `background`.
ImU32 bestTextOn(ImU32 background, std::initializer_list<ImU32> candidates) {
    ImU32 best = *candidates.begin();
    for (ImU32 c : candidates)
        if (contrast(c, background) > contrast(best, background)) best = c;
    return best;
}

// `color` moved towards `towards` until it reaches `ratio` against `background` (or arrives).
ImU32 atLeastContrast(ImU32 color, ImU32 towards, ImU32 background, double ratio) {
    for (int step = 0; step <= 20 && contrast(color, background) < ratio; ++step) color = mix(color, towards, 0.1f);
    return color;
}

} // namespace

float fontBaseSize(FontRole role) {
    switch (role) {
    case FontRole::Display: return 86;
    case FontRole::Title: return 58;
    case FontRole::Heading: return 40;
    case FontRole::Body: return 30;
    case FontRole::Label: return 26;
    case FontRole::Caption: return 21;
    case FontRole::Count: break;
    }
    return 30;
}

bool fontRoleIsBold(FontRole role) {
    return role == FontRole::Display || role == FontRole::Title || role == FontRole::Heading || role == FontRole::Label;
}

ImU32 toImU32(Rgba rgba) {
    return IM_COL32((rgba >> 24) & 0xFF, (rgba >> 16) & 0xFF, (rgba >> 8) & 0xFF, rgba & 0xFF);
}

Rgba toRgba(ImU32 c) {
    return ((c >> IM_COL32_R_SHIFT) & 0xFF) << 24 | ((c >> IM_COL32_G_SHIFT) & 0xFF) << 16 |
           ((c >> IM_COL32_B_SHIFT) & 0xFF) << 8 | ((c >> IM_COL32_A_SHIFT) & 0xFF);
}

ImU32 withAlpha(ImU32 color, float alpha) {
    const float a = static_cast<float>((color >> IM_COL32_A_SHIFT) & 0xFF) * std::clamp(alpha, 0.0f, 1.0f);
    return (color & ~IM_COL32_A_MASK) | (static_cast<ImU32>(a + 0.5f) << IM_COL32_A_SHIFT);
}

ImU32 mix(ImU32 a, ImU32 b, float t) {
    const ImVec4 ca = ImGui::ColorConvertU32ToFloat4(a), cb = ImGui::ColorConvertU32ToFloat4(b);
    return ImGui::ColorConvertFloat4ToU32(ImVec4(ca.x + (cb.x - ca.x) * t, ca.y + (cb.y - ca.y) * t,
                                                 ca.z + (cb.z - ca.z) * t, ca.w + (cb.w - ca.w) * t));
}

ImU32 blendOver(ImU32 top, ImU32 bottom) {
    const float alpha = static_cast<float>((top >> IM_COL32_A_SHIFT) & 0xFF) / 255.0f;
    return mix(bottom | IM_COL32_A_MASK, top | IM_COL32_A_MASK, alpha);
}

ImU32 Theme::series(std::size_t index) const {
    // Okabe & Ito's palette (sky blue, reddish purple, bluish green, vermillion) after the
    // accent: apart for every common colour-vision deficiency (tests/ui checks it against the accent).
    static const ImU32 kPalette[kSeriesColors - 1] = {IM_COL32(86, 180, 233, 255), IM_COL32(204, 121, 167, 255),
                                                      IM_COL32(0, 158, 115, 255), IM_COL32(230, 97, 0, 255)};
    index %= kSeriesColors;
    return index == 0 ? accent : kPalette[index - 1];
}

std::vector<TextPair> Theme::textPairs(const Exhibition& exhibition) const {
    const ImU32 white = IM_COL32_WHITE;
    const ImU32 photoUnderScrim = blendOver(withAlpha(backgroundDeep, kPhotoScrimAlphaUnderText), white);
    std::vector<TextPair> pairs = {
        {"body text on the background", text, background, FontRole::Caption},
        {"top bar text", text, backgroundDeep, FontRole::Caption},
        {"muted text on the background", muted, background, FontRole::Caption},
        {"kicker (accent) on the background", accent, background, FontRole::Caption},
        {"text on a surface card", surfaceText, surface, FontRole::Caption},
        {"muted text on a surface card", surfaceMuted, surface, FontRole::Caption},
        {"accent text on a surface card", accent, surface, FontRole::Caption},
        {"primary button label", accentText, accent, FontRole::Label},
        {"primary button label, pressed", accentText, accentPressed, FontRole::Label},
        {"language chip / secondary button", text, chip, FontRole::Label},
        {"language chip, pressed", text, chipPressed, FontRole::Label},
        {"text over a white photo under the scrim", text, photoUnderScrim, FontRole::Caption},
        {"kicker over a white photo under the scrim", accent, photoUnderScrim, FontRole::Label},
        {"idle card text", surfaceText, surface, FontRole::Body},
    };
    for (const Category& category : exhibition.categories) {
        // screen_home draws the category's scrim twice (full, then at half strength).
        const ImU32 scrim = mix(toImU32(category.color), backgroundDeep, 0.6f);
        const ImU32 once = blendOver(withAlpha(scrim, kPhotoScrimAlphaUnderText), white);
        const ImU32 twice = blendOver(withAlpha(withAlpha(scrim, 0.5f), kPhotoScrimAlphaUnderText), once);
        pairs.push_back({"category card \"" + category.id + "\" over a white photo", text, twice, FontRole::Caption});
    }
    return pairs;
}

Theme Theme::make(const ExhibitionTheme& colors, ImVec2 screenSize) {
    Theme t;
    t.screen = screenSize;
    t.portrait = screenSize.y > screenSize.x;
    t.scale = std::max(0.4f, std::min(screenSize.x, screenSize.y) / 1080.0f);
    const ImU32 black = IM_COL32(0, 0, 0, 255), white = IM_COL32_WHITE;
    t.background = toImU32(colors.background);
    t.backgroundDeep = mix(t.background, black, 0.35f);
    t.surface = toImU32(colors.surface);
    t.text = toImU32(colors.text);
    // Text on surfaces: dark ink on a light surface, the theme's text colour on a dark one.
    t.surfaceText = bestTextOn(t.surface, {t.text, mix(t.background, black, 0.2f)});
    const ImU32 surfaceFar = contrast(white, t.surface) > contrast(black, t.surface) ? white : black;
    t.surfaceMuted = atLeastContrast(mix(t.surfaceText, t.surface, 0.4f), surfaceFar, t.surface, color::kMinTextContrast + 0.2);
    // Label on the accent: whichever ink reads best (white on a gold accent was 2.25:1). A
    // mid-tone accent that no ink reads on is moved away from the ink until one does; the
    // pressed state moves further the same way, so it reads too.
    t.accent = toImU32(colors.accent);
    t.accentText = bestTextOn(t.accent, {white, t.text, t.backgroundDeep, black});
    const ImU32 awayFromInk = contrast(t.accentText, white) > contrast(t.accentText, black) ? white : black;
    t.accent = atLeastContrast(t.accent, awayFromInk, t.accentText, color::kMinTextContrast + 0.2);
    t.accentPressed = mix(t.accent, awayFromInk, 0.18f);
    const ImU32 backgroundFar = contrast(white, t.background) > contrast(black, t.background) ? white : black;
    t.muted = atLeastContrast(toImU32(colors.muted), backgroundFar, t.background, color::kMinTextContrast + 0.2);
    t.divider = withAlpha(t.text, 0.16f);
    t.shadow = IM_COL32(0, 0, 0, 90);
    t.chip = mix(t.backgroundDeep, t.text, 0.12f);
    t.chipPressed = mix(t.backgroundDeep, t.text, 0.24f);
    return t;
}

} // namespace kiosk::ui
