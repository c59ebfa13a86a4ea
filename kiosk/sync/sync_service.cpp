#include "kiosk/sync/sync_service.h"

#include <chrono>
#include <ctime>
#include <random>

#include "kiosk/core/log.h"

namespace kiosk::sync {

SyncService::SyncService(SyncSettings settings, std::filesystem::path dataDir, NewReleaseCallback onNewRelease)
    : settings_(std::move(settings)), dataDir_(std::move(dataDir)), onNewRelease_(std::move(onNewRelease)) {
    status_.currentVersion = ReleaseStore(dataDir_).currentVersion();
    settings_.http.cancel = &cancel_;
}

SyncService::~SyncService() { stop(); }

void SyncService::start() {
    std::lock_guard lock(mutex_);
    if (thread_.joinable()) return;
    stopRequested_ = false;
    cancel_ = false;
    syncRequested_ = true;   // first cycle right away
    thread_ = std::thread([this] { loop(); });
}

void SyncService::stop() {
    {
        std::lock_guard lock(mutex_);
        stopRequested_ = true;
    }
    cancel_ = true;
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void SyncService::requestSyncNow() {
    {
        std::lock_guard lock(mutex_);
        syncRequested_ = true;
    }
    wake_.notify_all();
}

SyncStatus SyncService::status() const {
    std::lock_guard lock(mutex_);
    return status_;
}

void SyncService::loop() {
    std::mt19937_64 random(std::random_device{}());
    RetryBackoff failureBackoff(sync_limits::kRetryBaseMs * 20, settings_.intervalSeconds * 1000LL, random());
    while (true) {
        {
            std::unique_lock lock(mutex_);
            if (stopRequested_) return;
            syncRequested_ = false;
            status_.running = true;
            status_.lastAttemptUnix = static_cast<std::int64_t>(std::time(nullptr));
        }
        const SyncOutcome outcome = runSyncCycle(settings_, dataDir_);
        if (cancel_) return;
        (outcome.succeeded() ? log::info : log::warn)("sync: " + outcome.line());
        if (outcome.kind == SyncOutcome::Kind::Updated && onNewRelease_)
            onNewRelease_(ReleaseStore(dataDir_).releaseDir(outcome.version), outcome.version);
        std::int64_t waitMs;
        {
            std::lock_guard lock(mutex_);
            status_.running = false;
            status_.lastResult = outcome.line();
            ++status_.cyclesRun;
            if (outcome.succeeded()) {
                status_.lastSuccessUnix = status_.lastAttemptUnix;
                status_.currentVersion = outcome.version;
                failureBackoff.reset();
                waitMs = jitteredIntervalMs(settings_.intervalSeconds, random);
            } else {
                waitMs = failureBackoff.nextDelayMs();
            }
        }
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, std::chrono::milliseconds(waitMs), [this] { return stopRequested_ || syncRequested_; });
        if (stopRequested_) return;
    }
}

} // namespace kiosk::sync
