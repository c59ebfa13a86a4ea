// Tells systemd how the kiosk is doing when it runs as a Type=notify service
// (deploy/exhibition-kiosk.service), through libsystemd's sd_notify:
//   READY=1     after the first frame is on the screen (systemd considers the unit started);
//   STATUS=...  "release R, screen S" whenever that changes (`systemctl status` shows it);
//   WATCHDOG=1  from the main loop, at a third of WatchdogSec=: a hung loop stops the pings
//               and systemd restarts the kiosk.
// Outside systemd (no NOTIFY_SOCKET: desktops, tests, headless runs) every call does nothing.
// Main thread only.
#pragma once
#include <cstdint>
#include <string>

namespace kiosk::platform {

class ServiceNotifier {
public:
    ServiceNotifier();   // reads NOTIFY_SOCKET and WATCHDOG_USEC once

    bool underSystemd() const { return underSystemd_; }
    // 0 when the unit has no WatchdogSec=.
    std::int64_t watchdogIntervalMs() const { return watchdogIntervalMs_; }

    // Called once per main-loop turn (the loop wakes at least every second). Sends WATCHDOG=1
    // when a third of the watchdog interval has passed since the last one.
    void mainLoopAlive(std::int64_t nowMs);
    // Called after a frame was presented: READY=1 the first time, STATUS= when `status`
    // differs from the last one sent; also counts as the main loop being alive.
    void frameShown(std::int64_t nowMs, const std::string& status);
    // STOPPING=1, before an orderly exit.
    void stopping();

private:
    bool underSystemd_ = false;
    bool ready_ = false;
    std::int64_t watchdogIntervalMs_ = 0;
    std::int64_t lastWatchdogMs_ = -1;
    std::string lastStatus_;
};

} // namespace kiosk::platform
