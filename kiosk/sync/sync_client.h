// One sync cycle: conditional GET of the channel's manifest, signature and policy checks
// (kiosk/core/sync_policy.h), parallel resumable downloads of the missing objects, hash checks,
// then an atomic switch of the store's current release (release_store.h).
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>

#include "kiosk/core/kiosk_config.h"
#include "kiosk/core/release_signing.h"
#include "kiosk/core/result.h"
#include "kiosk/core/sync_limits.h"
#include "kiosk/core/sync_policy.h"
#include "kiosk/sync/http_client.h"
#include "kiosk/sync/release_store.h"

namespace kiosk::sync {

struct SyncSettings {
    std::string baseUrl;                     // the release tree, e.g. https://cdn.example.org/expo
    PublicKey publicKey{};
    std::string channel = "stable";
    int intervalSeconds = 300;
    SyncPolicyLimits limits{static_cast<std::uint64_t>(kioskConfigDefaults().syncMaxFiles),
                            static_cast<std::uint64_t>(kioskConfigDefaults().syncMaxBytes),
                            static_cast<std::uint64_t>(kioskConfigDefaults().syncMaxObjectBytes)};
    HttpSettings http;
    int parallelDownloads = kioskConfigDefaults().syncParallelDownloads;
    int maxAttemptsPerRequest = sync_limits::kMaxAttemptsPerRequest;
    std::int64_t retryBaseMs = sync_limits::kRetryBaseMs;
    std::int64_t retryMaxMs = sync_limits::kRetryMaxMs;
};

// The settings from a kiosk config's [sync] section; an error when url or public_key is missing.
Result<SyncSettings> syncSettingsFromConfig(const KioskConfig& config);

// URLs of a release tree (the layout kiosk-publish build writes).
std::string manifestUrl(const SyncSettings& settings);
std::string signatureUrl(const SyncSettings& settings);
std::string objectUrl(const SyncSettings& settings, const std::string& sha256);

struct SyncCycleStats {
    HttpCounters http;
    int objectsFetched = 0;
    std::uint64_t objectBytesFetched = 0;
};

// Runs one cycle against the store in `dataDir`. Never throws; the outcome says what happened.
SyncOutcome runSyncCycle(const SyncSettings& settings, const std::filesystem::path& dataDir,
                         SyncCycleStats* stats = nullptr);

} // namespace kiosk::sync
