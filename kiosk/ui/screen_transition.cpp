#include "kiosk/ui/screen_transition.h"

#include <algorithm>
#include <cmath>

#include "kiosk/core/limits.h"


namespace kiosk::ui {

namespace {
float easeOut(float t) { return 1.0f - (1.0f - t) * (1.0f - t) * (1.0f - t); }
} // namespace

float ScreenTransition::progress(std::int64_t nowMs) const {
    return std::clamp(static_cast<float>(nowMs - startMs_) / limits::kTransitionMs, 0.0f, 1.0f);
}

float ScreenTransition::slideOffsetPx(float progress, const Theme& theme, bool rightToLeft) {
    // Whole pixels: every shape keeps its coverage of the pixels while the screen slides (the
    // software renderer draws it from the masks it already has) and text stays as crisp as at rest.
    return std::round((1.0f - easeOut(progress)) * theme.px(kSlideDesignPx)) * (rightToLeft ? -1.0f : 1.0f);
}

bool ScreenTransition::apply(ImDrawList* draw, int vertexStart, ImVec2 displaySize, const Theme& theme, bool rightToLeft,
                             std::int64_t nowMs) const {
    const float t = progress(nowMs);
    if (t >= 1.0f) return false;
    const float dx = slideOffsetPx(t, theme, rightToLeft);
    for (int i = vertexStart; i < draw->VtxBuffer.Size; ++i) draw->VtxBuffer[i].pos.x += dx;
    draw->AddRectFilled(ImVec2(0, 0), displaySize, withAlpha(theme.background, 1.0f - easeOut(t)));
    return true;
}

} // namespace kiosk::ui
