// kiosk-logs pull against real kiosk API servers on loopback, some behind a faulty proxy.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <atomic>
#include <fstream>
#include <functional>
#include <thread>

#include <httplib.h>

#include "kiosk/tools/logs/organizer_database.h"
#include "kiosk/tools/logs/logs_pull.h"
#include "logs_test_support.h"


using namespace kiosk;
using namespace kiosk::logs;
using namespace kiosk::logs::testing;

namespace {

// Forwards to a kiosk; `fault` may spoil the n-th events request (0-based): return an HTTP
// status to answer instead, or 0 to pass the (possibly edited) body on.
struct FaultyProxy {
    using Fault = std::function<int(int eventsRequest, std::string& body)>;
    httplib::Server server;
    std::thread thread;
    int port = 0;
    std::atomic<int> eventsRequests{0};
    Fault fault;

    FaultyProxy(const std::string& target, Fault f) : fault(std::move(f)) {
        server.Get(".*", [this, target](const httplib::Request& req, httplib::Response& res) {
            httplib::Client client(target);
            std::string path = req.path;
            if (!req.params.empty()) {
                path += "?";
                for (const auto& [k, v] : req.params) path += k + "=" + v + "&";
                path.pop_back();
            }
            auto upstream = client.Get(path.c_str(), {{"Authorization", req.get_header_value("Authorization")}});
            if (!upstream) { res.status = 502; return; }
            std::string body = upstream->body;
            if (req.path == "/v1/events") {
                const int n = eventsRequests++;
                if (const int status = fault ? fault(n, body) : 0) { res.status = status; return; }
            }
            res.status = upstream->status;
            res.set_content(body, upstream->get_header_value("Content-Type").c_str());
        });
        port = server.bind_to_any_port("127.0.0.1");
        thread = std::thread([this] { server.listen_after_bind(); });
        while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~FaultyProxy() {
        server.stop();
        thread.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }
};

PullOptions fastOptions() {
    PullOptions options;
    options.pageEvents = 100;
    options.retryFirstDelayMs = 1;
    return options;
}

KioskTarget target(const std::string& url, const std::string& token = kToken) { return {"", url, token, "", ""}; }

std::unique_ptr<OrganizerDatabase> organizer(const std::filesystem::path& file) {
    auto db = openOrganizerDatabase(file.string());
    REQUIRE_MESSAGE(db, (db ? "" : db.error()));
    return std::move(*db);
}

std::int64_t count(const std::filesystem::path& file) {
    auto db = storage::SqliteDb::open(file);
    REQUIRE(db);
    return storage::valueOr((*db)->queryInteger("SELECT count(*) FROM events"), std::int64_t{-1});
}

// Every kiosk event id 1..n exactly once for that kiosk.
void checkExactlyOnce(OrganizerDatabase& db, const std::string& kioskId, std::int64_t n) {
    auto counts = db.countEvents(kioskId);
    REQUIRE(counts);
    CHECK(counts->events == n);
    CHECK(counts->distinct == n);
    CHECK(counts->minId == (n > 0 ? 1 : 0));
    CHECK(counts->maxId == n);
}

} // namespace

TEST_SUITE("logs") {

TEST_CASE("pulling twice brings new events once, incrementally, and acknowledges them on the kiosk") {
    TestKiosk kiosk("hall-a-01");
    simulateVisitors(*kiosk.store, 50, utcNowMs() - 3600000, 10000, 1);
    const std::int64_t first = kiosk.store->stats().lastId;
    storage::testing::TempDir dir;
    auto db = organizer(dir.path / "organizer.db");

    auto result = pullKiosk(*db, target(kiosk.url()), fastOptions());
    CHECK(result.ok);
    CHECK(result.kioskId == "hall-a-01");
    CHECK(result.newEvents == first);
    CHECK(result.pages == (first + 99) / 100);
    CHECK(kiosk.store->stats().lastId == first);
    checkExactlyOnce(*db, kiosk.kioskId, first);
    CHECK(kiosk.store->stats().pulledThroughId == first);
    CHECK(kiosk.store->stats().unpulledEvents == 0);

    auto again = pullKiosk(*db, target(kiosk.url()), fastOptions());
    CHECK(again.ok);
    CHECK(again.newEvents == 0);
    checkExactlyOnce(*db, kiosk.kioskId, first);

    simulateVisitors(*kiosk.store, 10, utcNowMs(), 10000, 2);
    const std::int64_t total = kiosk.store->stats().lastId;
    auto more = pullKiosk(*db, target(kiosk.url() + "/"), fastOptions());   // a trailing slash is the same kiosk
    CHECK(more.ok);
    CHECK(more.newEvents == total - first);
    checkExactlyOnce(*db, kiosk.kioskId, total);
}

TEST_CASE("an interrupted pull resumes where it stopped, with nothing duplicated or skipped") {
    TestKiosk kiosk("hall-a-02");
    simulateVisitors(*kiosk.store, 150, utcNowMs() - 3600000, 10000, 3);
    const std::int64_t total = kiosk.store->stats().lastId;
    REQUIRE(total > 300);
    std::atomic<bool> broken{true};
    FaultyProxy proxy(kiosk.url(), [&](int n, std::string&) { return broken && n >= 2 ? 503 : 0; });
    storage::testing::TempDir dir;
    auto db = organizer(dir.path / "organizer.db");

    auto interrupted = pullKiosk(*db, target(proxy.url()), fastOptions());
    CHECK_FALSE(interrupted.ok);
    CHECK(interrupted.error.find("503") != std::string::npos);
    CHECK(interrupted.newEvents == 200);
    CHECK(interrupted.retries == fastOptions().attempts - 1);
    checkExactlyOnce(*db, kiosk.kioskId, 200);

    broken = false;
    auto resumed = pullKiosk(*db, target(proxy.url()), fastOptions());
    CHECK(resumed.ok);
    CHECK(resumed.newEvents == total - 200);
    checkExactlyOnce(*db, kiosk.kioskId, total);
}

TEST_CASE("transient failures and cut-off pages are retried within one pull") {
    TestKiosk kiosk("hall-b-01");
    simulateVisitors(*kiosk.store, 60, utcNowMs() - 3600000, 10000, 4);
    const std::int64_t total = kiosk.store->stats().lastId;
    FaultyProxy proxy(kiosk.url(), [](int n, std::string& body) {
        if (n % 3 == 1) return 500;                               // every third request fails
        if (n % 3 == 2 && body.size() > 10) body.resize(body.size() / 2);   // the next one is cut off mid-line
        return 0;
    });
    storage::testing::TempDir dir;
    auto db = organizer(dir.path / "organizer.db");
    auto result = pullKiosk(*db, target(proxy.url()), fastOptions());
    CHECK(result.ok);
    CHECK(result.retries > 0);
    checkExactlyOnce(*db, kiosk.kioskId, total);
}

TEST_CASE("a cursor set back (e.g. a database restored from backup) still never duplicates") {
    TestKiosk kiosk("hall-c-01");
    simulateVisitors(*kiosk.store, 30, utcNowMs() - 3600000, 10000, 5);
    const std::int64_t total = kiosk.store->stats().lastId;
    storage::testing::TempDir dir;
    auto db = organizer(dir.path / "organizer.db");
    REQUIRE(pullKiosk(*db, target(kiosk.url()), fastOptions()).ok);
    REQUIRE(db->setCursor(db->kiosk(kiosk.kioskId, kiosk.url()).value().key, 17));
    auto again = pullKiosk(*db, target(kiosk.url()), fastOptions());
    CHECK(again.ok);
    // Pages of 100 are stored 64 events per INSERT plus single ones: every event after 17 is
    // fetched again, none is stored again, and none is counted as new.
    CHECK(total > 17 + 64);
    CHECK(again.newEvents == 0);
    checkExactlyOnce(*db, kiosk.kioskId, total);
}

TEST_CASE("two kiosks are pulled into one database, a kiosk that is down is reported and the others still pulled") {
    TestKiosk first("hall-a-01"), second("hall-b-07");
    simulateVisitors(*first.store, 20, utcNowMs() - 7200000, 10000, 6);
    simulateVisitors(*second.store, 35, utcNowMs() - 7200000, 10000, 7);
    std::string downUrl;
    {
        TestKiosk gone("gone");
        downUrl = gone.url();
    }   // its server has stopped: nothing listens there now
    storage::testing::TempDir dir;
    auto db = organizer(dir.path / "organizer.db");
    auto pulled = pullKiosks(*db, {target(first.url()), target(downUrl), target(second.url())}, fastOptions());
    REQUIRE(pulled);
    auto& results = *pulled;
    REQUIRE(results.size() == 3);
    CHECK(results[0].ok);
    CHECK_FALSE(results[1].ok);
    CHECK(results[1].error.find("not reachable") != std::string::npos);
    CHECK(results[2].ok);
    checkExactlyOnce(*db, "hall-a-01", first.store->stats().lastId);
    checkExactlyOnce(*db, "hall-b-07", second.store->stats().lastId);
    CHECK(results[2].kioskId == "hall-b-07");
    db.reset();
    CHECK(count(dir.path / "organizer.db") == first.store->stats().lastId + second.store->stats().lastId);
}

TEST_CASE("a wrong token is reported at once and nothing is stored") {
    TestKiosk kiosk("hall-a-01");
    simulateVisitors(*kiosk.store, 5, utcNowMs(), 10000, 8);
    storage::testing::TempDir dir;
    auto db = organizer(dir.path / "organizer.db");
    auto result = pullKiosk(*db, target(kiosk.url(), "not-the-token-at-all-000000"), fastOptions());
    CHECK_FALSE(result.ok);
    CHECK(result.error.find("401") != std::string::npos);
    CHECK(result.retries == 0);
    CHECK(db->countEvents("hall-a-01").value().events == 0);
    CHECK(kiosk.store->stats().pulledThroughId == 0);
    auto notUrl = pullKiosk(*db, target("kiosk-7:8765"), fastOptions());
    CHECK_FALSE(notUrl.ok);
    CHECK(notUrl.error.find("URL") != std::string::npos);
}

TEST_CASE("a kiosk's own database is not accepted as the organizers' database") {
    TestKiosk kiosk("hall-a-01");
    auto db = openOrganizerDatabase((kiosk.dir.path / "events.db").string());
    REQUIRE_FALSE(db);
    CHECK(db.error().find("not an organizers' database") != std::string::npos);
}

TEST_CASE("kiosk-logs SIGKILLed in the middle of pulls into SQLite, then pulled again: every event exactly once") {
    TestKiosk kiosk("hall-k-01");
    simulateVisitors(*kiosk.store, 3000, utcNowMs() - 86400000, 20000, 41);
    const std::int64_t total = kiosk.store->stats().lastId;
    REQUIRE(total > 8000);
    storage::testing::TempDir dir;
    const auto token = writeToken(dir.path);
    const auto file = dir.path / "organizer.db";
    auto watcher = organizer(file);   // reads beside the pulls (WAL)
    // Pages of 200: three INSERTs of 64 events and 8 single ones, so kills land in both kinds.
    const std::vector<std::string> command = {KIOSK_LOGS_EXE, "pull", kiosk.url(), "--token-file", token.string(),
                                              "--db", file.string(), "--page-events", "200"};
    checkPullsKilledMidway(*watcher, "hall-k-01", command, total, 1000, 4);
}

}
