// SyncService: content sync on its own thread. Runs a cycle at start, then every
// interval_seconds (± jitter), sooner after requestSyncNow(); after a failure it retries with
// exponential backoff (never later than the interval). When a cycle installs a new release it
// calls onNewRelease(folder, version) from the sync thread; the app loads the folder and offers
// it to the UI, which shows it at the next idle moment.
//
// Every cycle has an id (1, 2, ...). POST /v1/sync calls requestSyncAndWait(): it asks for a cycle
// that starts after the request (a cycle already running started too early to count) and waits,
// bounded, for that cycle's own result. The technician overlay's "sync now" calls
// requestSyncNow(); status() feeds the API's and overlay's status lines, live.
#pragma once
#include <atomic>
#include <chrono>
#include <deque>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "kiosk/sync/sync_client.h"

namespace kiosk::sync {

struct SyncStatus {
    std::string lastResult;              // SyncOutcome::line() of the last cycle; empty before the first
    std::int64_t lastAttemptUnix = 0;    // 0: never
    std::int64_t lastSuccessUnix = 0;    // last "up to date" or "updated"; 0: never
    std::uint64_t currentVersion = 0;    // installed release; 0: the bundled exhibition
    bool running = false;                // a cycle is in progress
    int cyclesRun = 0;
    std::uint64_t runningCycleId = 0;    // the cycle in progress; 0: none
    std::uint64_t lastCycleId = 0;       // the last finished cycle; 0: none yet
    bool installedReleaseExpired = false;  // the release shown has expired (freeze), as of the last cycle
};

// What POST /v1/sync answers: the requested cycle's result, or its id while it still runs.
struct SyncRequestResult {
    std::uint64_t cycleId = 0;
    bool finished = false;
    std::string result;                  // SyncOutcome::line() when finished
    bool succeeded = false;
};

class SyncService {
public:
    using NewReleaseCallback = std::function<void(const std::filesystem::path& folder, std::uint64_t version)>;

    SyncService(SyncSettings settings, std::filesystem::path dataDir, NewReleaseCallback onNewRelease);
    ~SyncService();   // stops the thread (a running cycle's transfers are aborted)

    void start();
    void stop();
    // Asks for a cycle that starts after this call; returns its id. If one is running, the next
    // one is that cycle (requests made meanwhile share it).
    std::uint64_t requestSyncNow();
    // requestSyncNow(), then waits up to `wait` for that cycle to finish.
    SyncRequestResult requestSyncAndWait(std::chrono::milliseconds wait);
    // The result of a finished cycle still remembered (the last kRememberedCycles), else unfinished.
    SyncRequestResult cycleResult(std::uint64_t cycleId) const;
    SyncStatus status() const;
    // The release the UI shows now (0: bundled); cheap, any thread. Written to the store's
    // `displayed` file before each cycle so garbage collection keeps it.
    void setDisplayedVersion(std::uint64_t version) { displayed_.store(version); }

private:
    void loop();

    SyncSettings settings_;
    std::filesystem::path dataDir_;
    NewReleaseCallback onNewRelease_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::atomic<bool> cancel_{false};    // aborts a running cycle's transfers on stop()
    std::atomic<std::uint64_t> displayed_{0};
    bool stopRequested_ = false;
    bool syncRequested_ = false;
    SyncStatus status_;
    std::uint64_t startedCycles_ = 0;
    static constexpr std::size_t kRememberedCycles = 32;
    std::deque<SyncRequestResult> recentResults_;   // newest last
    std::condition_variable cycleFinished_;
    std::thread thread_;
};

} // namespace kiosk::sync
