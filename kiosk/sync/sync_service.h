// SyncService: content sync on its own thread. Runs a cycle at start, then every
// interval_seconds (± jitter), sooner after requestSyncNow(); after a failure it retries with
// exponential backoff (never later than the interval). When a cycle installs a new release it
// calls onNewRelease(folder, version) from the sync thread; the app loads the folder and offers
// it to the UI, which shows it at the next idle moment.
//
// Wiring points for the lead: POST /v1/sync and the technician overlay's "sync now" call
// requestSyncNow(); status() feeds the API's and overlay's status lines.
#pragma once
#include <atomic>
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
};

class SyncService {
public:
    using NewReleaseCallback = std::function<void(const std::filesystem::path& folder, std::uint64_t version)>;

    SyncService(SyncSettings settings, std::filesystem::path dataDir, NewReleaseCallback onNewRelease);
    ~SyncService();   // stops the thread (a running cycle's transfers are aborted)

    void start();
    void stop();
    // Asks for a cycle now (no-op if one is running: that one's result will be reported).
    void requestSyncNow();
    SyncStatus status() const;

private:
    void loop();

    SyncSettings settings_;
    std::filesystem::path dataDir_;
    NewReleaseCallback onNewRelease_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::atomic<bool> cancel_{false};    // aborts a running cycle's transfers on stop()
    bool stopRequested_ = false;
    bool syncRequested_ = false;
    SyncStatus status_;
    std::thread thread_;
};

} // namespace kiosk::sync
