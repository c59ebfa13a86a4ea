// Hands screenshot requests from API threads to the main loop, which alone touches the display.
// The API thread asks and waits; the main loop sees pending(), renders a frame, encodes it as
// PNG and fulfils every request waiting so far.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <vector>

#include "kiosk/core/result.h"

namespace kiosk::api {

class ScreenshotExchange {
public:
    // API thread: the next frame as PNG, or an error after `timeout` or on shutdown.
    Result<std::vector<std::uint8_t>> request(std::chrono::milliseconds timeout);

    // Main loop.
    bool pending() const;
    void fulfil(std::vector<std::uint8_t> png);   // empty: the frame could not be encoded
    // Sleeps up to `timeout`, returning early when a request arrives (the headless loop).
    void waitForRequest(std::chrono::milliseconds timeout);
    // Wakes every waiter with an error; later requests fail at once.
    void shutdown();

    // Called on the API thread after a request was queued (e.g. to wake a window's event wait).
    std::function<void()> onRequest;

private:
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::uint64_t requested_ = 0;
    std::uint64_t served_ = 0;
    std::vector<std::uint8_t> png_;
    bool shutDown_ = false;
};

} // namespace kiosk::api
