#include "kiosk/ui/admin_gesture.h"

#include <algorithm>

#include "kiosk/core/limits.h"

namespace kiosk::ui {

ImRect AdminGesture::corner(const Theme& theme, const std::vector<HitTarget>& targets) {
    ImRect corner(ImVec2(0, 0), ImVec2(theme.px(kCornerSideDesignPx), theme.px(kCornerSideDesignPx)));
    for (const HitTarget& target : targets) {
        const bool wholeScreen = target.rect.GetWidth() >= theme.screen.x * 0.9f && target.rect.GetHeight() >= theme.screen.y * 0.9f;
        if (wholeScreen || !corner.Overlaps(target.rect)) continue;
        // Cut the corner back to the side of the control that keeps the larger square-ish area.
        const float keepWidth = target.rect.Min.x, keepHeight = target.rect.Min.y;
        if (keepWidth * corner.Max.y >= keepHeight * corner.Max.x) corner.Max.x = std::max(0.0f, keepWidth);
        else corner.Max.y = std::max(0.0f, keepHeight);
    }
    return corner;
}

bool AdminGesture::update(std::int64_t nowMs, const TouchState& touch, const ImRect& corner, bool overlayShown) {
    if (!(touch.down && corner.Contains(touch.pos) && corner.Contains(touch.pressPos))) {
        holdStartMs_ = -1;
        return false;
    }
    if (holdStartMs_ < 0) holdStartMs_ = nowMs;
    if (nowMs - holdStartMs_ < limits::kAdminHoldMs || overlayShown) return false;
    holdStartMs_ = -1;
    return true;
}

std::int64_t AdminGesture::opensAtMs() const { return holdStartMs_ < 0 ? -1 : holdStartMs_ + limits::kAdminHoldMs; }

} // namespace kiosk::ui
