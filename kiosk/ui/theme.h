// The exhibition look: colours from the exhibition, sizes scaled to the screen.
// Layout is designed at 1080 px on the short side and scaled from there.
// Readability is a rule, not a one-off fix: every text colour the screens draw on every
// background they draw it on is listed by textPairs(), and tests/ui checks each pair's WCAG
// contrast (kiosk/core/color_contrast.h); the chart series colours are checked for
// colour-vision deficiencies the same way.
#pragma once
#include <algorithm>
#include <string>
#include <vector>

#include <imgui.h>

#include "kiosk/core/content_model.h"

namespace kiosk::ui {

enum class FontRole { Display, Title, Heading, Body, Label, Caption, Count };

// Font pixel sizes at scale 1 (1080 px short side).
float fontBaseSize(FontRole role);
// Bold faces: the large roles and labels (font_set.cpp draws them bold).
bool fontRoleIsBold(FontRole role);

// Opacity of the dark scrim under any text drawn over a photo, from the text's top edge down.
// 0.8 keeps light text >= 4.5:1 even over a white photo (checked in tests/ui).
inline constexpr float kPhotoScrimAlphaUnderText = 0.8f;

// A text colour on a background colour, as a screen draws it (for the contrast rule).
struct TextPair {
    std::string where;          // e.g. "primary button label"
    ImU32 text = 0;
    ImU32 background = 0;       // opaque
    FontRole role = FontRole::Body;   // the smallest role drawn in this pair
};

struct Theme {
    ImU32 background, backgroundDeep, surface, surfaceText, surfaceMuted, accent, accentPressed, accentText, text, muted,
        divider, shadow, chip, chipPressed;
    float scale = 1.0f;           // short side / 1080
    bool portrait = false;
    ImVec2 screen{1920, 1080};

    float px(float designPixels) const { return designPixels * scale; }
    float margin() const { return px(portrait ? 56 : 72); }
    float gap() const { return px(28); }
    float radius() const { return px(22); }
    // Minimum size of anything tappable: 96 design px, never below 64 screen px (a fingertip).
    float touchTarget() const { return std::max(px(96), 64.0f); }
    float minTouchTarget() const { return 64.0f; }
    float topBarHeight() const { return std::max(px(128), 88.0f); }

    // Chart series colours: the accent first, then a palette kept apart for colour-vision
    // deficiencies. Beyond the palette, colours repeat (charts have a few series).
    ImU32 series(std::size_t index) const;
    static constexpr std::size_t kSeriesColors = 5;

    // Every text-on-background pair the screens draw, including text over photos (a white
    // photo under the scrim, the worst case) and category cards.
    std::vector<TextPair> textPairs(const Exhibition& exhibition) const;

    static Theme make(const ExhibitionTheme& colors, ImVec2 screenSize);
};

ImU32 toImU32(Rgba rgba);
Rgba toRgba(ImU32 color);
ImU32 withAlpha(ImU32 color, float alpha);           // multiplies the colour's alpha
ImU32 mix(ImU32 a, ImU32 b, float t);                // t = 0 → a, 1 → b
// The colour of `top` drawn with its alpha over an opaque `bottom`.
ImU32 blendOver(ImU32 top, ImU32 bottom);

} // namespace kiosk::ui
