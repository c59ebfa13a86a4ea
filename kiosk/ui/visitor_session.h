// The visitor's session and the idle timer.
// A session starts in the first frame away from the attract loop (session_start) and ends at
// the idle reset, at "back" to the attract loop, or when the kiosk stops (session_end with its
// length); each screen left during it is a view event with its dwell time. Without a touch or
// key for idleTimeoutSeconds the "still there?" countdown shows over the screen; after
// idleCountdownSeconds more the kiosk goes back to the attract loop. The attract loop, the
// technician overlay and a curator's preview never count down.
// Pure logic with the (possibly virtual) clock passed in: no ImGui context. UI thread only.
#pragma once
#include <cstdint>
#include <string>

#include "kiosk/core/event_log.h"
#include "kiosk/ui/screen.h"

namespace kiosk::ui {

struct IdleTimes {
    int idleTimeoutSeconds = 0;     // no input for this long: the countdown shows
    int idleCountdownSeconds = 0;   // the countdown's length: then the attract loop
    bool preview = false;           // curator's preview: no idle countdown or reset
};

class VisitorSession {
public:
    enum class IdleStep { None, Countdown, Reset };

    VisitorSession(EventLog& log, IdleTimes times) : log_(log), times_(times) {}

    // The first frame starts the idle timer (input before it does not exist).
    void startClock(std::int64_t nowMs) { if (lastInputMs_ == 0) lastInputMs_ = nowMs; }
    // A touch (down or released) or a key at this time: the idle timer starts again.
    void noteInput(std::int64_t nowMs) { lastInputMs_ = nowMs; }
    std::int64_t lastInputMs() const { return lastInputMs_; }
    // When the countdown shows, and when the reset comes, for the input so far.
    std::int64_t idleAtMs() const { return lastInputMs_ + times_.idleTimeoutSeconds * 1000LL; }
    std::int64_t resetAtMs() const { return idleAtMs() + times_.idleCountdownSeconds * 1000LL; }
    // True when no input came for idleTimeoutSeconds.
    bool idle(std::int64_t nowMs) const { return nowMs >= idleAtMs(); }
    // True where the idle timer runs: not on the attract loop, not in a preview.
    bool idleTimerRuns(ScreenId screen) const { return !times_.preview && screen != ScreenId::Attract; }
    // True when the idle timer has run out on `screen` at `nowMs`: a touch now only dismisses
    // "still there?" (it does nothing else).
    bool countdownShowing(std::int64_t nowMs, ScreenId screen) const { return idleTimerRuns(screen) && idle(nowMs); }
    // What the idle timer does on `screen` now (never on the attract loop, the overlay, in preview).
    IdleStep idleStep(std::int64_t nowMs, ScreenId screen) const;
    // Whole seconds left before the reset, as the countdown shows them (>= 0).
    long countdownSecondsLeft(std::int64_t nowMs) const;
    // The next time the idle timer changes the picture on `screen` (-1: none): the countdown's
    // appearance, then each second of it.
    std::int64_t nextWakeMs(std::int64_t nowMs, ScreenId screen) const;
    const IdleTimes& times() const { return times_; }

    bool active() const { return active_; }
    // Visits begun since start (the current one included): what rotates from one visitor to the next.
    std::uint64_t visits() const { return visits_; }
    // Starts a session when the visitor is away from the attract loop and none runs (the
    // technician overlay opened from the attract loop is no visit).
    void beginIfVisiting(std::int64_t nowMs, ScreenId screen, const std::string& language);
    // A screen was entered at this time (for its dwell time).
    void enteredScreen(std::int64_t nowMs) { screenEnteredMs_ = nowMs; }
    // A view event for the place being left, with its dwell ms; only in a session, and never
    // for the attract loop or the technician overlay.
    void logScreenLeft(std::int64_t nowMs, const Destination& place);
    // Ends the session (the view of `place`, then session_end); nothing when none runs.
    void end(std::int64_t nowMs, const Destination& place);

private:
    EventLog& log_;
    IdleTimes times_;
    std::int64_t lastInputMs_ = 0;
    std::int64_t sessionStartMs_ = 0;
    std::int64_t screenEnteredMs_ = 0;
    bool active_ = false;
    std::uint64_t visits_ = 0;
};

} // namespace kiosk::ui
