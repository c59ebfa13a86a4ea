#include "kiosk/core/frame_scheduler.h"

#include <algorithm>

#include "kiosk/core/limits.h"

namespace kiosk {

void FrameScheduler::requestFrames(int frames) { requestedFrames_ = std::max(requestedFrames_, frames); }

void FrameScheduler::frameDrawn(std::int64_t nowMs, bool animating, std::int64_t wakeMs) {
    lastFrameMs_ = nowMs;
    animating_ = animating;
    wakeMs_ = wakeMs;
    if (requestedFrames_ > 0) --requestedFrames_;
}

std::int64_t FrameScheduler::nextFrameMs() const {
    if (lastFrameMs_ < 0) return 0;   // the first frame: now
    const std::int64_t displayRate = lastFrameMs_ + limits::kFrameMs;
    if (requestedFrames_ > 0 || animating_) return displayRate;
    if (wakeMs_ < 0) return -1;
    return std::max(wakeMs_, lastFrameMs_ + 1);
}

std::int64_t FrameScheduler::nextUnobservedFrameMs() const {
    if (lastFrameMs_ < 0) return 0;
    if (requestedFrames_ > 0) return lastFrameMs_ + limits::kFrameMs;
    // An animation that names no timer (a UI mistake): keep ticking, if slowly, so that the
    // timers that follow it are not lost.
    if (wakeMs_ < 0) return animating_ ? lastFrameMs_ + limits::kIdleFrameWaitMs : -1;
    return std::max(wakeMs_, lastFrameMs_ + 1);
}

} // namespace kiosk
