// "Still there?": the card drawn over a screen that has gone idle (VisitorSession::IdleStep::
// Countdown), with a ring and the seconds left before the attract loop. The whole screen is its
// "continue" target: any touch closes it (and does nothing else).
#pragma once
#include <cstdint>

#include "kiosk/ui/screen.h"
#include "kiosk/ui/visitor_session.h"

namespace kiosk::ui {

// Draws the countdown into ctx.draw and adds the "continue" target. True while it is still
// fading in (the app draws the next frame at display rate).
bool drawIdleCountdown(UiContext& ctx, const VisitorSession& session);

} // namespace kiosk::ui
