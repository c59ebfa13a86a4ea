// The frame scheduler: when the main loops draw, in a window and headless.
#include <doctest/doctest.h>

#include "kiosk/core/frame_scheduler.h"
#include "kiosk/core/limits.h"

using kiosk::FrameScheduler;
namespace limits = kiosk::limits;

TEST_SUITE("core.frame_scheduler") {

TEST_CASE("the first frame is due at once") {
    FrameScheduler s;
    CHECK(s.due(0));
    CHECK(s.nextUnobservedFrameMs() == 0);
}

TEST_CASE("a still screen with no timer draws nothing until something asks") {
    FrameScheduler s;
    s.frameDrawn(1000, false, -1);
    CHECK(s.nextFrameMs() == -1);
    CHECK_FALSE(s.due(1000000));
    CHECK_FALSE(s.pictureChanging());
    s.requestFrames(limits::kFramesAfterInput);   // a touch
    CHECK(s.pictureChanging());
    CHECK(s.nextFrameMs() == 1000 + limits::kFrameMs);
    CHECK_FALSE(s.due(1000 + limits::kFrameMs - 1));   // display-rate cap
    CHECK(s.due(1000 + limits::kFrameMs));
    for (int i = 0; i < limits::kFramesAfterInput; ++i) s.frameDrawn(1100 + i * 16, false, -1);
    CHECK(s.nextFrameMs() == -1);
}

TEST_CASE("an animating UI is drawn at display rate on screen, and skipped while nobody looks") {
    FrameScheduler s;
    s.frameDrawn(5000, true, 9000);
    CHECK(s.nextFrameMs() == 5000 + limits::kFrameMs);
    CHECK(s.nextUnobservedFrameMs() == 9000);
    CHECK(s.pictureChanging());
    s.frameDrawn(5016, true, -1);   // animating with no timer: slow ticks, so later timers are not lost
    CHECK(s.nextUnobservedFrameMs() == 5016 + limits::kIdleFrameWaitMs);
    s.frameDrawn(5300, false, -1);
    CHECK(s.nextUnobservedFrameMs() == -1);
}

TEST_CASE("a UI timer wakes the loop at its time, never before the last frame") {
    FrameScheduler s;
    s.frameDrawn(2000, false, 62000);   // the idle countdown
    CHECK(s.nextFrameMs() == 62000);
    CHECK_FALSE(s.due(61999));
    CHECK(s.due(62000));
    s.frameDrawn(3000, false, 2500);    // a timer already past: the next millisecond
    CHECK(s.nextFrameMs() == 3001);
}

}
