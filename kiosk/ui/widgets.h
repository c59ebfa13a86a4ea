// Drawing pieces shared by the screens: tappable areas, images, cards, buttons, icons, the top bar.
#pragma once
#include <string>

#include <functional>

#include "kiosk/ui/label_boxes.h"
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
// Pixels an image needs to cover a place `size` UI pixels long (ImageSource::get).
inline int coverPixels(float size) { return size > 0 ? static_cast<int>(size + 0.999f) : 0; }
// Draws an image, or its fallback if it cannot be shown.
void drawImageOrFallback(UiContext& ctx, const std::filesystem::path& file, const ImRect& rect, ImU32 fallbackColor,
                         float rounding, float zoom = 1.0f);

// Vertical gradient from transparent to `color` over `rect` (for text over images).
void drawScrim(ImDrawList* draw, const ImRect& rect, ImU32 color, bool toBottom = true, float rounding = 0);
void drawSoftShadow(ImDrawList* draw, const ImRect& rect, float rounding, float spread, ImU32 color);

// A rounded button with a text label fitted by `box`'s rule (default: labels::kPrimaryButton);
// returns true when tapped.
bool pillButton(UiContext& ctx, const ImRect& rect, const std::string& label, const std::string& id, bool primary,
                const LabelBox* box = nullptr);

// Draws text over a photo with the scrim that keeps it readable: a gradient above `textTop`
// and kPhotoScrimAlphaUnderText from there to the bottom of `rect` (rounded like the card).
void drawTextScrim(ImDrawList* draw, const ImRect& rect, float textTop, ImU32 color, float rounding);

enum class Icon { Back, Forward, Globe, Chart, Close, Home, ChevronDown };
void drawIcon(ImDrawList* draw, Icon icon, ImVec2 center, float size, ImU32 color, bool mirrored);

// Language chips: every language of the exhibition by its native name, the current one
// highlighted; a tap switches language at once (and runs `onChosen`, e.g. to leave the attract
// loop). Laid out in rows inside `area` from its start edge; when they do not fit in `maxRows`,
// the last chip is "+n" (more languages) and opens the language screen. Returns the height used.
struct ChipRowsResult {
    float height = 0;
    float width = 0;   // of the widest row
};
ChipRowsResult drawLanguageChips(UiContext& ctx, const ImRect& area, int maxRows, bool onPhoto,
                                 const std::function<void(const std::string&)>& onChosen = {});
// Width of the chips on one row (to decide where they go).
float languageChipsWidth(const UiContext& ctx);

// The bar at the top of every screen after the attract loop: back and home (below home),
// the title, and the language chips. When the chips leave the title too little room they move
// to a strip under the bar. Returns the y below it.
struct TopBarButtons {
    bool back = true;
    bool home = true;
    bool chips = true;
};
float drawTopBar(UiContext& ctx, const std::string& title, TopBarButtons buttons);

} // namespace kiosk::ui
