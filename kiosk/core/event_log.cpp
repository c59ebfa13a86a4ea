#include "kiosk/core/event_log.h"

#include <chrono>
#include <random>

namespace kiosk {

const char* eventTypeName(EventType type) {
    switch (type) {
    case EventType::SessionStart: return "session_start";
    case EventType::SessionEnd: return "session_end";
    case EventType::Language: return "language";
    case EventType::View: return "view";
    case EventType::Swipe: return "swipe";
    case EventType::QrShown: return "qr_shown";
    case EventType::FactsView: return "facts_view";
    case EventType::IdleReset: return "idle_reset";
    case EventType::Sync: return "sync";
    case EventType::Error: return "error";
    }
    return "unknown";
}

void MemoryEventSink::record(Event event) {
    std::lock_guard lock(mutex_);
    if (maxEvents_ == 0) { ++dropped_; return; }
    while (events_.size() >= maxEvents_) {
        events_.pop_front();
        ++dropped_;
    }
    events_.push_back(std::move(event));
}

std::vector<Event> MemoryEventSink::events() const {
    std::lock_guard lock(mutex_);
    return {events_.begin(), events_.end()};
}

std::size_t MemoryEventSink::size() const {
    std::lock_guard lock(mutex_);
    return events_.size();
}

std::uint64_t MemoryEventSink::droppedCount() const {
    std::lock_guard lock(mutex_);
    return dropped_;
}

std::string newSessionId() {
    static thread_local std::random_device device;
    static const char* kHex = "0123456789abcdef";
    std::string id;
    for (int i = 0; i < 4; ++i) {
        std::uint32_t bits = device();
        for (int k = 0; k < 8; ++k) { id.push_back(kHex[bits & 0xF]); bits >>= 4; }
    }
    return id;
}

std::int64_t utcNowMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void EventLog::startSession(const std::string& language) {
    sessionId_ = newSessionId();
    language_ = language;
    add(EventType::SessionStart, "attract");
}

void EventLog::endSession(std::int64_t durationMs) {
    if (sessionId_.empty()) return;
    add(EventType::SessionEnd, "", {}, static_cast<double>(durationMs));
    sessionId_.clear();
}

void EventLog::add(EventType type, const std::string& screen, const std::string& item, double value,
                   const std::string& extraJson) {
    if (!sink_) return;
    Event event;
    event.type = type;
    event.timestampMs = utcNowMs();
    event.sessionId = sessionId_;
    event.screen = screen;
    event.item = item;
    event.language = language_;
    event.value = value;
    event.releaseVersion = release_;
    event.extraJson = extraJson;
    sink_->record(std::move(event));
}

} // namespace kiosk
