// Drawing pieces shared by the screens: tappable areas, images, cards, buttons, icons, the top bar.
#pragma once
#include <string>

#include "kiosk/ui/screen.h"

namespace kiosk::ui {

// Registers a tappable area (label for scripts and tests) and returns true when it was tapped.
// `pressedOut` (optional) is set while the finger is down on it.
bool tapArea(UiContext& ctx, const ImRect& rect, const std::string& label, const std::string& id,
             bool* pressedOut = nullptr);

// Draws an image filling `rect` (cropped to keep its aspect). Rounded corners are made by
// painting the corners in `cornerColor` (what lies behind the card); 0 leaves them square.
void drawImageCover(ImDrawList* draw, const ImageTexture& image, const ImRect& rect, float rounding,
                    ImU32 tint = IM_COL32_WHITE, float zoom = 1.0f, ImVec2 pan = ImVec2(0.5f, 0.5f),
                    ImU32 cornerColor = 0);
// Paints the outside of a rounded rectangle's corners in `color`.
void maskCorners(ImDrawList* draw, const ImRect& rect, float rounding, ImU32 color);
// A dignified stand-in when an image is missing or broken: the category colour and a motif.
void drawImageFallback(ImDrawList* draw, const ImRect& rect, ImU32 color, float rounding);
// Draws an image, or its fallback if it cannot be shown.
void drawImageOrFallback(UiContext& ctx, const std::filesystem::path& file, const ImRect& rect, ImU32 fallbackColor,
                         float rounding, float zoom = 1.0f);

// Vertical gradient from transparent to `color` over `rect` (for text over images).
void drawScrim(ImDrawList* draw, const ImRect& rect, ImU32 color, bool toBottom = true, float rounding = 0);
void drawSoftShadow(ImDrawList* draw, const ImRect& rect, float rounding, float spread, ImU32 color);

// A rounded button with a text label; returns true when tapped.
bool pillButton(UiContext& ctx, const ImRect& rect, const std::string& label, const std::string& id, bool primary);

enum class Icon { Back, Forward, Globe, Chart, Close };
void drawIcon(ImDrawList* draw, Icon icon, ImVec2 center, float size, ImU32 color, bool mirrored);

// The bar at the top of every screen after the attract loop: back (optional), title, language button.
// Returns the y below it.
float drawTopBar(UiContext& ctx, const std::string& title, bool showBack);

} // namespace kiosk::ui
