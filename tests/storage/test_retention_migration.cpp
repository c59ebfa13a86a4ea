#include <doctest/doctest.h>

#include "kiosk/storage/event_store.h"
#include "tests/support/temp_dir.h"

using namespace kiosk;
using namespace kiosk::storage;
using kiosk::testing::TempDir;

namespace {

constexpr std::int64_t kDayMs = 24ll * 3600 * 1000;

Event eventAt(std::int64_t timestampMs, int sequence) {
    Event e;
    e.type = EventType::View;
    e.timestampMs = timestampMs;
    e.sessionId = "0123456789abcdef0123456789abcdef";
    e.screen = "item";
    e.item = "an-item-with-a-reasonably-long-identifier-" + std::to_string(sequence);
    e.language = "zh-Hans";
    e.value = sequence;
    e.releaseVersion = "2026-05-01.1";
    e.extraJson = R"({"padding":"................................................................"})";
    return e;
}

EventStoreOptions manualRetention() {
    EventStoreOptions options;
    options.retentionCheckIntervalMs = 0;
    options.retentionDays = 180;
    return options;
}

} // namespace

TEST_SUITE("storage") {

TEST_CASE("retention by age deletes only old events that were already pulled") {
    TempDir dir;
    auto store = EventStore::open(dir.path / "events.db", manualRetention());
    REQUIRE(store);
    const std::int64_t now = utcNowMs();
    for (int i = 0; i < 100; ++i) (*store)->record(eventAt(now - 200 * kDayMs, i));   // ids 1..100: old
    for (int i = 100; i < 200; ++i) (*store)->record(eventAt(now - kDayMs, i));       // ids 101..200: recent
    (*store)->flush();
    REQUIRE((*store)->markPulledThrough(150));   // 1..50 old+pulled, 51..100 old+unpulled

    auto report = (*store)->applyRetention(now);
    REQUIRE(report);
    CHECK(report->deletedPulledEvents == 100);
    CHECK(report->droppedUnpulledEvents == 0);
    const EventStoreStats stats = (*store)->stats();
    CHECK(stats.storedEvents == 100);
    CHECK(stats.droppedUnpulledEvents == 0);
    auto remaining = (*store)->readAfter(0, 1000);
    REQUIRE(remaining);
    // Pulled old events are gone; pulled recent ones stay until the size limit needs room.
    CHECK(remaining->front().id == 101);
    (void)remaining;
}

TEST_CASE("retention by age keeps old events nobody has pulled yet") {
    TempDir dir;
    auto store = EventStore::open(dir.path / "events.db", manualRetention());
    REQUIRE(store);
    const std::int64_t now = utcNowMs();
    for (int i = 0; i < 100; ++i) (*store)->record(eventAt(now - 200 * kDayMs, i));
    (*store)->flush();
    REQUIRE((*store)->markPulledThrough(40));
    auto report = (*store)->applyRetention(now);
    REQUIRE(report);
    CHECK(report->deletedPulledEvents == 40);
    auto remaining = (*store)->readAfter(0, 1000);
    REQUIRE(remaining);
    REQUIRE(remaining->size() == 60);
    CHECK(remaining->front().id == 41);
}

TEST_CASE("over the size limit, pulled events go first, oldest first, and unpulled ones stay if that is enough") {
    TempDir dir;
    EventStoreOptions options = manualRetention();
    options.maxDatabaseBytes = 1024 * 1024 * 1024;
    auto store = EventStore::open(dir.path / "events.db", options);
    REQUIRE(store);
    const std::int64_t now = utcNowMs();
    for (int i = 0; i < 6000; ++i) (*store)->record(eventAt(now - kDayMs, i));
    (*store)->flush();
    const std::int64_t fullBytes = (*store)->stats().databaseBytes;
    REQUIRE(fullBytes > 500 * 1024);
    REQUIRE((*store)->markPulledThrough(4000));
    store->reset();

    options.maxDatabaseBytes = fullBytes / 2;   // half: deleting 2/3 (all pulled) is enough
    store = EventStore::open(dir.path / "events.db", options);
    REQUIRE(store);
    auto report = (*store)->applyRetention(now);
    REQUIRE(report);
    CHECK(report->droppedUnpulledEvents == 0);
    CHECK(report->deletedPulledEvents > 0);
    CHECK(report->databaseBytesAfter <= options.maxDatabaseBytes);
    auto remaining = (*store)->readAfter(0, 10000);
    REQUIRE(remaining);
    CHECK(remaining->front().id == report->deletedPulledEvents + 1);   // oldest went first
    CHECK(remaining->back().id == 6000);
    CHECK((*store)->stats().unpulledEvents == 2000);
}

TEST_CASE("dropping unpulled events is the last resort, and it is recorded") {
    TempDir dir;
    EventStoreOptions options = manualRetention();
    auto store = EventStore::open(dir.path / "events.db", options);
    REQUIRE(store);
    const std::int64_t now = utcNowMs();
    for (int i = 0; i < 6000; ++i) (*store)->record(eventAt(now - kDayMs, i));
    (*store)->flush();
    const std::int64_t fullBytes = (*store)->stats().databaseBytes;
    REQUIRE((*store)->markPulledThrough(1000));
    store->reset();

    options.maxDatabaseBytes = fullBytes / 4;
    store = EventStore::open(dir.path / "events.db", options);
    REQUIRE(store);
    auto report = (*store)->applyRetention(now);
    REQUIRE(report);
    CHECK(report->deletedPulledEvents == 1000);
    CHECK(report->droppedUnpulledEvents > 0);
    CHECK(report->databaseBytesAfter <= options.maxDatabaseBytes);
    const EventStoreStats stats = (*store)->stats();
    CHECK(stats.droppedUnpulledEvents == report->droppedUnpulledEvents);
    auto remaining = (*store)->readAfter(0, 10000);
    REQUIRE(remaining);
    const StoredEvent& note = remaining->back();
    CHECK(note.typeName == "error");
    CHECK(note.event.item == "retention_dropped_unpulled");
    CHECK(note.event.value == static_cast<double>(report->droppedUnpulledEvents));
    CHECK(note.id == 6001);
    // The survivors are the newest unpulled events, still contiguous.
    CHECK(remaining->front().id == 1000 + report->droppedUnpulledEvents + 1);
    auto db = SqliteDb::open(dir.path / "events.db");
    REQUIRE(db);
    CHECK(integrityCheck(**db) == "ok");
}

TEST_CASE("a version 1 database made by hand is migrated and keeps its events") {
    TempDir dir;
    const auto file = dir.path / "old.db";
    {
        auto db = SqliteDb::open(file);
        REQUIRE(db);
        REQUIRE((*db)->exec(
            "CREATE TABLE events(id INTEGER PRIMARY KEY AUTOINCREMENT, ts_ms INTEGER NOT NULL,"
            " session TEXT NOT NULL, type TEXT NOT NULL, screen TEXT NOT NULL, item TEXT NOT NULL,"
            " language TEXT NOT NULL, value REAL NOT NULL, release TEXT NOT NULL);"
            "INSERT INTO events(ts_ms, session, type, screen, item, language, value, release) VALUES"
            " (1000, 's1', 'session_start', 'attract', '', 'en', 0, 'r0'),"
            " (2000, 's1', 'view', 'item', 'tea', 'en', 1500, 'r0'),"
            " (3000, 's1', 'session_end', '', '', 'en', 2000, 'r0');"
            "PRAGMA user_version=1;"));
    }
    auto store = EventStore::open(file, manualRetention());
    REQUIRE_MESSAGE(store, (store ? "" : store.error()));
    Event e = eventAt(utcNowMs(), 9);
    (*store)->record(e);
    (*store)->flush();
    auto events = (*store)->readAfter(0, 100);
    REQUIRE(events);
    REQUIRE(events->size() == 4);
    CHECK((*events)[1].event.item == "tea");
    CHECK((*events)[1].event.value == 1500);
    CHECK((*events)[1].event.extraJson.empty());
    CHECK((*events)[3].id == 4);
    CHECK((*events)[3].event.extraJson == e.extraJson);
    CHECK((*store)->stats().pulledThroughId == 0);
    store->reset();
    auto db = SqliteDb::open(file);
    REQUIRE(db);
    CHECK(valueOr((*db)->queryInteger("PRAGMA user_version"), std::int64_t{-1}) == kEventSchemaVersion);
    CHECK((*db)->hasColumn("events", "extra"));
    CHECK(integrityCheck(**db) == "ok");
}

TEST_CASE("a database from a newer kiosk is refused, not damaged") {
    TempDir dir;
    const auto file = dir.path / "future.db";
    {
        auto db = SqliteDb::open(file);
        REQUIRE(db);
        REQUIRE((*db)->exec("CREATE TABLE events(id INTEGER PRIMARY KEY); PRAGMA user_version=99;"));
    }
    auto store = EventStore::open(file);
    REQUIRE_FALSE(store);
    CHECK(store.error().find("newer") != std::string::npos);
    auto db = SqliteDb::open(file);
    REQUIRE(db);
    CHECK(valueOr((*db)->queryInteger("PRAGMA user_version"), std::int64_t{-1}) == 99);
}

TEST_CASE("max_database_mb bounds the bytes on disk, the write-ahead log included") {
    TempDir dir;
    EventStoreOptions options = manualRetention();
    options.maxDatabaseBytes = 3 * 1024 * 1024;
    auto store = EventStore::open(dir.path / "events.db", options);
    REQUIRE(store);
    const std::int64_t now = utcNowMs();
    // Hold a read transaction so that no automatic checkpoint can reset the WAL: it grows.
    {
        auto reader = SqliteDb::open(dir.path / "events.db");
        REQUIRE(reader);
        REQUIRE((*reader)->exec("BEGIN"));
        REQUIRE((*reader)->queryInteger("SELECT count(*) FROM events"));
        for (int i = 0; i < 40000; ++i) (*store)->record(eventAt(now - kDayMs, i));
        (*store)->flush();
        REQUIRE((*reader)->exec("COMMIT"));
    }
    const auto wal = dir.path / "events.db-wal";
    REQUIRE(std::filesystem::exists(wal));
    const auto walBefore = static_cast<std::int64_t>(std::filesystem::file_size(wal));
    CHECK(walBefore > options.maxDatabaseBytes);   // the log alone is over the limit
    CHECK((*store)->stats().databaseBytes >= walBefore);
    REQUIRE((*store)->markPulledThrough(40000));
    auto report = (*store)->applyRetention(now);
    REQUIRE(report);
    const auto onDisk = static_cast<std::int64_t>(std::filesystem::file_size(dir.path / "events.db")) +
                        (std::filesystem::exists(wal) ? static_cast<std::int64_t>(std::filesystem::file_size(wal)) : 0);
    CHECK(onDisk <= options.maxDatabaseBytes);
    CHECK(report->databaseBytesAfter == onDisk);
    CHECK((std::filesystem::exists(wal) ? std::filesystem::file_size(wal) : 0) == 0);   // checkpointed and truncated
    CHECK(report->droppedUnpulledEvents == 0);
    CHECK(report->deletedPulledEvents > 0);
    CHECK(integrityCheck(*SqliteDb::open(dir.path / "events.db").value()) == "ok");
}

TEST_CASE("the kiosk id is recorded with the events") {
    TempDir dir;
    EventStoreOptions options = manualRetention();
    options.kioskId = "hall-q-07";
    {
        auto store = EventStore::open(dir.path / "events.db", options);
        REQUIRE(store);
    }
    auto db = SqliteDb::open(dir.path / "events.db");
    REQUIRE(db);
    CHECK(valueOr((*db)->queryText("SELECT value FROM kiosk_info WHERE key = 'kiosk_id'"), std::string()) == "hall-q-07");
    CHECK(valueOr((*db)->queryInteger("PRAGMA user_version"), std::int64_t{-1}) == 3);
}

}
