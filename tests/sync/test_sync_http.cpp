// One sync cycle against a real HTTP server on loopback, well-behaved and misbehaving.
#include <doctest/doctest.h>

#include "kiosk/core/content_loader.h"
#include "kiosk/sync/release_store.h"
#include "kiosk/sync/sync_service.h"
#include "sync_test_support.h"

using namespace synctest;
using kiosk::SyncOutcome;
using kiosk::sync::ReleaseStore;
using kiosk::sync::runSyncCycle;


TEST_SUITE("sync") {

TEST_CASE("happy path: a fresh kiosk downloads and switches to the release") {
    Fixture f;
    kiosk::sync::SyncCycleStats stats;
    const SyncOutcome outcome = f.sync(&stats);
    CHECK(outcome.line() == "updated to version 1");
    CHECK(stats.objectsFetched == 6);
    f.checkCurrentMatchesSource(1);
    const auto start = ReleaseStore(f.data).chooseStartupRelease();
    CHECK(start.version == 1);
    CHECK(start.folder == ReleaseStore(f.data).releaseDir(1));
}

TEST_CASE("unchanged: exactly one request, answered 304") {
    Fixture f;
    REQUIRE(f.sync().kind == SyncOutcome::Kind::Updated);
    f.server->clearRequests();
    kiosk::sync::SyncCycleStats stats;
    CHECK(f.sync(&stats).line() == "up to date");
    const auto requests = f.server->requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].status == 304);
    CHECK(stats.http.requests == 1);
}

TEST_CASE("one changed file: only its object is fetched, the previous release is kept, older ones go") {
    Fixture f;
    REQUIRE(f.sync().kind == SyncOutcome::Kind::Updated);
    writeFile(f.source / "media/file2.bin", patternBytes(30000, 99));
    f.publisher.publish(f.source);
    f.server->clearRequests();
    CHECK(f.sync().line() == "updated to version 2");
    CHECK(f.server->objectRequests() == 1);
    f.checkCurrentMatchesSource(2);
    ReleaseStore store(f.data);
    CHECK(store.previousVersion() == 1);
    CHECK(fs::exists(store.releaseDir(1)));
    writeFile(f.source / "media/file2.bin", "third");
    f.publisher.publish(f.source);
    CHECK(f.sync().line() == "updated to version 3");
    CHECK(store.previousVersion() == 2);
    CHECK_FALSE(fs::exists(store.releaseDir(1)));
    CHECK_FALSE(fs::exists(store.objectPath(kiosk::sha256Hex(patternBytes(20000, 3)))));   // file2 of v1
    CHECK(store.checkStore().ok());
}

TEST_CASE("refusals keep the current release and say why") {
    Fixture f;
    REQUIRE(f.sync().kind == SyncOutcome::Kind::Updated);
    const fs::path channel = f.publisher.tree / "channels/stable";
    const std::string goodManifest = readFile(channel / "manifest.json");
    const std::string goodSignature = readFile(channel / "manifest.json.sig");
    const auto republishWith = [&](const std::function<void(kiosk::ReleaseManifest&)>& change,
                                   const kiosk::SecretKey& key) {
        auto manifest = kiosk::parseManifest(goodManifest);
        REQUIRE(manifest.ok());
        manifest->version = 2;
        change(*manifest);
        const std::string bytes = kiosk::serializeManifest(*manifest);
        writeFile(channel / "manifest.json", bytes);
        writeFile(channel / "manifest.json.sig", kiosk::signDetachedHex(bytes, key));
    };
    const auto expectRefused = [&](const std::string& words) {
        const SyncOutcome outcome = f.sync();
        CHECK(outcome.kind == SyncOutcome::Kind::Refused);
        CHECK_MESSAGE(outcome.reason.find(words) != std::string::npos, outcome.line());
        CHECK(ReleaseStore(f.data).currentVersion() == 1);
    };
    const auto& key = f.publisher.keys.secretKey;

    SUBCASE("bad signature") {
        const kiosk::KeyPair attacker = kiosk::generateKeyPair();
        republishWith([](auto&) {}, attacker.secretKey);
        expectRefused("bad signature");
    }
    SUBCASE("tampered bytes") {
        writeFile(channel / "manifest.json", goodManifest + " ");
        expectRefused("bad signature");
    }
    SUBCASE("rollback") {
        republishWith([](auto& m) { m.version = 1; m.files.pop_back(); }, key);
        f.settings.channel = "stable";
        // version 1 with other bytes than the installed version 1
        expectRefused("mix-and-match");
        writeFile(channel / "manifest.json", goodManifest);
        writeFile(channel / "manifest.json.sig", goodSignature);
        writeFile(f.source / "media/new.bin", "new");
        f.publisher.publish(f.source);
        REQUIRE(f.sync().line() == "updated to version 2");
        writeFile(channel / "manifest.json", goodManifest);
        writeFile(channel / "manifest.json.sig", goodSignature);
        const SyncOutcome outcome = f.sync();
        CHECK(outcome.reason.find("rollback") != std::string::npos);
        CHECK(ReleaseStore(f.data).currentVersion() == 2);
    }
    SUBCASE("freeze: expired manifest") {
        republishWith([](auto& m) { m.expiresUnix = m.createdUnix - 1; }, key);
        expectRefused("expired");
    }
    SUBCASE("wrong channel") {
        republishWith([](auto& m) { m.channel = "beta"; }, key);
        expectRefused("wrong channel");
    }
    SUBCASE("more files than the limit") {
        f.settings.limits.maxFiles = 3;
        republishWith([](auto&) {}, key);
        expectRefused("too many files");
    }
    SUBCASE("more bytes than the limit") {
        f.settings.limits.maxBytes = 50000;
        republishWith([](auto&) {}, key);
        expectRefused("release too large");
    }
    SUBCASE("an object larger than the limit") {
        f.settings.limits.maxObjectBytes = 10000;
        republishWith([](auto&) {}, key);
        expectRefused("file too large");
    }
    SUBCASE("unsafe paths") {
        for (const std::string path : {"../escape", "/abs", "a\\b", "a/./b"}) {
            republishWith([&](auto& m) { m.files.push_back({path, m.files[0].sha256, m.files[0].size}); }, key);
            expectRefused("unsafe path");
        }
        CHECK_FALSE(fs::exists(f.data / "content-store/escape"));
    }
    SUBCASE("an endless manifest") {
        f.server->faults.endlessManifest = true;
        expectRefused("endless data");
    }
}

TEST_CASE("a connection dropped mid-object resumes with an HTTP Range request") {
    Fixture f(1, 400000);
    f.settings.parallelDownloads = 1;
    f.server->faults.dropFirstObjectRequestHalfway = true;
    kiosk::sync::SyncCycleStats stats;
    CHECK(f.sync(&stats).line() == "updated to version 1");
    bool resumed = false;
    for (const auto& request : f.server->requests())
        if (request.range.rfind("bytes=", 0) == 0 && request.range != "bytes=0-") resumed = true;
    CHECK(resumed);
    // The big object was not fetched twice.
    CHECK(stats.http.bytesReceived < 400000 * 1.5);
    f.checkCurrentMatchesSource(1);
}

TEST_CASE("wrong bytes never enter the store") {
    Fixture f;
    SUBCASE("once: the retry gets the right ones") {
        f.server->faults.wrongBytesOnce = true;
        CHECK(f.sync().line() == "updated to version 1");
        f.checkCurrentMatchesSource(1);
    }
    SUBCASE("always: the cycle fails, nothing is installed") {
        f.server->faults.wrongBytesAlways = true;
        const SyncOutcome outcome = f.sync();
        CHECK(outcome.kind == SyncOutcome::Kind::Failed);
        CHECK(outcome.reason.find("do not match their SHA-256") != std::string::npos);
        ReleaseStore store(f.data);
        CHECK(store.currentVersion() == 0);
        int objects = 0;
        for (const auto& entry : fs::recursive_directory_iterator(f.data / "content-store/objects"))
            objects += entry.is_regular_file();
        CHECK(objects == 0);
    }
}

TEST_CASE("endless data in an object is cut at the manifest's size and refused") {
    Fixture f;
    f.server->faults.endlessObject = true;
    kiosk::sync::SyncCycleStats stats;
    const SyncOutcome outcome = f.sync(&stats);
    CHECK(outcome.kind == SyncOutcome::Kind::Refused);
    CHECK(outcome.reason.find("endless data") != std::string::npos);
    CHECK(stats.http.bytesReceived < 10u * 1024 * 1024);
    CHECK(ReleaseStore(f.data).currentVersion() == 0);
}

TEST_CASE("one byte a second trips the low-speed limit (slow retrieval)") {
    Fixture f(1, 5000);
    f.server->faults.oneBytePerSecond = true;
    const SyncOutcome outcome = f.sync();
    CHECK(outcome.kind == SyncOutcome::Kind::Failed);
    CHECK(outcome.reason.find("Timeout") != std::string::npos);
    CHECK(ReleaseStore(f.data).currentVersion() == 0);
    // The next cycle, against a healthy server, completes.
    f.server->faults.oneBytePerSecond = false;
    CHECK(f.sync().line() == "updated to version 1");
}

TEST_CASE("HTTP errors: 500 and 429 are retried (Retry-After honoured), 404 fails the cycle") {
    Fixture f;
    SUBCASE("500 twice on objects, then fine") {
        f.server->faults.objectStatus = 500;
        f.server->faults.objectStatusCount = 2;
        CHECK(f.sync().line() == "updated to version 1");
    }
    SUBCASE("429 with Retry-After on the manifest") {
        f.server->faults.manifestStatus = 429;
        f.server->faults.manifestStatusCount = 1;
        f.server->faults.retryAfterSeconds = 1;
        const auto before = std::chrono::steady_clock::now();
        CHECK(f.sync().line() == "updated to version 1");
        // The client waited for the server's Retry-After (a lower bound, not a speed check).
        CHECK(std::chrono::steady_clock::now() - before >= std::chrono::milliseconds(1000));
    }
    SUBCASE("500 forever: failed after a few attempts") {
        f.server->faults.manifestStatus = 503;
        f.server->faults.manifestStatusCount = 1000;
        const SyncOutcome outcome = f.sync();
        CHECK(outcome.line().find("failed:") == 0);
        CHECK(outcome.reason.find("HTTP 503") != std::string::npos);
        CHECK(f.server->requests().size() == static_cast<std::size_t>(f.settings.maxAttemptsPerRequest));
    }
    SUBCASE("404 on an object") {
        const auto manifest = kiosk::parseManifest(readFile(f.publisher.tree / "channels/stable/manifest.json"));
        fs::remove(f.publisher.tree / "objects" / kiosk::objectRelativePath(manifest->files[0].sha256));
        const SyncOutcome outcome = f.sync();
        CHECK(outcome.kind == SyncOutcome::Kind::Failed);
        CHECK(outcome.reason.find("HTTP 404") != std::string::npos);
        CHECK(ReleaseStore(f.data).currentVersion() == 0);
    }
    SUBCASE("no server at all") {
        f.settings.baseUrl = "http://127.0.0.1:1";
        CHECK(f.sync().kind == SyncOutcome::Kind::Failed);
    }
}

TEST_CASE("start-up falls back to the previous release, then to the bundled exhibition") {
    Fixture f;
    REQUIRE(f.sync().kind == SyncOutcome::Kind::Updated);
    writeFile(f.source / "media/file0.bin", "v2");
    f.publisher.publish(f.source);
    REQUIRE(f.sync().line() == "updated to version 2");
    ReleaseStore store(f.data);
    // Damage the current release: a file cut short.
    const fs::path victim = store.releaseDir(2) / "media/file0.bin";
    fs::remove(victim);
    writeFile(victim, "v");
    auto start = store.chooseStartupRelease();
    CHECK(start.version == 1);
    REQUIRE(start.notes.size() == 1);
    CHECK(start.notes[0].find("media/file0.bin") != std::string::npos);
    CHECK_FALSE(store.checkStore().ok());
    // The next sync repairs it.
    CHECK(f.sync().line() == "updated to version 2");
    CHECK(store.chooseStartupRelease().version == 2);
    // Both damaged: nothing, so the bundled exhibition.
    fs::remove_all(store.releaseDir(1));
    fs::remove(store.releaseDir(2) / "exhibition.json");
    start = store.chooseStartupRelease();
    CHECK(start.folder.empty());
    CHECK(start.notes.size() == 2);
}

TEST_CASE("the sync service runs cycles on its thread and on request") {
    Fixture f;
    std::mutex mutex;
    std::vector<std::uint64_t> offered;
    kiosk::sync::SyncService service(f.settings, f.data, [&](const fs::path& folder, std::uint64_t version) {
        CHECK(fs::exists(folder / "exhibition.json"));
        std::lock_guard lock(mutex);
        offered.push_back(version);
    });
    const auto waitForCycles = [&](int n) {
        for (int i = 0; i < 1000 && service.status().cyclesRun < n; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        REQUIRE(service.status().cyclesRun >= n);
    };
    service.start();
    waitForCycles(1);
    CHECK(service.status().lastResult == "updated to version 1");
    CHECK(service.status().currentVersion == 1);
    CHECK(service.status().lastSuccessUnix > 0);
    writeFile(f.source / "media/file1.bin", "v2");
    f.publisher.publish(f.source);
    service.requestSyncNow();
    waitForCycles(2);
    CHECK(service.status().lastResult == "updated to version 2");
    service.stop();
    std::lock_guard lock(mutex);
    CHECK(offered == std::vector<std::uint64_t>{1, 2});
}

} // TEST_SUITE

TEST_SUITE("sync") {

TEST_CASE("a cancelled cycle (kiosk shutting down) stops its transfers and installs nothing") {
    Fixture f(1, 5000);
    f.server->faults.oneBytePerSecond = true;
    f.settings.http.lowSpeedSeconds = 300;   // without cancelling, this transfer would run for minutes
    std::atomic<bool> cancel{false};
    f.settings.http.cancel = &cancel;
    std::thread canceller([&] {
        while (f.server->objectRequests() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        cancel = true;
    });
    const SyncOutcome outcome = f.sync();
    canceller.join();
    CHECK(outcome.kind == SyncOutcome::Kind::Failed);
    CHECK_MESSAGE(outcome.reason.find("cancelled") != std::string::npos, outcome.line());
    CHECK(ReleaseStore(f.data).currentVersion() == 0);
}

} // TEST_SUITE
