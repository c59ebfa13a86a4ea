#include "kiosk/ui/theme.h"

#include <algorithm>

namespace kiosk::ui {

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

ImU32 toImU32(Rgba rgba) {
    return IM_COL32((rgba >> 24) & 0xFF, (rgba >> 16) & 0xFF, (rgba >> 8) & 0xFF, rgba & 0xFF);
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

Theme Theme::make(const ExhibitionTheme& colors, ImVec2 screenSize) {
    Theme t;
    t.screen = screenSize;
    t.portrait = screenSize.y > screenSize.x;
    t.scale = std::max(0.4f, std::min(screenSize.x, screenSize.y) / 1080.0f);
    t.background = toImU32(colors.background);
    t.backgroundDeep = mix(t.background, IM_COL32(0, 0, 0, 255), 0.35f);
    t.surface = toImU32(colors.surface);
    // Text on surfaces: dark ink on a light surface, the theme's text colour on a dark one.
    const ImVec4 sf = ImGui::ColorConvertU32ToFloat4(t.surface);
    const float luminance = 0.2126f * sf.x + 0.7152f * sf.y + 0.0722f * sf.z;
    t.surfaceText = luminance > 0.5f ? mix(t.background, IM_COL32(0, 0, 0, 255), 0.2f) : toImU32(colors.text);
    t.surfaceMuted = mix(t.surfaceText, t.surface, 0.45f);
    t.accent = toImU32(colors.accent);
    t.accentText = IM_COL32(255, 255, 255, 255);
    t.text = toImU32(colors.text);
    t.muted = toImU32(colors.muted);
    t.divider = withAlpha(t.text, 0.16f);
    t.shadow = IM_COL32(0, 0, 0, 90);
    return t;
}

} // namespace kiosk::ui
