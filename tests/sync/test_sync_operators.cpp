// Sync under real servers and real operators (issue 11): a server ignoring Range, two syncs on
// one data folder, a frozen installed release, a full disk, a server dripping bytes, damaged
// releases and the rollback floor, hostile names in messages, and the release on screen.
#include <sys/wait.h>

#include <cstdio>
#include <ctime>

#include <doctest/doctest.h>

#include "kiosk/core/log.h"
#include "kiosk/sync/release_store.h"
#include "kiosk/sync/sync_service.h"
#include "sync_test_support.h"

using namespace synctest;
using kiosk::SyncOutcome;
using kiosk::sync::ReleaseStore;

namespace {

int countFilesIn(const fs::path& dir) {
    int count = 0;
    std::error_code ec;
    for (const auto& entry : fs::recursive_directory_iterator(dir, ec)) count += entry.is_regular_file();
    return count;
}

std::string firstObjectPrefix(Fixture& f, std::size_t bytes, std::string* sha = nullptr) {
    const auto manifest = kiosk::parseManifest(readFile(f.publisher.tree / "channels/stable/manifest.json"));
    REQUIRE(manifest.ok());
    for (const auto& file : manifest->files)
        if (file.path.rfind("media/", 0) == 0) {
            if (sha) *sha = file.sha256;
            return readFile(f.publisher.tree / "objects" / kiosk::objectRelativePath(file.sha256)).substr(0, bytes);
        }
    FAIL("no media file");
    return {};
}

} // namespace

TEST_SUITE("sync") {

TEST_CASE("a server that ignores Range (200 with the whole object) does not wedge the sync") {
    Fixture f(1, 400000);
    f.settings.parallelDownloads = 1;
    f.server->faults.ignoreRange = true;
    SUBCASE("interrupted in this cycle") {
        f.server->faults.dropFirstObjectRequestHalfway = true;
        CHECK(f.sync().line() == "updated to version 1");
    }
    SUBCASE("a part file left by an earlier cycle") {
        std::string sha;
        const std::string prefix = firstObjectPrefix(f, 150000, &sha);
        writeFile(f.data / "content-store/tmp" / (sha + ".part"), prefix);
        CHECK(f.sync().line() == "updated to version 1");
    }
    SUBCASE("a part file of wrong bytes left by an earlier cycle") {
        std::string sha;
        firstObjectPrefix(f, 1, &sha);
        writeFile(f.data / "content-store/tmp" / (sha + ".part"), std::string(1000, 'x'));
        CHECK(f.sync().line() == "updated to version 1");
    }
    bool rangeAnsweredWhole = false;
    for (const auto& request : f.server->requests()) rangeAnsweredWhole |= !request.range.empty() && request.status == 200;
    CHECK(rangeAnsweredWhole);
    f.checkCurrentMatchesSource(1);
    CHECK(countFilesIn(f.data / "content-store/tmp") == 0);
}

TEST_CASE("one writer: a sync finding the store locked fails at once and touches nothing") {
    Fixture f;
    {
        auto lock = kiosk::sync::StoreWriterLock::tryAcquire(f.data);
        REQUIRE(lock.ok());
        const SyncOutcome outcome = f.sync();
        CHECK(outcome.kind == SyncOutcome::Kind::Failed);
        CHECK_MESSAGE(outcome.reason.find("another sync is running") != std::string::npos, outcome.line());
        CHECK(f.server->requests().empty());
        CHECK(countFilesIn(f.data / "content-store/objects") == 0);
        // A second lock on the same folder is refused as well (the service and --sync-once share it).
        CHECK_FALSE(kiosk::sync::StoreWriterLock::tryAcquire(f.data).ok());
    }
    CHECK(f.sync().line() == "updated to version 1");   // the lock went with its holder
}

TEST_CASE("two kiosk --sync-once on one data folder: the second says another sync is running, the store stays whole") {
    Fixture f(1, 30000);
    f.server->faults.dripBytesPerSecond = 10000;   // the first one is still downloading when the second starts
    writeFile(f.dir / "release.pub", kiosk::toHex(f.publisher.keys.publicKey.data(), 32) + "\n");
    writeFile(f.dir / "kiosk.toml", "[kiosk]\ndata_dir = \"data\"\n\n[sync]\nurl = \"" + f.server->baseUrl() +
                                        "\"\npublic_key = \"release.pub\"\nlow_speed_seconds = 5\nreserve_mb = 0\n");
    const std::string command = std::string(KIOSK_EXE) + " --config " + (f.dir / "kiosk.toml").string() + " --sync-once 2>/dev/null";
    FILE* first = ::popen(command.c_str(), "r");
    REQUIRE(first != nullptr);
    while (f.server->objectRequests() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    FILE* second = ::popen(command.c_str(), "r");
    REQUIRE(second != nullptr);
    const auto readAll = [](FILE* pipe, int& exitCode) {
        std::string out;
        char buffer[1024];
        while (std::fgets(buffer, sizeof buffer, pipe)) out += buffer;
        const int status = ::pclose(pipe);
        exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        return out;
    };
    int secondExit = 0, firstExit = 0;
    const std::string secondOut = readAll(second, secondExit);
    const std::string firstOut = readAll(first, firstExit);
    CHECK_MESSAGE(secondOut.rfind("failed: another sync is running", 0) == 0, secondOut);
    CHECK(secondExit != 0);
    CHECK(firstOut == "updated to version 1\n");
    CHECK(firstExit == 0);
    CHECK(ReleaseStore(f.data).checkStore().ok());
}

TEST_CASE("freeze: an installed release whose manifest expired is reported, kept on screen and flagged") {
    Fixture f;
    REQUIRE(f.sync().line() == "updated to version 1");
    f.settings.nowUnix = static_cast<std::int64_t>(std::time(nullptr)) + 31LL * 24 * 3600;   // past the 30 days
    const auto expectFrozen = [&](const SyncOutcome& outcome) {
        CHECK(outcome.kind == SyncOutcome::Kind::Refused);
        CHECK_MESSAGE(outcome.line().rfind("refused: manifest expired", 0) == 0, outcome.line());
        CHECK(outcome.line().find("(freeze)") != std::string::npos);
        CHECK(outcome.installedReleaseExpired);
        ReleaseStore store(f.data);
        CHECK(store.currentVersion() == 1);
        CHECK(store.chooseStartupRelease().version == 1);   // the kiosk keeps showing it
    };
    SUBCASE("the server answers 304") {
        f.server->clearRequests();
        expectFrozen(f.sync());
        REQUIRE(f.server->requests().size() == 1);
        CHECK(f.server->requests()[0].status == 304);
    }
    SUBCASE("the server sends the same manifest again (no validators)") {
        fs::remove(f.data / "content-store/http-cache.json");
        expectFrozen(f.sync());
    }
    SUBCASE("the service flags it in its status") {
        kiosk::sync::SyncService service(f.settings, f.data, nullptr);
        service.start();
        const auto result = service.requestSyncAndWait(std::chrono::seconds(60));
        REQUIRE(result.finished);
        CHECK(result.result.find("(freeze)") != std::string::npos);
        CHECK(service.status().installedReleaseExpired);
        service.stop();
    }
    SUBCASE("re-signed: no longer frozen") {
        f.settings.nowUnix = 0;
        CHECK(f.sync().line() == "up to date");
    }
}

TEST_CASE("free space: a release that would eat into reserve_mb is not downloaded, partial downloads go") {
    Fixture f;
    std::string sha;
    firstObjectPrefix(f, 100, &sha);
    writeFile(f.data / "content-store/tmp" / (sha + ".part"), firstObjectPrefix(f, 100));
    const auto space = fs::space(f.data);
    f.settings.reserveBytes = space.available + (1ull << 40);   // more than this disk has
    const SyncOutcome outcome = f.sync();
    CHECK(outcome.kind == SyncOutcome::Kind::Failed);
    CHECK_MESSAGE(outcome.reason.find("not enough free space") != std::string::npos, outcome.line());
    CHECK(outcome.reason.find("reserve_mb") != std::string::npos);
    CHECK(f.server->objectRequests() == 0);
    CHECK(countFilesIn(f.data / "content-store/tmp") == 0);
    CHECK(ReleaseStore(f.data).currentVersion() == 0);
    f.settings.reserveBytes = 1024 * 1024;
    CHECK(f.sync().line() == "updated to version 1");
}

TEST_CASE("a server dripping just above the low-speed limit hits the whole-object deadline, the next cycle resumes") {
    Fixture f(1, 20000);
    f.settings.parallelDownloads = 1;
    f.settings.http.lowSpeedBytesPerSecond = 1000;
    f.settings.http.lowSpeedSeconds = 2;
    f.settings.minAverageBytesPerSecond = 20000;   // deadline: 1 s + 20000 / 20000 s = 2 s
    f.settings.objectDeadlineBaseSeconds = 1;
    f.server->faults.dripBytesPerSecond = 3000;    // above the low-speed limit, 7 s for the object
    const SyncOutcome outcome = f.sync();
    CHECK(outcome.kind == SyncOutcome::Kind::Failed);
    CHECK_MESSAGE(outcome.reason.find("object deadline passed") != std::string::npos, outcome.line());
    CHECK(ReleaseStore(f.data).currentVersion() == 0);
    CHECK(countFilesIn(f.data / "content-store/tmp") == 1);   // kept for resuming
    f.server->faults.dripBytesPerSecond = 0;
    f.server->clearRequests();
    CHECK(f.sync().line() == "updated to version 1");
    bool resumed = false;
    for (const auto& request : f.server->requests()) resumed |= request.range.rfind("bytes=", 0) == 0;
    CHECK(resumed);
}

TEST_CASE("the highest installed version is kept apart: damaged releases cannot open the door to a rollback") {
    Fixture f;
    REQUIRE(f.sync().line() == "updated to version 1");
    const fs::path channel = f.publisher.tree / "channels/stable";
    const std::string oldManifest = readFile(channel / "manifest.json");
    const std::string oldSignature = readFile(channel / "manifest.json.sig");
    for (int v = 2; v <= 3; ++v) {
        writeFile(f.source / "media/file0.bin", "version " + std::to_string(v));
        f.publisher.publish(f.source);
        REQUIRE(f.sync().line() == "updated to version " + std::to_string(v));
    }
    ReleaseStore store(f.data);
    CHECK(store.highestInstalled().version == 3);
    // Both kept releases damaged (a bad card, a technician's rm).
    fs::remove_all(store.releaseDir(3));
    fs::remove_all(store.releaseDir(2));
    CHECK(store.chooseStartupRelease().folder.empty());
    // An attacker replays the old, validly signed version 1.
    writeFile(channel / "manifest.json", oldManifest);
    writeFile(channel / "manifest.json.sig", oldSignature);
    const SyncOutcome outcome = f.sync();
    CHECK(outcome.kind == SyncOutcome::Kind::Refused);
    CHECK_MESSAGE(outcome.reason.find("rollback to version 1") != std::string::npos, outcome.line());
    CHECK(store.highestInstalled().version == 3);
    // The publisher's current release repairs the kiosk.
    f.publisher.publish(f.source);
    CHECK(f.sync().line() == "updated to version 4");
}

TEST_CASE("messages quote and escape hostile names: NUL, newlines, a huge header is 'header too large'") {
    SUBCASE("paths in the manifest") {
        Fixture f;
        const fs::path channel = f.publisher.tree / "channels/stable";
        auto manifest = kiosk::parseManifest(readFile(channel / "manifest.json"));
        REQUIRE(manifest.ok());
        manifest->version = 2;
        // serializeManifest writes JSON escapes; the parsed path holds a real NUL and newline.
        static constexpr char kHostile[] = "items/a\0b\nrefused: fake line";
        manifest->files.push_back({std::string(kHostile, sizeof kHostile - 1), manifest->files[0].sha256, manifest->files[0].size});
        const std::string bytes = kiosk::serializeManifest(*manifest);
        writeFile(channel / "manifest.json", bytes);
        writeFile(channel / "manifest.json.sig", kiosk::signDetachedHex(bytes, f.publisher.keys.secretKey));
        const std::string line = f.sync().line();
        CHECK_MESSAGE(line.find("refused: unsafe path 'items/a\\0b\\nrefused: fake line'") == 0, line);
        CHECK(line.find('\n') == std::string::npos);
        CHECK(line.find('\0') == std::string::npos);
    }
    SUBCASE("quotedForMessage") {
        CHECK(kiosk::quotedForMessage("plain/name.png") == "'plain/name.png'");
        CHECK(kiosk::quotedForMessage(std::string("a'b\\c\x01\x7f\r\t", 9)) == "'a\\'b\\\\c\\x01\\x7f\\r\\t'");
        CHECK(kiosk::quotedForMessage(std::string(1000, 'x')).size() < 400);
    }
    SUBCASE("a response header larger than the limit") {
        Fixture f;
        f.server->faults.hugeManifestHeader = true;
        const SyncOutcome outcome = f.sync();
        CHECK(outcome.kind == SyncOutcome::Kind::Failed);
        CHECK_MESSAGE(outcome.reason.find("header too large") != std::string::npos, outcome.line());
        CHECK(outcome.reason.find("Out of memory") == std::string::npos);
    }
}

TEST_CASE("garbage collection never removes the release the UI still displays") {
    Fixture f;
    REQUIRE(f.sync().line() == "updated to version 1");
    ReleaseStore store(f.data);
    REQUIRE(store.setDisplayedVersion(1).ok());   // a visitor is still on version 1
    for (int v = 2; v <= 3; ++v) {
        writeFile(f.source / "media/file1.bin", "v" + std::to_string(v));
        f.publisher.publish(f.source);
        REQUIRE(f.sync().line() == "updated to version " + std::to_string(v));
    }
    CHECK(fs::exists(store.releaseDir(1) / "exhibition.json"));
    CHECK_FALSE(store.verifyRelease(1, true).has_value());
    REQUIRE(store.setDisplayedVersion(3).ok());   // the UI switched
    writeFile(f.source / "media/file1.bin", "v4");
    f.publisher.publish(f.source);
    REQUIRE(f.sync().line() == "updated to version 4");
    CHECK_FALSE(fs::exists(store.releaseDir(1)));
    CHECK(fs::exists(store.releaseDir(3)));
}

TEST_CASE("POST /v1/sync's service call waits for the cycle it started and answers that cycle's result") {
    Fixture f;
    std::atomic<int> offered{0};
    kiosk::sync::SyncService service(f.settings, f.data, [&](const fs::path&, std::uint64_t) { ++offered; });
    service.start();
    const auto first = service.requestSyncAndWait(std::chrono::seconds(60));
    REQUIRE(first.finished);
    writeFile(f.source / "media/file1.bin", "v2");
    f.publisher.publish(f.source);
    const auto second = service.requestSyncAndWait(std::chrono::seconds(60));
    REQUIRE(second.finished);
    CHECK(second.cycleId > first.cycleId);
    CHECK(second.result == "updated to version 2");   // not the earlier cycle's "updated to version 1"
    CHECK(second.succeeded);
    CHECK(service.status().lastCycleId == second.cycleId);
    // A slow cycle: no wait answers at once with the id, which the status later reports.
    f.server->faults.dripBytesPerSecond = 20000;
    writeFile(f.source / "media/file1.bin", patternBytes(20000, 5));
    f.publisher.publish(f.source);
    const auto third = service.requestSyncAndWait(std::chrono::milliseconds(0));
    CHECK_FALSE(third.finished);
    CHECK(third.cycleId == second.cycleId + 1);
    for (int i = 0; i < 3000 && !service.cycleResult(third.cycleId).finished; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(service.cycleResult(third.cycleId).result == "updated to version 3");
    CHECK(service.status().lastCycleId >= third.cycleId);
    service.stop();
}

} // TEST_SUITE
