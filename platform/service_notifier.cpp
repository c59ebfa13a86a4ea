#include "platform/service_notifier.h"

#include <systemd/sd-daemon.h>

#include <cstdlib>

namespace kiosk::platform {

ServiceNotifier::ServiceNotifier() {
    const char* socket = std::getenv("NOTIFY_SOCKET");
    underSystemd_ = socket && *socket;
    std::uint64_t usec = 0;
    // > 0 only when WATCHDOG_USEC is set (and WATCHDOG_PID, if set, is this process).
    if (underSystemd_ && sd_watchdog_enabled(0, &usec) > 0) watchdogIntervalMs_ = static_cast<std::int64_t>(usec / 1000);
}

void ServiceNotifier::mainLoopAlive(std::int64_t nowMs) {
    if (!underSystemd_ || watchdogIntervalMs_ <= 0) return;
    if (lastWatchdogMs_ >= 0 && nowMs - lastWatchdogMs_ < watchdogIntervalMs_ / 3) return;
    lastWatchdogMs_ = nowMs;
    sd_notify(0, "WATCHDOG=1");
}

void ServiceNotifier::frameShown(std::int64_t nowMs, const std::string& status) {
    if (!underSystemd_) return;
    if (!ready_ || status != lastStatus_) {
        const std::string message = (ready_ ? "" : "READY=1\n") + std::string("STATUS=") + status;
        sd_notify(0, message.c_str());
        ready_ = true;
        lastStatus_ = status;
    }
    mainLoopAlive(nowMs);
}

void ServiceNotifier::stopping() {
    if (underSystemd_) sd_notify(0, "STOPPING=1");
}

} // namespace kiosk::platform
