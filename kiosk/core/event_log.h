// The event-log interface every screen reports visitor actions through.
// Anonymous: a random session id per visitor, no personal data.
// Implementations (the SQLite writer) live outside the core; the UI thread only enqueues.
#pragma once
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace kiosk {

enum class EventType {
    SessionStart, SessionEnd, Language, View, Swipe, QrShown, FactsView, IdleReset, Sync, Error
};
const char* eventTypeName(EventType type);

struct Event {
    EventType type = EventType::View;
    std::int64_t timestampMs = 0;   // UTC, milliseconds since the epoch (filled in by EventLog)
    std::string sessionId;          // filled in by EventLog
    std::string screen;
    std::string item;
    std::string language;
    double value = 0;               // e.g. dwell milliseconds, session duration
    std::string releaseVersion;     // filled in by EventLog
    std::string extraJson;          // small JSON object, may be empty
};

// Where events go. record() must be cheap and must not block on I/O.
class EventSink {
public:
    virtual ~EventSink() = default;
    virtual void record(Event event) = 0;
};

// Keeps events in memory (tests, and the kiosk when the event store cannot open). Bounded: a
// kiosk runs for weeks; beyond `maxEvents` the oldest event is dropped and counted.
class MemoryEventSink final : public EventSink {
public:
    static constexpr std::size_t kDefaultMaxEvents = 20000;   // ~5 MB of events at most
    explicit MemoryEventSink(std::size_t maxEvents = kDefaultMaxEvents) : maxEvents_(maxEvents) {}
    void record(Event event) override;
    std::vector<Event> events() const;          // oldest first
    std::size_t size() const;
    std::uint64_t droppedCount() const;         // events dropped to stay within maxEvents
private:
    mutable std::mutex mutex_;
    std::size_t maxEvents_;
    std::deque<Event> events_;
    std::uint64_t dropped_ = 0;
};

// What screens call. Adds the session id, time, language and release, then hands the event on.
class EventLog {
public:
    explicit EventLog(EventSink* sink) : sink_(sink) {}

    void startSession(const std::string& language);       // new random session id + session_start
    void endSession(std::int64_t durationMs);
    void setLanguage(const std::string& language) { language_ = language; }
    void setReleaseVersion(const std::string& version) { release_ = version; }
    const std::string& sessionId() const { return sessionId_; }

    // One line per event for screens: log.add(EventType::QrShown, "item", item.id);
    void add(EventType type, const std::string& screen, const std::string& item = {}, double value = 0,
             const std::string& extraJson = {});

private:
    EventSink* sink_;
    std::string sessionId_;
    std::string language_;
    std::string release_;
};

std::string newSessionId();   // 128 random bits, hex
std::int64_t utcNowMs();

} // namespace kiosk
