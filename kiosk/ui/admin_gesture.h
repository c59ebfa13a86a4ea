// The technician's way in: holding the hidden top-left corner for limits::kAdminHoldMs opens the
// technician overlay (screen_admin.cpp: PIN pad with a growing delay after wrong PINs, then
// status, "sync now" and "exit"); the overlay closes and locks itself after
// adminTimeoutSeconds without a touch.
// Pure logic with the clock passed in (ImRect/ImVec2 are plain structs; no ImGui context). UI thread only.
#pragma once
#include <cstdint>
#include <vector>

#include "kiosk/ui/screen.h"

namespace kiosk::ui {

class AdminGesture {
public:
    // Side of the hidden corner at 1080 px on the short side (scaled with the theme).
    static constexpr float kCornerSideDesignPx = 120.0f;

    explicit AdminGesture(int adminTimeoutSeconds) : adminTimeoutSeconds_(adminTimeoutSeconds) {}

    // The hidden corner on a screen with these targets: the top-left square, cut back so that
    // it overlaps no visitor control (targets smaller than 90% of the screen both ways).
    static ImRect corner(const Theme& theme, const std::vector<HitTarget>& targets);

    // One frame of the finger. A hold counts while the finger is down inside `corner` and was
    // pressed there; any other frame ends it. True once, in the frame the hold reaches
    // kAdminHoldMs, unless the overlay is already shown.
    bool update(std::int64_t nowMs, const TouchState& touch, const ImRect& corner, bool overlayShown);
    // When the hold under way opens the overlay; -1 when none is under way.
    std::int64_t opensAtMs() const;

    // True when the overlay has had no touch or key for adminTimeoutSeconds.
    bool overlayTimedOut(std::int64_t nowMs, std::int64_t lastInputMs) const { return nowMs >= overlayClosesAtMs(lastInputMs); }
    std::int64_t overlayClosesAtMs(std::int64_t lastInputMs) const { return lastInputMs + adminTimeoutSeconds_ * 1000LL; }
    int adminTimeoutSeconds() const { return adminTimeoutSeconds_; }

private:
    int adminTimeoutSeconds_;
    std::int64_t holdStartMs_ = -1;
};

} // namespace kiosk::ui
