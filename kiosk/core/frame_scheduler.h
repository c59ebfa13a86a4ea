// FrameScheduler: the one place that decides when the main loop draws the next frame.
// Both main loops use it: the window loop on the real clock, the headless loop and the script
// player on a virtual clock. The loops only differ in how they wait for the time it names and
// in where the frame's pixels go.
//
// A frame is wanted when
//  - something asked for frames: input arrived, content was offered, a screenshot was
//    requested (requestFrames), drawn at most at display rate;
//  - the last frame was animating (KioskUi::animating()): the next one at display rate;
//  - the UI's next timer is due (KioskUi::nextWakeMs(): slide change, idle countdown and
//    reset, technician timeout, corner hold).
// Otherwise nothing is drawn until input or a request arrives: an idle kiosk costs no CPU.
// No SDL here: the loops' hooks (rotation, watchdog notifications) go around frameDrawn().
#pragma once
#include <cstdint>

namespace kiosk {

class FrameScheduler {
public:
    // Asks for `frames` frames from now on (input: a few, so that presses and releases show).
    void requestFrames(int frames);

    // Records a drawn frame: its time, whether the UI is animating, and the UI's next timer
    // (-1: none).
    void frameDrawn(std::int64_t nowMs, bool animating, std::int64_t wakeMs);

    // When the next frame should be drawn, on the loop's clock; <= now: draw now; -1: only
    // when something requests one. Respects the display-rate cap after the last frame.
    std::int64_t nextFrameMs() const;

    // The same for a screen nobody is looking at (headless, no capture pending): animation
    // frames are skipped, since every animation is a function of time; only requests and UI
    // timers count (an animation with no timer at all: every kIdleFrameWaitMs). -1: nothing
    // until a request.
    std::int64_t nextUnobservedFrameMs() const;

    bool due(std::int64_t nowMs) const {
        const std::int64_t next = nextFrameMs();
        return next >= 0 && nowMs >= next;
    }
    // True while the last frame animated or frames are still requested: the picture on the
    // screen would still change without a timer.
    bool pictureChanging() const { return animating_ || requestedFrames_ > 0; }
    std::int64_t lastFrameMs() const { return lastFrameMs_; }
    std::int64_t wakeMs() const { return wakeMs_; }

private:
    int requestedFrames_ = 0;
    bool animating_ = false;
    std::int64_t wakeMs_ = -1;
    std::int64_t lastFrameMs_ = -1;   // -1: no frame yet
};

} // namespace kiosk
