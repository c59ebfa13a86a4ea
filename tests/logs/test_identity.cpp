// Kiosks are identified by their kiosk id, not their URL; old organizers' databases are
// migrated; two pulls on one organizers' database do not race.
#include <doctest/doctest.h>

#include <sys/wait.h>

#include <cstdio>
#include <thread>

#include "kiosk/storage/sqlite_db.h"
#include "kiosk/tools/logs/logs_pull.h"
#include "kiosk/tools/logs/organizer_database.h"
#include "logs_test_support.h"

using namespace kiosk;
using namespace kiosk::logs;
using namespace kiosk::logs::testing;

namespace {

PullOptions quick() {
    PullOptions options;
    options.pageEvents = 100;
    options.retryFirstDelayMs = 1;
    return options;
}

std::unique_ptr<OrganizerDatabase> organizer(const std::filesystem::path& file) {
    auto db = openOrganizerDatabase(file.string());
    REQUIRE_MESSAGE(db, (db ? "" : db.error()));
    return std::move(*db);
}

// Runs a command, returns its exit status and what it wrote (stdout and stderr).
int run(const std::string& command, std::string& output) {
    output.clear();
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    REQUIRE(pipe);
    char buffer[4096];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
    const int status = ::pclose(pipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

} // namespace

TEST_SUITE("logs") {

TEST_CASE("the same kiosk reached as localhost after 127.0.0.1 is one kiosk: nothing is copied again") {
    TestKiosk kiosk("hall-a-01");
    simulateVisitors(*kiosk.store, 40, utcNowMs() - 3600000, 10000, 11);
    const std::int64_t total = kiosk.store->stats().lastId;
    storage::testing::TempDir dir;
    auto db = organizer(dir.path / "organizer.db");
    const std::string port = std::to_string(kiosk.server->port());

    auto first = pullKiosk(*db, {"", "http://127.0.0.1:" + port, kToken, "", ""}, quick());
    REQUIRE_MESSAGE(first.ok, first.error);
    CHECK(first.newEvents == total);
    // Pretend the kiosk acknowledged nothing (as after a DHCP change the cursor used to be lost).
    auto second = pullKiosk(*db, {"", "http://localhost:" + port, kToken, "", ""}, quick());
    REQUIRE_MESSAGE(second.ok, second.error);
    CHECK(second.kioskId == "hall-a-01");
    CHECK(second.newEvents == 0);
    CHECK(second.cursor == total);
    auto counts = db->countEvents("hall-a-01").value();
    CHECK(counts.events == total);
    CHECK(counts.distinct == total);
    // Even with the cursor set back, the same events are not stored twice.
    REQUIRE(db->setCursor(db->kiosk("hall-a-01", "http://localhost:" + port).value().key, 0));
    auto third = pullKiosk(*db, {"", "http://localhost:" + port + "/", kToken, "", ""}, quick());
    CHECK(third.ok);
    CHECK(third.newEvents == 0);
    CHECK(db->countEvents("hall-a-01").value().events == total);
    auto states = db->pullStates().value();
    REQUIRE(states.size() == 1);
    CHECK(states[0].url == "http://localhost:" + port);   // where it was last seen
}

TEST_CASE("a fleet file's kiosk id must match what the kiosk reports, two URLs of one kiosk in one pull are pulled once") {
    TestKiosk kiosk("hall-a-01");
    simulateVisitors(*kiosk.store, 10, utcNowMs() - 3600000, 10000, 12);
    storage::testing::TempDir dir;
    auto db = organizer(dir.path / "organizer.db");
    const std::string port = std::to_string(kiosk.server->port());
    auto wrong = pullKiosk(*db, {"hall-b-02", kiosk.url(), kToken, "", ""}, quick());
    CHECK_FALSE(wrong.ok);
    CHECK(wrong.error.find("says it is 'hall-a-01'") != std::string::npos);
    CHECK(db->countEvents("hall-a-01").value().events == 0);
    CHECK(db->countEvents("hall-b-02").value().events == 0);

    auto both = pullKiosks(*db, {{"", "http://127.0.0.1:" + port, kToken, "", ""}, {"", "http://localhost:" + port, kToken, "", ""}},
                           quick());
    REQUIRE(both);
    CHECK((*both)[0].ok != (*both)[1].ok);   // exactly one of them pulled
    const auto& refused = (*both)[0].ok ? (*both)[1] : (*both)[0];
    CHECK(refused.error.find("same kiosk id 'hall-a-01'") != std::string::npos);
    CHECK(db->countEvents("hall-a-01").value().events == kiosk.store->stats().lastId);
}

TEST_CASE("an organizers' database of version 1 (kiosks keyed by URL) is migrated, duplicates merged") {
    storage::testing::TempDir dir;
    const auto file = dir.path / "old.db";
    {
        auto old = storage::SqliteDb::open(file);
        REQUIRE(old);
        REQUIRE((*old)->exec(
            "CREATE TABLE kiosks(url TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL DEFAULT '',"
            " cursor INTEGER NOT NULL DEFAULT 0, last_pull_ms INTEGER NOT NULL DEFAULT 0,"
            " last_error TEXT NOT NULL DEFAULT '');"
            "CREATE TABLE events(kiosk TEXT NOT NULL, source_id INTEGER NOT NULL, ts_ms INTEGER NOT NULL,"
            " session TEXT NOT NULL, type TEXT NOT NULL, screen TEXT NOT NULL, item TEXT NOT NULL,"
            " language TEXT NOT NULL, value REAL NOT NULL, release TEXT NOT NULL, extra TEXT NOT NULL,"
            " PRIMARY KEY(kiosk, source_id)) WITHOUT ROWID;"
            "CREATE INDEX events_by_time ON events(ts_ms, kiosk, source_id);"
            "PRAGMA user_version=1;"
            // hall-a-01 pulled at two addresses: 1..6 at the first, 1..9 at the second (1..6 copied twice).
            "INSERT INTO kiosks VALUES ('http://127.0.0.1:8765', 'hall-a-01', 6, 1000, ''),"
            " ('http://localhost:8765', 'hall-a-01', 9, 2000, ''), ('http://10.0.0.9:8765', 'hall-b-01', 3, 1500, 'timeout'),"
            " ('http://10.0.0.7:8765', '', 2, 900, '');"));
        auto add = (*old)->prepare("INSERT INTO events VALUES (?, ?, ?, 's', 'view', 'item', 'tea', 'en', 1, 'r1', '')");
        REQUIRE(add);
        auto insert = [&](const char* url, int from, int to) {
            for (int id = from; id <= to; ++id) {
                add->reset();
                add->bind(1, std::string_view(url)).bind(2, std::int64_t{id}).bind(3, std::int64_t{1777600000000 + id * 1000});
                REQUIRE(add->run());
            }
        };
        insert("http://127.0.0.1:8765", 1, 6);
        insert("http://localhost:8765", 1, 9);
        insert("http://10.0.0.9:8765", 1, 3);
        insert("http://10.0.0.7:8765", 1, 2);
    }
    auto db = organizer(file);
    auto a = db->countEvents("hall-a-01").value();
    CHECK(a.events == 9);
    CHECK(a.distinct == 9);
    CHECK(a.maxId == 9);
    CHECK(db->countEvents("hall-b-01").value().events == 3);
    CHECK(db->countEvents("http://10.0.0.7:8765").value().events == 2);   // never said its id: keyed by its URL
    auto states = db->pullStates().value();
    REQUIRE(states.size() == 3);
    CHECK(states[0].kioskId == "hall-a-01");
    CHECK(states[0].cursor == 9);
    CHECK(states[0].url == "http://localhost:8765");   // the most recently pulled address
    CHECK(states[1].kioskId == "hall-b-01");
    CHECK(states[1].lastError == "timeout");
    db.reset();
    // Opening again leaves it alone; the file is a sound SQLite database at version 3.
    auto again = organizer(file);
    CHECK(again->countEvents("hall-a-01").value().events == 9);
    auto raw = storage::SqliteDb::open(file);
    REQUIRE(raw);
    CHECK(storage::integrityCheck(**raw) == "ok");
    CHECK(storage::valueOr((*raw)->queryInteger("PRAGMA user_version"), std::int64_t{0}) == 3);
}

TEST_CASE("an organizers' database of version 2 loses its unique index, keeps its events, and a pull over them adds none twice") {
    TestKiosk kiosk("hall-a-01");
    simulateVisitors(*kiosk.store, 20, utcNowMs() - 3600000, 10000, 5);
    const std::int64_t total = kiosk.store->stats().lastId;
    REQUIRE(total > 10);
    storage::testing::TempDir dir;
    const auto file = dir.path / "v2.db";
    {
        // A version 2 file as the previous kiosk-logs made it, holding the kiosk's first 10
        // events (copied from the kiosk's own database) with its cursor at 5: events 6..10 come
        // again in the next pull.
        auto v2 = storage::SqliteDb::open(file);
        REQUIRE(v2);
        REQUIRE((*v2)->exec(
            "PRAGMA journal_mode=WAL;"
            "CREATE TABLE kiosks(key INTEGER PRIMARY KEY, kiosk_id TEXT NOT NULL UNIQUE, url TEXT NOT NULL DEFAULT '',"
            " cursor INTEGER NOT NULL DEFAULT 0, last_pull_ms INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '');"
            "CREATE TABLE events(ts_ms INTEGER NOT NULL, kiosk INTEGER NOT NULL, source_id INTEGER NOT NULL,"
            " session TEXT NOT NULL, type TEXT NOT NULL, screen TEXT NOT NULL, item TEXT NOT NULL, language TEXT NOT NULL,"
            " value REAL NOT NULL, release TEXT NOT NULL, extra TEXT NOT NULL,"
            " PRIMARY KEY(ts_ms, kiosk, source_id)) WITHOUT ROWID;"
            "CREATE UNIQUE INDEX events_once ON events(kiosk, source_id);"
            "CREATE TABLE fleet_snapshots(kiosk_id TEXT NOT NULL, url TEXT NOT NULL, taken_ms INTEGER NOT NULL,"
            " reachable INTEGER NOT NULL, error TEXT NOT NULL, status TEXT NOT NULL);"
            "CREATE INDEX fleet_snapshots_by_kiosk ON fleet_snapshots(kiosk_id, reachable, taken_ms);"
            "PRAGMA user_version=2;"
            "INSERT INTO kiosks(key, kiosk_id, url, cursor) VALUES (1, 'hall-a-01', 'http://old:8765', 5);"));
        REQUIRE((*v2)->exec("ATTACH DATABASE '" + (kiosk.dir.path / "events.db").string() + "' AS kiosk;"
                            "INSERT INTO events SELECT ts_ms, 1, id, session, type, screen, item, language, value, release, extra"
                            " FROM kiosk.events WHERE id <= 10;"
                            "DETACH DATABASE kiosk;"));
    }
    auto db = organizer(file);
    {
        auto raw = storage::SqliteDb::open(file);
        REQUIRE(raw);
        CHECK(storage::valueOr((*raw)->queryInteger("PRAGMA user_version"), std::int64_t{0}) == 3);
        CHECK(storage::valueOr((*raw)->queryInteger("SELECT count(*) FROM sqlite_master WHERE name = 'events_once'"),
                               std::int64_t{-1}) == 0);
    }
    CHECK(db->countEvents("hall-a-01").value().events == 10);
    auto pulled = pullKiosk(*db, {"", "http://127.0.0.1:" + std::to_string(kiosk.server->port()), kToken, "", ""}, quick());
    REQUIRE_MESSAGE(pulled.ok, pulled.error);
    CHECK(pulled.newEvents == total - 10);   // 6..10 fetched again, stored once
    const auto counts = db->countEvents("hall-a-01").value();
    CHECK(counts.events == total);
    CHECK(counts.distinct == total);
    CHECK(counts.minId == 1);
    CHECK(counts.maxId == total);
}

TEST_CASE("two processes opening a new organizers' database at the same moment do not race") {
    storage::testing::TempDir dir;
    for (int round = 0; round < 10; ++round) {
        const auto file = (dir.path / ("new-" + std::to_string(round) + ".db")).string();
        std::string errors[2];
        std::thread threads[2];
        for (int t = 0; t < 2; ++t)
            threads[t] = std::thread([&, t] {
                auto db = openOrganizerDatabase(file);
                if (!db) errors[t] = db.error();
                else if (auto k = (*db)->kiosk("hall-a-0" + std::to_string(t), "http://x"); !k) errors[t] = k.error();
            });
        for (auto& thread : threads) thread.join();
        CHECK_MESSAGE(errors[0].empty(), errors[0]);
        CHECK_MESSAGE(errors[1].empty(), errors[1]);
    }
}

TEST_CASE("a second pull on the same organizers' database is refused with a clear message") {
    TestKiosk kiosk("hall-a-01");
    simulateVisitors(*kiosk.store, 10, utcNowMs() - 3600000, 10000, 13);
    storage::testing::TempDir dir;
    const auto file = dir.path / "organizer.db";
    auto holder = organizer(file);
    REQUIRE(holder->lockForPull());
    auto other = organizer(file);
    auto refused = pullKiosks(*other, {{"", kiosk.url(), kToken, "", ""}}, quick());
    REQUIRE_FALSE(refused);
    CHECK(refused.error().find("another kiosk-logs pull (pid " + std::to_string(::getpid()) + ")") != std::string::npos);
    CHECK(other->countEvents("hall-a-01").value().events == 0);

    // The real tool: exit status 3 and the message, nothing stored.
    const auto token = writeToken(dir.path);
    std::string output;
    const std::string command = std::string(KIOSK_LOGS_EXE) + " pull " + kiosk.url() + " --token-file " +
                                token.string() + " --db " + file.string();
    CHECK(run(command, output) == 3);
    CHECK(output.find("another kiosk-logs pull") != std::string::npos);
    CHECK(other->countEvents("hall-a-01").value().events == 0);

    holder.reset();   // the lock goes with the holder
    CHECK(run(command, output) == 0);
    CHECK(other->countEvents("hall-a-01").value().events == kiosk.store->stats().lastId);
}

}
