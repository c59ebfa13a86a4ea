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
    cycleFinished_.notify_all();
    if (thread_.joinable()) thread_.join();
}

std::uint64_t SyncService::requestSyncNow() {
    std::uint64_t cycleId = 0;
    {
        std::lock_guard lock(mutex_);
        syncRequested_ = true;
        cycleId = startedCycles_ + 1;   // the next cycle to start, whether one runs now or not
    }
    wake_.notify_all();
    return cycleId;
}

SyncRequestResult SyncService::cycleResult(std::uint64_t cycleId) const {
    std::lock_guard lock(mutex_);
    for (const auto& result : recentResults_)
        if (result.cycleId == cycleId) return result;
    return {cycleId, false, {}, false};
}

SyncRequestResult SyncService::requestSyncAndWait(std::chrono::milliseconds wait) {
    const std::uint64_t cycleId = requestSyncNow();
    std::unique_lock lock(mutex_);
    cycleFinished_.wait_for(lock, wait, [&] { return stopRequested_ || status_.lastCycleId >= cycleId; });
    for (const auto& result : recentResults_)
        if (result.cycleId == cycleId) return result;
    return {cycleId, false, {}, false};
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
            status_.runningCycleId = ++startedCycles_;
            status_.lastAttemptUnix = static_cast<std::int64_t>(std::time(nullptr));
        }
        if (auto pinned = ReleaseStore(dataDir_).setDisplayedVersion(displayed_.load()); !pinned)
            log::warn("sync: " + pinned.error());
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
            status_.lastCycleId = status_.runningCycleId;
            status_.runningCycleId = 0;
            status_.installedReleaseExpired = outcome.installedReleaseExpired;
            ++status_.cyclesRun;
            recentResults_.push_back({status_.lastCycleId, true, status_.lastResult, outcome.succeeded()});
            if (recentResults_.size() > kRememberedCycles) recentResults_.pop_front();
            if (outcome.succeeded()) {
                status_.lastSuccessUnix = status_.lastAttemptUnix;
                status_.currentVersion = outcome.version;
                failureBackoff.reset();
                waitMs = jitteredIntervalMs(settings_.intervalSeconds, random);
            } else {
                waitMs = failureBackoff.nextDelayMs();
            }
        }
        cycleFinished_.notify_all();
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, std::chrono::milliseconds(waitMs), [this] { return stopRequested_ || syncRequested_; });
        if (stopRequested_) return;
    }
}

} // namespace kiosk::sync
