// What a curator's preview (`kiosk --preview DIR`) draws over the visitor's screens: the
// problems of the last load in a dismissible panel, a mark on the cards of items left out
// because of errors, and a placeholder card on such an item's page. Never drawn on a kiosk.
#pragma once
#include <string>
#include <vector>

#include "kiosk/ui/screen.h"

namespace kiosk::ui {

// Problems shown at most in the panel (the rest are counted in its last line).
inline constexpr int kPreviewPanelMaxProblems = 8;

struct PreviewOverlayState {
    bool panelDismissed = false;   // the curator hid the panel; it comes back when the problems change
};

// Draws the overlay for the screen drawn this frame (`current`, its subject `subject`).
// Registers "Hide" (id "preview:hide-problems") while the panel shows.
void drawPreviewOverlay(UiContext& ctx, PreviewOverlayState& state, ScreenId current, const std::string& subject);

} // namespace kiosk::ui
