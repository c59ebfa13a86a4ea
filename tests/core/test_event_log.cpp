#include <doctest/doctest.h>

#include "kiosk/core/event_log.h"

using namespace kiosk;

TEST_SUITE("core.event_log") {

TEST_CASE("events carry the session, language and release, sessions get fresh random ids") {
    MemoryEventSink sink;
    EventLog log(&sink);
    log.setReleaseVersion("7");
    log.startSession("ar");
    const std::string first = log.sessionId();
    CHECK(first.size() == 32);
    log.add(EventType::View, "item", "ne-zha-2", 4200);
    log.endSession(9000);
    log.startSession("en");
    CHECK(log.sessionId() != first);

    const auto events = sink.events();
    REQUIRE(events.size() == 4);
    CHECK(events[0].type == EventType::SessionStart);
    CHECK(events[1].sessionId == first);
    CHECK(events[1].language == "ar");
    CHECK(events[1].item == "ne-zha-2");
    CHECK(events[1].value == 4200);
    CHECK(events[1].releaseVersion == "7");
    CHECK(events[1].timestampMs > 1600000000000);
    CHECK(events[2].type == EventType::SessionEnd);
    CHECK(events[2].value == 9000);
    CHECK(std::string(eventTypeName(events[3].type)) == "session_start");
}

TEST_CASE("the in-memory fallback keeps the newest events within its bound and counts the dropped ones") {
    MemoryEventSink sink(3);
    EventLog log(&sink);
    for (int i = 0; i < 10; ++i) log.add(EventType::View, "item", "item-" + std::to_string(i), i);
    const auto events = sink.events();
    REQUIRE(events.size() == 3);
    CHECK(events.front().item == "item-7");
    CHECK(events.back().item == "item-9");
    CHECK(sink.droppedCount() == 7);
    MemoryEventSink none(0);
    none.record({});
    CHECK(none.events().empty());
    CHECK(none.droppedCount() == 1);
}

}
