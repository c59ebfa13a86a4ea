#include "kiosk/api/screenshot_exchange.h"

namespace kiosk::api {

Result<std::vector<std::uint8_t>> ScreenshotExchange::request(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    if (shutDown_) return Error{"the kiosk is shutting down"};
    const std::uint64_t mine = ++requested_;
    changed_.notify_all();
    if (onRequest) {
        lock.unlock();
        onRequest();
        lock.lock();
    }
    if (!changed_.wait_for(lock, timeout, [&] { return served_ >= mine || shutDown_; }))
        return Error{"the display did not produce a frame in time"};
    if (served_ < mine) return Error{"the kiosk is shutting down"};
    if (png_.empty()) return Error{"the frame could not be encoded"};
    return png_;
}

bool ScreenshotExchange::pending() const {
    std::lock_guard lock(mutex_);
    return requested_ > served_;
}

void ScreenshotExchange::fulfil(std::vector<std::uint8_t> png) {
    {
        std::lock_guard lock(mutex_);
        png_ = std::move(png);
        served_ = requested_;
    }
    changed_.notify_all();
}

void ScreenshotExchange::waitForRequest(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, timeout, [&] { return requested_ > served_ || shutDown_; });
}

void ScreenshotExchange::shutdown() {
    {
        std::lock_guard lock(mutex_);
        shutDown_ = true;
    }
    changed_.notify_all();
}

} // namespace kiosk::api
