// Crash safety: a sync killed (SIGKILL) at every durable step, then restarted, must find a
// complete release; a full disk fails the cycle and leaves the current release alone.
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <set>

#include <doctest/doctest.h>

#include "kiosk/core/log.h"
#include "kiosk/sync/durable_file.h"
#include "kiosk/sync/release_store.h"
#include "sync_test_support.h"

using namespace synctest;
using kiosk::SyncOutcome;
using kiosk::sync::ReleaseStore;

namespace {

// Runs one sync cycle in a child process that SIGKILLs itself at the killAt-th crash point.
// Returns true if the child was killed, false if the cycle ran to its end first.
bool syncInChildKilledAt(const kiosk::sync::SyncSettings& settings, const fs::path& data, int killAt) {
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        int reached = 0;
        kiosk::sync::setCrashPointHook([&](const char*) {
            if (++reached == killAt) ::kill(::getpid(), SIGKILL);
        });
        const SyncOutcome outcome = kiosk::sync::runSyncCycle(settings, data);
        ::_exit(outcome.succeeded() ? 0 : 1);
    }
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    if (WIFSIGNALED(status)) {
        REQUIRE(WTERMSIG(status) == SIGKILL);
        return true;
    }
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    return false;
}

} // namespace

TEST_SUITE("sync") {

TEST_CASE("killed at every step of an update, a restarted kiosk finds a complete release") {
    kiosk::log::setQuiet(true);
    TempDir dir;
    Publisher publisher{kiosk::generateKeyPair(), dir / "tree"};
    makeExhibition(dir / "src", 4, 30000);
    publisher.publish(dir / "src");
    ReleaseServer server(publisher.tree);
    kiosk::sync::SyncSettings settings = testSettings(server.baseUrl(), publisher.keys.publicKey);
    settings.parallelDownloads = 2;
    const fs::path baseline = dir / "baseline";
    REQUIRE(kiosk::sync::runSyncCycle(settings, baseline).line() == "updated to version 1");
    for (int i = 0; i < 3; ++i) writeFile(dir / "src/media" / ("file" + std::to_string(i) + ".bin"), patternBytes(50000, 100 + i));
    REQUIRE(publisher.publish(dir / "src") == 2);

    int killPoints = 0;
    std::set<std::uint64_t> versionsSeenAfterCrash;
    for (int killAt = 1; killAt < 200; ++killAt) {
        CAPTURE(killAt);
        const fs::path data = dir / ("run" + std::to_string(killAt));
        fs::copy(baseline, data, fs::copy_options::recursive);
        if (!syncInChildKilledAt(settings, data, killAt)) break;   // ran past the last crash point
        ++killPoints;
        // What a restarting kiosk shows: a whole release, old or new, every byte as published.
        ReleaseStore store(data);
        REQUIRE(store.open().ok());
        const auto start = store.chooseStartupRelease();
        REQUIRE_FALSE(start.folder.empty());
        CHECK_FALSE(store.verifyRelease(start.version, true).has_value());
        versionsSeenAfterCrash.insert(start.version);
        // And the next cycle completes the update.
        CHECK(kiosk::sync::runSyncCycle(settings, data).succeeded());
        CHECK(store.currentVersion() == 2);
        CHECK(store.checkStore().ok());
        fs::remove_all(data);
    }
    CHECK(killPoints >= 15);
    CHECK(versionsSeenAfterCrash == std::set<std::uint64_t>{1, 2});
    kiosk::log::setQuiet(false);
}

TEST_CASE("a full disk fails the cycle, keeps the current release and leaves no partial downloads") {
    TempDir dir;
    Publisher publisher{kiosk::generateKeyPair(), dir / "tree"};
    makeExhibition(dir / "src", 2, 10000);
    publisher.publish(dir / "src");
    ReleaseServer server(publisher.tree);
    kiosk::sync::SyncSettings settings = testSettings(server.baseUrl(), publisher.keys.publicKey);
    settings.http.lowSpeedSeconds = 10;   // sanitizer builds serve a 3 MB object slowly
    const fs::path data = dir / "data";    // a 1 MiB tmpfs when this process may mount (root)
    const fs::path limited = dir / "limited";   // writes limited to 1 MiB in a child (RLIMIT_FSIZE)
    fs::create_directories(data);
    const bool mounted = ::mount("tmpfs", data.c_str(), "tmpfs", 0, "size=1m") == 0;
    REQUIRE(kiosk::sync::runSyncCycle(settings, data).line() == "updated to version 1");
    REQUIRE(kiosk::sync::runSyncCycle(settings, limited).line() == "updated to version 1");
    writeFile(dir / "src/media/big.bin", patternBytes(3 * 1024 * 1024, 7));
    REQUIRE(publisher.publish(dir / "src") == 2);
    const auto noPartFiles = [](const fs::path& store) {
        int parts = 0;
        for (const auto& entry : fs::directory_iterator(store / "content-store/tmp")) parts += entry.is_regular_file();
        return parts == 0;
    };

    if (mounted) {   // the free-space check sees it coming: nothing is downloaded
        const SyncOutcome outcome = kiosk::sync::runSyncCycle(settings, data);
        CHECK(outcome.kind == SyncOutcome::Kind::Failed);
        CHECK_MESSAGE(outcome.reason.find("not enough free space") != std::string::npos, outcome.line());
        CHECK(noPartFiles(data));
    } else {
        MESSAGE("cannot mount a tmpfs here; only the RLIMIT_FSIZE case runs");
    }
    // A write that fails half way (the disk filled up meanwhile): the part files are removed.
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        std::signal(SIGXFSZ, SIG_IGN);   // writes past the limit fail with EFBIG instead
        rlimit limit{1024 * 1024, 1024 * 1024};
        ::setrlimit(RLIMIT_FSIZE, &limit);
        const SyncOutcome outcome = kiosk::sync::runSyncCycle(settings, limited);
        const bool ok = outcome.kind == SyncOutcome::Kind::Failed && outcome.reason.find("cannot write") != std::string::npos &&
                        outcome.reason.find("partial downloads removed") != std::string::npos && noPartFiles(limited);
        ::_exit(ok ? 0 : 1);
    }
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 0));
    for (const fs::path& folder : {data, limited}) {
        ReleaseStore store(folder);
        CHECK(store.currentVersion() == 1);
        CHECK(store.chooseStartupRelease().version == 1);
        CHECK_FALSE(store.verifyRelease(1, true).has_value());
    }
    if (mounted) CHECK(::umount(data.c_str()) == 0);
}

} // TEST_SUITE
