// Crash containment (core/boot_attempts.h): a kiosk that does not reach its first frame on
// release N three starts in a row marks N bad, starts on the previous release, reports it in
// /v1/status and the event log, and never installs N again.
//
// How the starts fail: the test SIGKILLs the kiosk before its first frame, as the OOM killer or
// a watchdog would kill a kiosk stuck loading a release. To kill it at a known point before
// the first frame without any timing, the config names a FIFO as the API token file: the kiosk
// opens it while starting (after recording the start, before the first frame) and blocks there
// until the test kills it. The rule does not care why a start failed, only that it did.
#include <csignal>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include <doctest/doctest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "kiosk/core/boot_attempts.h"
#include "kiosk/core/limits.h"
#include "kiosk/storage/event_store.h"
#include "kiosk/sync/release_store.h"
#include "sync_test_support.h"

using namespace synctest;

namespace {

pid_t startKiosk(const std::vector<std::string>& arguments) {
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        std::vector<char*> argv;
        std::string exe = KIOSK_EXE;
        argv.push_back(exe.data());
        std::vector<std::string> copies = arguments;
        for (auto& argument : copies) argv.push_back(argument.data());
        argv.push_back(nullptr);
        const int devNull = ::open("/dev/null", O_WRONLY);
        ::dup2(devNull, 1);
        ::dup2(devNull, 2);
        ::execv(exe.c_str(), argv.data());
        ::_exit(127);
    }
    return pid;
}

int waitExit(pid_t pid) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Waits (without a deadline: ctest's timeout is the bound) until `done` holds or the child exits.
template <class Condition>
bool waitFor(pid_t pid, Condition done) {
    while (!done()) {
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

} // namespace

TEST_SUITE("sync") {

TEST_CASE("boot attempts: the pure rule counts starts without a first frame and marks the release bad at three") {
    kiosk::BootAttempts state;
    for (int start = 1; start <= kiosk::limits::kFailedStartsBeforeReleaseIsBad; ++start) {
        CHECK_FALSE(kiosk::startsExhausted(state, 7));
        kiosk::recordStartAttempt(state, 7);
        CHECK(state.failedStarts == start);
    }
    CHECK(kiosk::startsExhausted(state, 7));
    CHECK_FALSE(kiosk::startsExhausted(state, 6));   // another release has its own count
    kiosk::markBad(state, 7);
    kiosk::markBad(state, 7);
    CHECK(state.badVersions == std::vector<std::uint64_t>{7});
    kiosk::recordStartAttempt(state, 6);
    CHECK(state.failedStarts == 1);
    kiosk::recordFirstFrame(state);
    CHECK(state.failedStarts == 0);
    // The bundled exhibition (0) is never marked: nothing comes after it.
    kiosk::BootAttempts bundled;
    for (int i = 0; i < 10; ++i) kiosk::recordStartAttempt(bundled, 0);
    CHECK_FALSE(kiosk::startsExhausted(bundled, 0));

    const auto again = kiosk::parseBootAttempts(kiosk::serializeBootAttempts(state));
    CHECK(again.version == 6);
    CHECK(again.badVersions == std::vector<std::uint64_t>{7});
    // A damaged file reads as a fresh state: the kiosk starts anyway.
    for (const char* damaged : {"", "{", "[1,2]", "{\"version\": -1, \"failed_starts\": 1e999}", "\xff\xfe"}) {
        const auto fresh = kiosk::parseBootAttempts(damaged);
        CHECK(fresh.badVersions.empty());
    }
}

TEST_CASE("crash containment: three starts killed before the first frame mark the release bad, the kiosk runs the previous one") {
    TempDir dir;
    Publisher publisher{kiosk::generateKeyPair(), dir / "tree"};
    makeExhibition(dir / "v1", 1, 100, "Release one");
    publisher.publish(dir / "v1");
    ReleaseServer server(publisher.tree);
    writeFile(dir / "release.pub", kiosk::toHex(publisher.keys.publicKey.data(), publisher.keys.publicKey.size()) + "\n");
    writeFile(dir / "token", "crash-containment-test-token\n");
    fs::permissions(dir / "token", fs::perms::owner_read | fs::perms::owner_write);   // the kiosk refuses a readable token
    const int port = freePort();
    const auto writeConfig = [&](const std::string& tokenFile) {
        writeFile(dir / "kiosk.toml", "[kiosk]\ndata_dir = \"data\"\n\n[sync]\nurl = \"" + server.baseUrl() +
                                          "\"\npublic_key = \"release.pub\"\ninterval_seconds = 3600\n\n[api]\nlisten = \"127.0.0.1:" +
                                          std::to_string(port) + "\"\ntoken_file = \"" + tokenFile + "\"\n");
    };
    writeConfig("token");
    const std::string config = (dir / "kiosk.toml").string();
    const fs::path data = dir / "data";

    // Release 1, then release 2 installed: 2 is current, 1 previous.
    REQUIRE(waitExit(startKiosk({"--config", config, "--sync-once"})) == 0);
    makeExhibition(dir / "v2", 1, 100, "Release two");
    publisher.publish(dir / "v2");
    REQUIRE(waitExit(startKiosk({"--config", config, "--sync-once"})) == 0);
    REQUIRE(kiosk::sync::ReleaseStore(data).currentVersion() == 2);

    // A good start on release 2 leaves no failed start behind.
    REQUIRE(waitExit(startKiosk({"--config", config, "--headless", "--frames", "2"})) == 0);
    CHECK(kiosk::readBootAttempts(data).version == 2);
    CHECK(kiosk::readBootAttempts(data).failedStarts == 0);

    // Three starts on release 2 killed before their first frame: the event database is a FIFO,
    // so the kiosk blocks reading it, right after it has recorded the start. (The token file
    // cannot serve: the config check reads it before anything else.)
    for (const char* file : {"events.db", "events.db-wal", "events.db-shm"}) fs::remove(data / file);
    REQUIRE(::mkfifo((data / "events.db").c_str(), 0600) == 0);
    for (int start = 1; start <= kiosk::limits::kFailedStartsBeforeReleaseIsBad; ++start) {
        const pid_t pid = startKiosk({"--config", config, "--headless"});
        REQUIRE(waitFor(pid, [&] { return kiosk::readBootAttempts(data).failedStarts == start; }));
        ::kill(pid, SIGKILL);
        CHECK(waitExit(pid) == 128 + SIGKILL);
        CHECK(kiosk::readBootAttempts(data).version == 2);
        CHECK(kiosk::readBootAttempts(data).badVersions.empty());
    }

    // The fourth start marks 2 bad and shows release 1; /v1/status says so.
    fs::remove(data / "events.db");
    const pid_t pid = startKiosk({"--config", config, "--headless"});
    httplib::Client client("127.0.0.1", port);
    client.set_bearer_token_auth("crash-containment-test-token");
    nlohmann::json status;
    REQUIRE(waitFor(pid, [&] {
        auto response = client.Get("/v1/status");
        if (!response || response->status != 200) return false;
        status = nlohmann::json::parse(response->body, nullptr, false);
        // Until the main loop refreshes the status after its first frame, the version is empty.
        return status.is_object() && status["release"]["version"] != "";
    }));
    INFO(status.dump());
    CHECK(status["bad_releases"] == nlohmann::json::array({2}));
    CHECK(status["release"]["version"] == "1");
    ::kill(pid, SIGTERM);
    CHECK(waitExit(pid) == 0);
    auto state = kiosk::readBootAttempts(data);
    CHECK(state.badVersions == std::vector<std::uint64_t>{2});
    CHECK(state.version == 1);
    CHECK(state.failedStarts == 0);

    // The event log has it.
    {
        auto store = kiosk::storage::EventStore::open(data / "events.db");
        REQUIRE(store);
        auto events = (*store)->readAfter(0, 1000);
        REQUIRE(events);
        bool found = false;
        for (const auto& stored : *events)
            if (stored.typeName == "error" && stored.event.extraJson.find("release_marked_bad") != std::string::npos &&
                stored.event.value == 2)
                found = true;
        CHECK(found);
    }

    // Release 2 is never installed again, even from a fresh store where it is not current.
    fs::remove_all(data / "content-store");
    auto once = startKiosk({"--config", config, "--sync-once"});
    CHECK(waitExit(once) != 0);
    CHECK(kiosk::sync::ReleaseStore(data).currentVersion() == 0);

    // A fixed release 3 installs and starts.
    makeExhibition(dir / "v3", 1, 100, "Release three");
    publisher.publish(dir / "v3");
    REQUIRE(waitExit(startKiosk({"--config", config, "--sync-once"})) == 0);
    CHECK(kiosk::sync::ReleaseStore(data).currentVersion() == 3);
    REQUIRE(waitExit(startKiosk({"--config", config, "--headless", "--frames", "2"})) == 0);
    state = kiosk::readBootAttempts(data);
    CHECK(state.version == 3);
    CHECK(state.failedStarts == 0);
}

}
