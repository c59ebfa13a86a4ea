// The screen change: the new screen slides in from the reading side (kSlideDesignPx at 1080 px,
// mirrored for right-to-left languages) and fades up from the background over
// limits::kTransitionMs, with an ease-out (cubic) curve.
// progress()/slideOffsetPx() are pure; apply() edits the draw list of the frame. UI thread only.
#pragma once
#include <cstdint>

#include "kiosk/ui/theme.h"

namespace kiosk::ui {

class ScreenTransition {
public:
    static constexpr float kSlideDesignPx = 60.0f;

    void start(std::int64_t nowMs) { startMs_ = nowMs; }
    // 0 at the start, 1 from limits::kTransitionMs on (and before any start).
    float progress(std::int64_t nowMs) const;
    bool running(std::int64_t nowMs) const { return progress(nowMs) < 1.0f; }
    // How far (whole px, signed) the new screen is shifted at `progress`.
    static float slideOffsetPx(float progress, const Theme& theme, bool rightToLeft);
    // Shifts the vertices drawn since `vertexStart` and covers them with the background,
    // fading out. True while the transition runs (the app draws the next frame at display rate).
    bool apply(ImDrawList* draw, int vertexStart, ImVec2 displaySize, const Theme& theme, bool rightToLeft,
               std::int64_t nowMs) const;

private:
    std::int64_t startMs_ = -100000;   // long ago: no transition at start-up
};

} // namespace kiosk::ui
