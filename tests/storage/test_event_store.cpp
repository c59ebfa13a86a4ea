#include <doctest/doctest.h>

#include <condition_variable>
#include <fstream>
#include <mutex>

#include "kiosk/storage/event_store.h"
#include "tests/support/temp_dir.h"

using namespace kiosk;
using namespace kiosk::storage;
using kiosk::testing::TempDir;

namespace {

Event makeEvent(int sequence, EventType type = EventType::View) {
    Event e;
    e.type = type;
    e.timestampMs = utcNowMs();
    e.sessionId = "session-a";
    e.screen = "item";
    e.item = "item-" + std::to_string(sequence);
    e.language = "en";
    e.value = sequence;
    e.releaseVersion = "r1";
    return e;
}

EventStoreOptions slowWriter() {
    EventStoreOptions options;
    options.batchMs = 60 * 60 * 1000;   // never by time: only flush() or a full batch commits
    options.batchEvents = 1000000;
    options.retentionCheckIntervalMs = 0;
    return options;
}

} // namespace

TEST_SUITE("storage") {

TEST_CASE("events come back in the order they were recorded, with ascending ids and all fields") {
    TempDir dir;
    auto store = EventStore::open(dir.path / "events.db");
    REQUIRE_MESSAGE(store, (store ? "" : store.error()));
    for (int i = 0; i < 1000; ++i) {
        Event e = makeEvent(i, i % 2 ? EventType::Swipe : EventType::View);
        if (i == 7) e.extraJson = R"({"image":3})";
        (*store)->record(std::move(e));
    }
    (*store)->flush();
    auto events = (*store)->readAfter(0, 5000);
    REQUIRE(events);
    REQUIRE(events->size() == 1000);
    for (int i = 0; i < 1000; ++i) {
        const StoredEvent& s = (*events)[static_cast<std::size_t>(i)];
        CHECK(s.id == i + 1);
        CHECK(s.event.value == i);
        CHECK(s.event.item == "item-" + std::to_string(i));
        CHECK(s.typeName == (i % 2 ? "swipe" : "view"));
    }
    CHECK((*events)[7].event.extraJson == R"({"image":3})");
    CHECK((*events)[7].event.sessionId == "session-a");
    CHECK((*events)[7].event.releaseVersion == "r1");

    auto page = (*store)->readAfter(500, 100);
    REQUIRE(page);
    REQUIRE(page->size() == 100);
    CHECK(page->front().id == 501);
    CHECK(page->back().id == 600);
    auto tail = (*store)->readAfter(1000, 100);
    REQUIRE(tail);
    CHECK(tail->empty());
}

TEST_CASE("the writer commits on its own when a batch fills, without flush") {
    TempDir dir;
    std::mutex mutex;
    std::condition_variable committed;
    std::int64_t lastCommitted = 0;
    EventStoreOptions options = slowWriter();
    options.batchEvents = 10;
    options.onCommitted = [&](std::int64_t id) {
        std::lock_guard lock(mutex);
        lastCommitted = id;
        committed.notify_all();
    };
    auto store = EventStore::open(dir.path / "events.db", options);
    REQUIRE(store);
    for (int i = 0; i < 10; ++i) (*store)->record(makeEvent(i));
    std::unique_lock lock(mutex);
    // Generous bound: only guards against hanging forever if the writer never wakes.
    const bool woke = committed.wait_for(lock, std::chrono::seconds(60), [&] { return lastCommitted >= 10; });
    CHECK(woke);
    CHECK(lastCommitted == 10);
}

TEST_CASE("the writer commits on its own after the batch window, without flush") {
    TempDir dir;
    std::mutex mutex;
    std::condition_variable committed;
    std::int64_t lastCommitted = 0;
    EventStoreOptions options;
    options.batchMs = 20;
    options.retentionCheckIntervalMs = 0;
    options.onCommitted = [&](std::int64_t id) {
        std::lock_guard lock(mutex);
        lastCommitted = id;
        committed.notify_all();
    };
    auto store = EventStore::open(dir.path / "events.db", options);
    REQUIRE(store);
    for (int i = 0; i < 3; ++i) (*store)->record(makeEvent(i));
    std::unique_lock lock(mutex);
    CHECK(committed.wait_for(lock, std::chrono::seconds(60), [&] { return lastCommitted >= 3; }));
}

TEST_CASE("a full queue counts the overflow, and the count is itself logged as an event") {
    TempDir dir;
    EventStoreOptions options = slowWriter();
    options.maxQueuedEvents = 10;
    auto store = EventStore::open(dir.path / "events.db", options);
    REQUIRE(store);
    for (int i = 0; i < 25; ++i) (*store)->record(makeEvent(i));
    CHECK((*store)->stats().overflowedEvents == 15);
    CHECK((*store)->stats().queuedEvents == 10);
    (*store)->flush();
    auto events = (*store)->readAfter(0, 100);
    REQUIRE(events);
    REQUIRE(events->size() == 11);
    for (int i = 0; i < 10; ++i) CHECK((*events)[static_cast<std::size_t>(i)].event.value == i);
    const StoredEvent& note = events->back();
    CHECK(note.typeName == "error");
    CHECK(note.event.item == "event_queue_overflow");
    CHECK(note.event.value == 15);
    CHECK(note.event.extraJson == R"({"dropped_events":15})");
    const EventStoreStats stats = (*store)->stats();
    CHECK(stats.overflowedEvents == 15);
    CHECK(stats.storedEvents == 11);
}

TEST_CASE("events survive closing and reopening, ids continue and are never reused") {
    TempDir dir;
    {
        auto store = EventStore::open(dir.path / "events.db");
        REQUIRE(store);
        for (int i = 0; i < 5; ++i) (*store)->record(makeEvent(i));
    }   // the destructor commits the queue
    auto store = EventStore::open(dir.path / "events.db");
    REQUIRE(store);
    CHECK((*store)->stats().storedEvents == 5);
    (*store)->record(makeEvent(5));
    (*store)->flush();
    auto events = (*store)->readAfter(4, 10);
    REQUIRE(events);
    REQUIRE(events->size() == 2);
    CHECK(events->back().id == 6);
}

TEST_CASE("the pulled cursor only moves forward and never past the last id") {
    TempDir dir;
    auto store = EventStore::open(dir.path / "events.db");
    REQUIRE(store);
    for (int i = 0; i < 10; ++i) (*store)->record(makeEvent(i));
    (*store)->flush();
    REQUIRE((*store)->markPulledThrough(6));
    CHECK((*store)->stats().pulledThroughId == 6);
    CHECK((*store)->stats().unpulledEvents == 4);
    REQUIRE((*store)->markPulledThrough(3));
    CHECK((*store)->stats().pulledThroughId == 6);
    REQUIRE((*store)->markPulledThrough(1000));
    CHECK((*store)->stats().pulledThroughId == 10);
    CHECK((*store)->stats().unpulledEvents == 0);
}

TEST_CASE("opening a file that is not an event database fails with a clear message") {
    TempDir dir;
    {
        std::ofstream out(dir.path / "garbage.db");
        out << "this is not a database, just text that goes on for a while............................";
    }
    auto store = EventStore::open(dir.path / "garbage.db");
    REQUIRE_FALSE(store);
    CHECK(store.error().find("garbage.db") != std::string::npos);
    auto missingDir = EventStore::open(dir.path / "no" / "such" / "dir" / "events.db");
    REQUIRE_FALSE(missingDir);
    CHECK(missingDir.error().find("cannot open") != std::string::npos);
}

TEST_CASE("event lines round-trip through JSON, and bad lines are rejected") {
    StoredEvent stored;
    stored.id = 42;
    stored.typeName = "view";
    stored.event = makeEvent(3);
    stored.event.timestampMs = 1777629600123;   // 2026-05-01T10:00:00.123Z
    stored.event.item = "quote \" comma , newline \n 中文";
    stored.event.extraJson = R"({"a":[1,2]})";
    const std::string line = toJsonLine(stored);
    CHECK(line.find("\"time\":\"2026-05-01T10:00:00.123Z\"") != std::string::npos);
    CHECK(line.find('\n') == std::string::npos);
    auto back = fromJsonLine(line);
    REQUIRE(back);
    CHECK(back->id == 42);
    CHECK(back->event.item == stored.event.item);
    CHECK(back->event.extraJson == stored.event.extraJson);
    CHECK(back->event.timestampMs == stored.event.timestampMs);
    CHECK_FALSE(fromJsonLine("not json"));
    CHECK_FALSE(fromJsonLine(R"({"id":0,"type":"view","ts_ms":1})"));
    CHECK_FALSE(fromJsonLine(R"({"type":"view","ts_ms":1})"));
}

TEST_CASE("dates parse as UTC and bad dates are refused") {
    auto day = parseIsoUtc("2026-05-01");
    REQUIRE(day);
    CHECK(isoUtc(*day) == "2026-05-01T00:00:00.000Z");
    auto time = parseIsoUtc("2026-05-01T10:30:15Z");
    REQUIRE(time);
    CHECK(isoUtc(*time) == "2026-05-01T10:30:15.000Z");
    CHECK_FALSE(parseIsoUtc("2026-13-01"));
    CHECK_FALSE(parseIsoUtc("2026-02-30"));
    CHECK_FALSE(parseIsoUtc("yesterday"));
    CHECK_FALSE(parseIsoUtc("2026-05-01T10:30:15+02:00"));
}

}

TEST_SUITE("storage") {

TEST_CASE("the durability pragmas are read back, and a database without them is refused") {
    TempDir dir;
    auto db = openEventDatabase(dir.path / "events.db");
    REQUIRE_MESSAGE(db, (db ? "" : db.error()));
    const Status durable = checkDurability(**db);
    CHECK_MESSAGE(durable.ok(), (durable ? "" : durable.error()));

    REQUIRE((*db)->exec("PRAGMA synchronous=NORMAL"));
    const Status normal = checkDurability(**db);
    REQUIRE_FALSE(normal);
    CHECK(normal.error() == "synchronous is 1, not FULL (2)");

    REQUIRE((*db)->exec("PRAGMA synchronous=FULL"));
    REQUIRE((*db)->queryText("PRAGMA journal_mode=DELETE"));
    const Status rollbackJournal = checkDurability(**db);
    REQUIRE_FALSE(rollbackJournal);
    CHECK(rollbackJournal.error() == "journal_mode is 'delete', not 'wal'");
}

}
