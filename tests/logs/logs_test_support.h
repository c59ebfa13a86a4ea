// Kiosks for the kiosk-logs tests: a real event store behind a real API server on loopback,
// and simulated visitor sessions with chosen timestamps.
// (kiosk::storage::testing::TempDir is the shared tests/support TempDir, as the logs tests name it.)
#pragma once

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "kiosk/api/api_server.h"
#include "kiosk/storage/event_store.h"
#include "kiosk/tools/logs/organizer_database.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace kiosk::storage::testing {
using kiosk::testing::TempDir;
} // namespace kiosk::storage::testing

namespace kiosk::logs::testing {

inline const std::string kToken = "organizer-token-0123456789";

// Programs (kiosk-logs, to be killed or waited for) run with the shared test support:
// startQuiet(commandLine) and waitExit(process) from tests/support/process.h.
using kiosk::testing::BackgroundProcess;
using kiosk::testing::startQuiet;
using kiosk::testing::waitExit;

// Appends `sessions` visitor sessions starting at `startMs`, one every `spacingMs`.
inline void simulateVisitors(storage::EventStore& store, int sessions, std::int64_t startMs, std::int64_t spacingMs,
                             unsigned seed) {
    static const char* kLanguages[] = {"en", "zh-Hans", "ar", "fr"};
    static const char* kItems[] = {"ne-zha-2", "black-myth-wukong", "longjing-tea", "silk-scarf", "pu-er"};
    std::mt19937 random(seed);
    for (int s = 0; s < sessions; ++s) {
        const std::string session = "s" + std::to_string(seed) + "-" + std::to_string(s);
        std::int64_t t = startMs + s * spacingMs;
        auto add = [&](EventType type, const std::string& screen, const std::string& item, const std::string& language,
                       double value) {
            Event e;
            e.type = type;
            e.timestampMs = t;
            e.sessionId = session;
            e.screen = screen;
            e.item = item;
            e.language = language;
            e.value = value;
            e.releaseVersion = "2026-05-01.1";
            store.record(std::move(e));
            t += 1000;
        };
        const std::string language = kLanguages[random() % 4];
        add(EventType::SessionStart, "attract", "", "en", 0);
        const bool choseLanguage = random() % 4 != 0;
        if (choseLanguage) add(EventType::Language, "language", "", language, 0);
        const int items = choseLanguage ? static_cast<int>(random() % 4) : 0;
        for (int i = 0; i < items; ++i) add(EventType::View, "item", kItems[random() % 5], language, 2000 + random() % 30000);
        add(EventType::SessionEnd, "", "", language, 5000 + items * 15000);
    }
    store.flush();
}

struct TestKiosk {
    kiosk::testing::TempDir dir;
    std::unique_ptr<storage::EventStore> store;
    std::unique_ptr<api::ApiServer> server;
    std::string kioskId;

    explicit TestKiosk(std::string id) : kioskId(std::move(id)) {
        auto opened = storage::EventStore::open(dir.path / "events.db");
        REQUIRE(opened);
        store = std::move(*opened);
        start();
    }
    void start() {
        api::ApiOptions options;
        options.listen = {"127.0.0.1", 0};
        options.token = kToken;
        api::ApiCallbacks callbacks;
        callbacks.status = [id = kioskId] { return nlohmann::json{{"kiosk_id", id}}; };
        auto started = api::ApiServer::start(options, store.get(), callbacks);
        REQUIRE(started);
        server = std::move(*started);
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(server->port()); }
};

// The organizer's token file for `kiosk-logs --token-file`: kToken, mode 0600 (kiosk-logs
// refuses a token file others can read).
inline std::filesystem::path writeToken(const std::filesystem::path& dir) {
    const auto file = dir / "api-token";
    std::ofstream(file) << kToken << "\n";
    std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    return file;
}

// Runs `pullCommand` (a kiosk-logs pull of kiosk `kioskId` into the database `watcher` reads) up
// to `rounds` times, SIGKILLing each run once `stepEvents` more events are stored (or after 60
// s), and checks after every kill that the stored events have no duplicate and no gap; then one
// pull to the end must store all `total` events exactly once. At least one kill must land in
// the middle of the pulls.
inline void checkPullsKilledMidway(OrganizerDatabase& watcher, const std::string& kioskId,
                                   const std::vector<std::string>& pullCommand, std::int64_t total,
                                   std::int64_t stepEvents, int rounds) {
    int kills = 0;
    std::int64_t previous = 0;
    for (int round = 0; round < rounds; ++round) {
        BackgroundProcess pull = startQuiet(pullCommand);
        const auto giveUp = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (std::chrono::steady_clock::now() < giveUp) {
            auto counts = watcher.countEvents(kioskId);
            if (counts && counts->events >= previous + stepEvents) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        ::kill(pull.pid, SIGKILL);
        if (waitExit(pull) == -SIGKILL) ++kills;
        const auto counts = watcher.countEvents(kioskId).value();
        CHECK(counts.events == counts.distinct);   // never a duplicate, even mid-pull
        CHECK(counts.maxId == counts.events);      // and no gap: 1..n
        previous = counts.events;
        if (previous >= total) break;
    }
    CHECK(kills >= 1);
    CHECK(previous < total);   // a kill did land in the middle
    CHECK(waitExit(startQuiet(pullCommand)) == 0);
    const auto counts = watcher.countEvents(kioskId).value();
    CHECK(counts.events == total);
    CHECK(counts.distinct == total);
    CHECK(counts.minId == 1);
    CHECK(counts.maxId == total);
}

} // namespace kiosk::logs::testing
