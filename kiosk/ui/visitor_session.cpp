#include "kiosk/ui/visitor_session.h"

#include <algorithm>
#include <cmath>

namespace kiosk::ui {

VisitorSession::IdleStep VisitorSession::idleStep(std::int64_t nowMs, ScreenId screen) const {
    if (!idleTimerRuns(screen) || screen == ScreenId::Admin) return IdleStep::None;
    if (nowMs >= resetAtMs()) return IdleStep::Reset;
    if (nowMs >= idleAtMs()) return IdleStep::Countdown;
    return IdleStep::None;
}

long VisitorSession::countdownSecondsLeft(std::int64_t nowMs) const {
    return std::max(0L, static_cast<long>(std::ceil((resetAtMs() - nowMs) / 1000.0)));
}

std::int64_t VisitorSession::nextWakeMs(std::int64_t nowMs, ScreenId screen) const {
    if (!idleTimerRuns(screen)) return -1;
    const std::int64_t idleAt = idleAtMs();
    if (nowMs < idleAt) return idleAt;
    return nowMs + 1000 - (nowMs - idleAt) % 1000;   // the countdown ticks every second
}

void VisitorSession::beginIfVisiting(std::int64_t nowMs, ScreenId screen, const std::string& language) {
    // The technician's overlay opened from the attract loop is no visit.
    if (active_ || screen == ScreenId::Attract || screen == ScreenId::Admin) return;
    active_ = true;
    ++visits_;
    sessionStartMs_ = nowMs;
    log_.startSession(language);
}

void VisitorSession::logScreenLeft(std::int64_t nowMs, const Destination& place) {
    // Views belong to a visitor's session; the attract loop and the technician's overlay are not views.
    if (!active_ || place.screen == ScreenId::Attract || place.screen == ScreenId::Admin) return;
    log_.add(EventType::View, screenName(place.screen), place.subject,
             static_cast<double>(std::max<std::int64_t>(0, nowMs - screenEnteredMs_)));
}

void VisitorSession::end(std::int64_t nowMs, const Destination& place) {
    if (!active_) return;
    logScreenLeft(nowMs, place);
    log_.endSession(nowMs - sessionStartMs_);
    active_ = false;
}

} // namespace kiosk::ui
