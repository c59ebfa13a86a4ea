// Time sources. The UI only asks a Clock; headless runs use a VirtualClock that scripts advance.
#pragma once
#include <chrono>
#include <cstdint>

namespace kiosk {

class Clock {
public:
    virtual ~Clock() = default;
    virtual std::int64_t nowMs() const = 0;   // monotonic milliseconds
};

class SteadyClock final : public Clock {
public:
    std::int64_t nowMs() const override {
        using namespace std::chrono;
        return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
    }
};

class VirtualClock final : public Clock {
public:
    std::int64_t nowMs() const override { return now_; }
    void advance(std::int64_t ms) { now_ += ms; }
private:
    std::int64_t now_ = 1000;
};

} // namespace kiosk
