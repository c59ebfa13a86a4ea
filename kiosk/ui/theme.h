// The exhibition look: colours from the exhibition, sizes scaled to the screen.
// Layout is designed at 1080 px on the short side and scaled from there.
#pragma once
#include <imgui.h>

#include "kiosk/core/content_model.h"

namespace kiosk::ui {

enum class FontRole { Display, Title, Heading, Body, Label, Caption, Count };

// Font pixel sizes at scale 1 (1080 px short side).
float fontBaseSize(FontRole role);

struct Theme {
    ImU32 background, backgroundDeep, surface, surfaceText, surfaceMuted, accent, accentText, text, muted, divider, shadow;
    float scale = 1.0f;           // short side / 1080
    bool portrait = false;
    ImVec2 screen{1920, 1080};

    float px(float designPixels) const { return designPixels * scale; }
    float margin() const { return px(portrait ? 56 : 72); }
    float gap() const { return px(28); }
    float radius() const { return px(22); }
    float touchTarget() const { return px(96); }     // minimum height of anything tappable
    float topBarHeight() const { return px(128); }

    static Theme make(const ExhibitionTheme& colors, ImVec2 screenSize);
};

ImU32 toImU32(Rgba rgba);
ImU32 withAlpha(ImU32 color, float alpha);           // multiplies the colour's alpha
ImU32 mix(ImU32 a, ImU32 b, float t);                // t = 0 → a, 1 → b

} // namespace kiosk::ui
