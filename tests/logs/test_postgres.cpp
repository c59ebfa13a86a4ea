// The organizers' database in a real PostgreSQL server (Debian's `postgresql`, started in a
// temporary folder). Skipped, with the reason, where the server is not installed: the
// program exits 77, which ctest reports as skipped.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include "kiosk/tools/logs/event_database.h"
#include "kiosk/tools/logs/logs_export.h"
#include "kiosk/tools/logs/logs_fleet.h"
#include "kiosk/tools/logs/logs_pull.h"
#include "logs_test_support.h"
#include "postgres_server.h"


using namespace kiosk;
using namespace kiosk::logs;
using namespace kiosk::logs::testing;

namespace {

PostgresServer* server = nullptr;

std::unique_ptr<OrganizerDatabase> open(const std::string& uri) {
    auto db = openOrganizerDatabase(uri);
    REQUIRE_MESSAGE(db, (db ? "" : db.error()));
    return std::move(*db);
}

PullOptions quick() {
    PullOptions options;
    options.pageEvents = 100;
    options.retryFirstDelayMs = 1;
    return options;
}

} // namespace

TEST_SUITE("logs-postgres") {

TEST_CASE("pull into PostgreSQL: exactly once, by kiosk id, hostile text stored as valid UTF-8, exported back") {
    const std::string uri = server->createDatabase("roundtrip");
    TestKiosk kiosk("hall-a-01");
    simulateVisitors(*kiosk.store, 50, utcNowMs() - 3600000, 10000, 31);
    Event hostile;
    hostile.type = EventType::View;
    hostile.timestampMs = utcNowMs();
    hostile.sessionId = std::string("nul\0and\ttab\\", 12);
    hostile.screen = "item";
    hostile.item = "\xff\xfe bad UTF-8 \xc3\x28";
    hostile.language = "zh-Hans";
    hostile.extraJson = R"({"q":"\"quoted\"\nline"})";
    kiosk.store->record(hostile);
    kiosk.store->flush();
    const std::int64_t total = kiosk.store->stats().lastId;

    auto db = open(uri);
    auto first = pullKiosk(*db, {"", kiosk.url(), kToken, "", ""}, quick());
    REQUIRE_MESSAGE(first.ok, first.error);
    CHECK(first.newEvents == total);
    const std::string port = std::to_string(kiosk.server->port());
    auto again = pullKiosk(*db, {"", "http://localhost:" + port, kToken, "", ""}, quick());
    CHECK(again.ok);
    CHECK(again.newEvents == 0);
    REQUIRE(db->setCursor(db->kiosk("hall-a-01", kiosk.url()).value().key, 3));
    auto repeated = pullKiosk(*db, {"", kiosk.url(), kToken, "", ""}, quick());
    CHECK(repeated.ok);
    CHECK(repeated.newEvents == 0);
    auto counts = db->countEvents("hall-a-01").value();
    CHECK(counts.events == total);
    CHECK(counts.distinct == total);
    CHECK(counts.maxId == total);

    std::ostringstream csv;
    auto exported = exportEvents(uri, ExportFormat::Csv, {}, csv);
    REQUIRE_MESSAGE(exported, (exported ? "" : exported.error()));
    CHECK(*exported == total);
    CHECK(csv.str().find("hall-a-01,1,") != std::string::npos);
    CHECK(csv.str().find("\xef\xbf\xbd bad UTF-8 \xef\xbf\xbd(") != std::string::npos);   // U+FFFD for bad bytes
    CHECK(csv.str().find("nul\xef\xbf\xbd" "and\ttab\\") != std::string::npos);          // NUL too, tab kept
    CHECK(csv.str().find("\"{\"\"q\"\":\"\"\\\"\"quoted\\\"\"\\nline\"\"}\"") != std::string::npos);

    // Fleet snapshots land there too.
    auto seen = db->lastReachableSnapshots().value();
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].kioskId == "hall-a-01");
}

TEST_CASE("PostgreSQL: a second pull is locked out, the lock goes with the connection") {
    const std::string uri = server->createDatabase("locking");
    TestKiosk kiosk("hall-a-01");
    simulateVisitors(*kiosk.store, 5, utcNowMs() - 3600000, 10000, 32);
    auto holder = open(uri);
    REQUIRE(holder->lockForPull());
    auto other = open(uri);
    auto refused = pullKiosks(*other, {{"", kiosk.url(), kToken, "", ""}}, quick());
    REQUIRE_FALSE(refused);
    CHECK_MESSAGE(refused.error().find("another kiosk-logs pull (kiosk-logs pid " + std::to_string(::getpid())) != std::string::npos,
                  refused.error());
    holder.reset();
    // The server releases a closed connection's advisory lock when its backend has processed
    // the termination, a moment after the client returns: retry for up to 10 s, as an
    // organizer starting a pull right after another one ended would.
    auto allowed = pullKiosks(*other, {{"", kiosk.url(), kToken, "", ""}}, quick());
    for (int attempt = 0; attempt < 100 && !allowed; ++attempt) {
        REQUIRE_MESSAGE(allowed.error().find("another kiosk-logs pull") != std::string::npos, allowed.error());
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        allowed = pullKiosks(*other, {{"", kiosk.url(), kToken, "", ""}}, quick());
    }
    REQUIRE(allowed);
    CHECK((*allowed)[0].ok);
}

TEST_CASE("PostgreSQL: kiosk-logs killed in the middle of pulls, then pulled again: every event exactly once") {
    const std::string uri = server->createDatabase("killed");
    TestKiosk kiosk("hall-a-01");
    simulateVisitors(*kiosk.store, 3000, utcNowMs() - 86400000, 20000, 33);
    const std::int64_t total = kiosk.store->stats().lastId;
    REQUIRE(total > 8000);
    storage::testing::TempDir dir;
    const auto token = writeToken(dir.path);
    auto watcher = open(uri);
    const std::vector<std::string> command = {KIOSK_LOGS_EXE, "pull",          kiosk.url(), "--token-file", token.string(),
                                              "--db",         uri,             "--page-events", "50"};
    checkPullsKilledMidway(*watcher, "hall-a-01", command, total, 500, 3);
}

TEST_CASE("PostgreSQL: a bad URI or a server that is not there is a clear error") {
    auto missing = openOrganizerDatabase("postgresql://kiosk@/nosuchdatabase?host=/nonexistent-dir");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().find("cannot connect to the PostgreSQL organizers' database") != std::string::npos);
}

}

int main(int argc, char** argv) {
    PostgresServer postgres;
    if (!postgres.running()) {
        std::printf("SKIPPED: the PostgreSQL tests need a PostgreSQL server: %s\n", postgres.problem().c_str());
        return 77;
    }
    server = &postgres;
    doctest::Context context(argc, argv);
    return context.run();
}
