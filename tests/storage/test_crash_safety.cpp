// Crash safety: a child process logging at full speed is SIGKILLed at many points. Each time
// the database passes integrity_check, holds every event the store acknowledged as committed,
// and its ids are contiguous (a batch is all or nothing, so only the last window can be lost).
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <random>
#include <thread>

#include "kiosk/storage/event_store.h"
#include "tests/support/temp_dir.h"

using namespace kiosk::storage;
using kiosk::testing::TempDir;

namespace {

struct KilledRun {
    std::int64_t acknowledgedId = 0;
    bool ok = false;
};

// Starts the child, waits for `commitsBeforeKill` acknowledged commits, then SIGKILLs it.
KilledRun runAndKill(const std::filesystem::path& db, int commitsBeforeKill, int extraMicroseconds) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        ::dup2(fds[1], STDOUT_FILENO);
        ::close(fds[0]);
        ::close(fds[1]);
        ::execl(KIOSK_CRASH_CHILD, KIOSK_CRASH_CHILD, db.c_str(), "5", static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(fds[1]);
    KilledRun run;
    int commits = 0;
    std::int64_t id = 0;
    while (commits < commitsBeforeKill && ::read(fds[0], &id, sizeof id) == static_cast<ssize_t>(sizeof id)) {
        run.acknowledgedId = id;
        ++commits;
    }
    // Kill somewhere inside the next batches (where exactly does not matter for the checks).
    std::this_thread::sleep_for(std::chrono::microseconds(extraMicroseconds));
    ::kill(child, SIGKILL);
    // Acknowledgements that arrived before the kill count too.
    while (::read(fds[0], &id, sizeof id) == static_cast<ssize_t>(sizeof id)) run.acknowledgedId = id;
    ::close(fds[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
    run.ok = commits == commitsBeforeKill && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
    return run;
}

} // namespace

TEST_SUITE("storage") {

TEST_CASE("a writer SIGKILLed at many points never corrupts the database nor loses acknowledged events") {
    TempDir dir;
    const auto db = dir.path / "events.db";
    std::mt19937 random(12345);
    std::int64_t previousLastId = 0;
    for (int round = 0; round < 25; ++round) {
        CAPTURE(round);
        const int commits = 1 + static_cast<int>(random() % 4);
        const int extra = static_cast<int>(random() % 20000);
        const KilledRun run = runAndKill(db, commits, extra);
        REQUIRE(run.ok);

        auto opened = SqliteDb::open(db);
        REQUIRE(opened);
        SqliteDb& sql = **opened;
        CHECK(integrityCheck(sql) == "ok");
        const std::int64_t count = valueOr(sql.queryInteger("SELECT count(*) FROM events"), std::int64_t{-1});
        const std::int64_t maxId = valueOr(sql.queryInteger("SELECT max(id) FROM events"), std::int64_t{-1});
        const std::int64_t minId = valueOr(sql.queryInteger("SELECT min(id) FROM events"), std::int64_t{-1});
        // Everything acknowledged is there; nothing earlier went missing; no holes.
        CHECK(maxId >= run.acknowledgedId);
        CHECK(maxId > previousLastId);
        CHECK(minId == 1);
        CHECK(count == maxId);
        // Within one run the logged sequence numbers are strictly increasing with the id.
        const std::int64_t disorder = valueOr(sql.queryInteger(
            "SELECT count(*) FROM events a JOIN events b ON b.id = a.id + 1"
            " WHERE a.type = 'view' AND b.type = 'view' AND b.value <> a.value + 1 AND b.value <> 0"), std::int64_t{-1});
        CHECK(disorder == 0);
        previousLastId = maxId;
    }
    // The store still opens and appends after all that.
    auto store = EventStore::open(db);
    REQUIRE(store);
    kiosk::Event e;
    e.screen = "after";
    (*store)->record(e);
    (*store)->flush();
    CHECK((*store)->stats().lastId == previousLastId + 1);
}

}
