#include "kiosk/sync/sync_client.h"

#include "kiosk/core/boot_attempts.h"

#include <chrono>
#include <ctime>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "kiosk/core/log.h"
#include "kiosk/core/release_keys.h"
#include "kiosk/sync/durable_file.h"

namespace kiosk::sync {
namespace {

std::string trimSlash(std::string url) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
}

std::uint64_t randomSeed() {
    return std::random_device{}() ^ static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
}

// Sleeps, waking early when the settings' cancel flag is set; false when cancelled.
bool sleepMs(const SyncSettings& settings, std::int64_t ms) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (std::chrono::steady_clock::now() < until) {
        if (settings.http.cancel && settings.http.cancel->load()) return false;
        std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(until - std::chrono::steady_clock::now(),
                                                                                  std::chrono::milliseconds(50)));
    }
    return !(settings.http.cancel && settings.http.cancel->load());
}

// GET with retries on transient failures (exponential backoff with jitter, Retry-After).
HttpResponse getWithRetries(HttpClient& client, const SyncSettings& settings, const std::string& url,
                            const std::vector<std::string>& headers, std::uint64_t maxBytes) {
    RetryBackoff backoff(settings.retryBaseMs, settings.retryMaxMs, randomSeed());
    while (true) {
        HttpResponse response = client.get(url, headers, maxBytes);
        if (response.failure != HttpFailure::Transient || backoff.attempts() + 1 >= settings.maxAttemptsPerRequest)
            return response;
        const std::int64_t delay = backoff.nextDelayMs(response.retryAfterSeconds);
        log::info("sync: " + response.error + "; retrying in " + std::to_string(delay) + " ms");
        if (!sleepMs(settings, delay)) return response;
    }
}

// Downloads the missing objects with a few threads; the first lasting failure stops the rest.
class ObjectFetcher {
public:
    ObjectFetcher(const SyncSettings& settings, ReleaseStore& store, SyncCycleStats& stats,
                  std::vector<ManifestFile> missing)
        : settings_(settings), store_(store), stats_(stats), queue_(std::move(missing)) {}

    // The kind of the first lasting failure (LocalDisk: the disk is full).
    HttpFailure failureKind() const { return failureKind_; }

    std::optional<std::string> run() {
        const int threads = std::max(1, std::min<int>(settings_.parallelDownloads, static_cast<int>(queue_.size())));
        std::vector<std::thread> workers;
        for (int i = 0; i < threads; ++i) workers.emplace_back([this] { work(); });
        for (auto& worker : workers) worker.join();
        return failure_;
    }

private:
    void work() {
        HttpClient client(settings_.http, &stats_.http);
        RetryBackoff backoff(settings_.retryBaseMs, settings_.retryMaxMs, randomSeed());
        while (true) {
            ManifestFile file;
            {
                std::lock_guard lock(mutex_);
                if (failure_ || next_ >= queue_.size()) return;
                file = queue_[next_++];
            }
            backoff.reset();
            const std::string url = objectUrl(settings_, file.sha256);
            const auto part = store_.partPath(file.sha256);
            auto deadline = std::chrono::steady_clock::time_point::max();
            if (settings_.minAverageBytesPerSecond > 0)
                deadline = std::chrono::steady_clock::now() + std::chrono::seconds(settings_.objectDeadlineBaseSeconds) +
                           std::chrono::milliseconds(file.size * 1000 / static_cast<std::uint64_t>(settings_.minAverageBytesPerSecond));
            while (true) {
                HttpResponse response = client.download(url, part, file.size, file.sha256, deadline);
                if (response.failure == HttpFailure::None) {
                    crashPoint("object downloaded");
                    auto adopted = store_.adoptObject(part, file.sha256);
                    if (!adopted) { fail(adopted.error(), HttpFailure::LocalDisk); return; }
                    std::lock_guard lock(mutex_);
                    ++stats_.objectsFetched;
                    stats_.objectBytesFetched += file.size;
                    break;
                }
                // A wrong hash may be a flaky proxy: the part is gone, so a retry starts clean.
                const bool retryable = response.failure == HttpFailure::Transient || response.failure == HttpFailure::WrongBytes;
                if (!retryable || backoff.attempts() + 1 >= settings_.maxAttemptsPerRequest) {
                    fail(quotedForMessage(file.path) + ": " + response.error, response.failure);
                    return;
                }
                {
                    std::lock_guard lock(mutex_);
                    if (failure_) return;
                }
                const std::int64_t delay = backoff.nextDelayMs(response.retryAfterSeconds);
                log::info("sync: " + response.error + "; retrying in " + std::to_string(delay) + " ms");
                if (!sleepMs(settings_, delay)) { fail("cancelled", HttpFailure::Cancelled); return; }
            }
        }
    }

    void fail(std::string message, HttpFailure kind) {
        std::lock_guard lock(mutex_);
        if (failure_) return;
        failure_ = std::move(message);
        failureKind_ = kind;
    }

    const SyncSettings& settings_;
    ReleaseStore& store_;
    SyncCycleStats& stats_;
    std::vector<ManifestFile> queue_;
    std::size_t next_ = 0;
    std::mutex mutex_;
    std::optional<std::string> failure_;
    HttpFailure failureKind_ = HttpFailure::None;
};

std::string megabytes(std::uint64_t bytes) {
    return std::to_string((bytes + 1024 * 1024 - 1) / (1024 * 1024)) + " MB";
}

// The keys trusted now: those of the keys file accepted last, else the configured ones.
std::vector<PublicKey> trustedKeys(const SyncSettings& settings, const ReleaseStore& store, TrustedKeysState& state) {
    auto bytes = store.acceptedKeysBytes();
    if (!bytes) return settings.publicKeys;
    auto keys = parseReleaseKeys(*bytes);
    if (!keys) {
        log::warn("sync: the kept keys.json does not parse (" + keys.error() + "); trusting [sync] public_key");
        return settings.publicKeys;
    }
    state = {keys->version, sha256Hex(*bytes)};
    return keys->keys;
}

// The installed release has expired (its kept manifest): a freeze, reported instead of "up to date".
std::optional<SyncOutcome> frozenOutcome(const ReleaseStore& store, std::int64_t nowUnix) {
    const std::uint64_t current = store.currentVersion();
    if (current == 0) return std::nullopt;
    auto manifest = store.keptManifest(current);
    if (!manifest || manifest->expiresUnix > nowUnix) return std::nullopt;
    SyncOutcome outcome = SyncOutcome::refused(manifestExpiredReason(*manifest, true));
    outcome.version = current;
    outcome.installedReleaseExpired = true;
    return outcome;
}

} // namespace

Result<SyncSettings> syncSettingsFromConfig(const KioskConfig& config) {
    if (config.syncUrl.empty()) return Error{"[sync] url is not set in the config file"};
    if (config.syncPublicKey.empty()) return Error{"[sync] public_key is not set in the config file"};
    auto keys = readPublicKeysFile(config.syncPublicKey);
    if (!keys) return Error{keys.error()};
    SyncSettings settings;
    settings.baseUrl = config.syncUrl;
    settings.publicKeys = *keys;
    settings.channel = config.syncChannel;
    settings.intervalSeconds = config.syncIntervalSeconds;
    settings.limits.maxFiles = static_cast<std::uint64_t>(config.syncMaxFiles);
    settings.limits.maxBytes = static_cast<std::uint64_t>(config.syncMaxBytes);
    settings.limits.maxObjectBytes = static_cast<std::uint64_t>(config.syncMaxObjectBytes);
    settings.http.connectTimeoutSeconds = config.syncConnectTimeoutSeconds;
    settings.http.lowSpeedBytesPerSecond = config.syncLowSpeedBytesPerSecond;
    settings.http.lowSpeedSeconds = config.syncLowSpeedSeconds;
    settings.http.caFile = config.syncCaFile;
    settings.http.pinnedPublicKey = config.syncPinnedPublicKey;
    settings.parallelDownloads = config.syncParallelDownloads;
    settings.reserveBytes = static_cast<std::uint64_t>(config.syncReserveMb) * 1024 * 1024;
    settings.minAverageBytesPerSecond = config.syncMinAverageBytesPerSecond;
    return settings;
}

std::string manifestUrl(const SyncSettings& settings) {
    return trimSlash(settings.baseUrl) + "/channels/" + settings.channel + "/manifest.json";
}
std::string signatureUrl(const SyncSettings& settings) { return manifestUrl(settings) + ".sig"; }
std::string keysUrl(const SyncSettings& settings) { return trimSlash(settings.baseUrl) + "/keys.json"; }
std::string objectUrl(const SyncSettings& settings, const std::string& sha256) {
    return trimSlash(settings.baseUrl) + "/objects/" + objectRelativePath(sha256);
}

SyncOutcome runSyncCycle(const SyncSettings& settings, const std::filesystem::path& dataDir, SyncCycleStats* statsOut) {
    SyncCycleStats localStats;
    SyncCycleStats& stats = statsOut ? *statsOut : localStats;
    // One writer: two syncs appending to the same part file would interleave their bytes.
    auto lock = StoreWriterLock::tryAcquire(dataDir);
    if (!lock) return SyncOutcome::failed(lock.error());
    ReleaseStore store(dataDir);
    if (auto opened = store.open(); !opened) return SyncOutcome::failed(opened.error());
    const std::int64_t now = settings.nowUnix ? settings.nowUnix : static_cast<std::int64_t>(std::time(nullptr));
    const InstalledRelease installed = store.installed();
    const bool currentIntact = store.currentIntact();
    HttpClient client(settings.http, &stats.http);

    // 1. The manifest, conditionally: unchanged costs one small request and a 304.
    std::vector<std::string> headers;
    const HttpValidators validators = store.httpValidators();
    if (currentIntact && validators.version == store.currentVersion() && validators.url == manifestUrl(settings)) {
        if (!validators.etag.empty()) headers.push_back("If-None-Match: " + validators.etag);
        if (!validators.lastModified.empty()) headers.push_back("If-Modified-Since: " + validators.lastModified);
    }
    HttpResponse manifest = getWithRetries(client, settings, manifestUrl(settings), headers, sync_limits::kMaxManifestBytes);
    if (manifest.failure == HttpFailure::TooMuchData) return SyncOutcome::refused(manifest.error);
    if (manifest.failure != HttpFailure::None) return SyncOutcome::failed(manifest.error);
    if (manifest.status == 304) {
        if (!headers.empty()) {
            if (auto frozen = frozenOutcome(store, now)) return *frozen;
            return SyncOutcome::upToDate(store.currentVersion());
        }
        return SyncOutcome::failed(manifestUrl(settings) + ": 304 without a conditional request");
    }
    HttpResponse signature = getWithRetries(client, settings, signatureUrl(settings), {}, sync_limits::kSignatureFileBytes);
    if (signature.failure == HttpFailure::TooMuchData) return SyncOutcome::refused("bad signature (signature file too large)");
    if (signature.failure != HttpFailure::None) return SyncOutcome::failed(signature.error);

    // 2. The release keys (rotation), when the tree has a keys.json: only a newer file signed by
    //    a key trusted now replaces the trusted set.
    TrustedKeysState keysState;
    std::vector<PublicKey> trusted = trustedKeys(settings, store, keysState);
    HttpResponse keysFile = getWithRetries(client, settings, keysUrl(settings), {}, sync_limits::kMaxKeysFileBytes);
    if (keysFile.failure == HttpFailure::TooMuchData) return SyncOutcome::refused(keysFile.error);
    if (keysFile.failure == HttpFailure::None && keysFile.status == 200) {
        HttpResponse keysSignature = getWithRetries(client, settings, keysUrl(settings) + ".sig", {}, sync_limits::kSignatureFileBytes);
        if (keysSignature.failure == HttpFailure::TooMuchData) return SyncOutcome::refused("keys.json: bad signature (signature file too large)");
        if (keysSignature.failure != HttpFailure::None) return SyncOutcome::failed(keysSignature.error);
        const KeysVerdict keysVerdict = judgeReleaseKeys(keysFile.body, keysSignature.body, trusted, keysState);
        if (keysVerdict.kind == KeysVerdict::Kind::Refuse) return SyncOutcome::refused(keysVerdict.reason);
        if (keysVerdict.kind == KeysVerdict::Kind::Accept) {
            if (auto saved = store.saveAcceptedKeys(keysFile.body, keysSignature.body); !saved)
                return SyncOutcome::failed(saved.error());
            log::info("sync: release keys version " + std::to_string(keysVerdict.keys.version) + " accepted (" +
                      std::to_string(keysVerdict.keys.keys.size()) + " keys)");
        }
        trusted = keysVerdict.keys.keys;
    } else if (keysFile.failure != HttpFailure::None && keysFile.status != 404 && keysFile.status != 403 &&
               keysFile.status != 410) {
        // A tree without keys.json answers 404 (S3 without listing rights: 403): no rotation, and
        // withholding the file can only keep the keys trusted now, never add one.
        return SyncOutcome::failed(keysFile.error);
    }

    // 3. Signature and policy.
    const ManifestVerdict verdict = judgeManifest(manifest.body, signature.body, trusted, settings.channel, installed, now,
                                                  settings.limits);
    if (verdict.kind == ManifestVerdict::Kind::Refuse) {
        SyncOutcome refused = SyncOutcome::refused(verdict.reason);
        // The same version as the one shown, expired: the kiosk keeps showing it, flagged.
        if (verdict.reason.find("(freeze)") != std::string::npos && frozenOutcome(store, now)) refused.installedReleaseExpired = true;
        return refused;
    }
    // Crash containment: a release that did not reach its first frame three starts in a row is
    // never installed again (core/boot_attempts.h); the curator publishes a fixed one instead.
    if (readBootAttempts(dataDir).isBad(verdict.manifest.version))
        return SyncOutcome::refused("release " + std::to_string(verdict.manifest.version) +
                                    " is marked bad on this kiosk (it did not start); waiting for a newer one");
    const HttpValidators fresh{verdict.manifest.version, manifestUrl(settings), manifest.etag, manifest.lastModified};
    const bool alreadyCurrent = verdict.kind == ManifestVerdict::Kind::AlreadyInstalled &&
                                store.currentVersion() == verdict.manifest.version && currentIntact;
    if (alreadyCurrent) {
        (void)store.raiseHighest({verdict.manifest.version, sha256Hex(manifest.body)});   // after a crash before it was raised
        (void)store.saveHttpValidators(fresh);
        return SyncOutcome::upToDate(verdict.manifest.version);
    }
    // (AlreadyInstalled but not current and whole: a damaged release or an interrupted install
    // of the highest version is repaired by installing it again.)

    // 4. Only the objects the store does not have, each once, if the disk can hold them.
    std::vector<ManifestFile> missing;
    std::set<std::string> queued;
    std::uint64_t missingBytes = 0;
    for (const auto& file : verdict.manifest.files)
        if (!store.hasObject(file) && queued.insert(file.sha256).second) {
            missing.push_back(file);
            missingBytes += file.size - store.partBytes(file);
        }
    if (!missing.empty()) {
        std::error_code ec;
        const auto space = std::filesystem::space(store.root(), ec);
        if (!ec && space.available < missingBytes + settings.reserveBytes) {
            store.removePartFiles();
            return SyncOutcome::failed("not enough free space for version " + std::to_string(verdict.manifest.version) +
                                       ": " + megabytes(missingBytes) + " to download, " + megabytes(space.available) +
                                       " free, " + megabytes(settings.reserveBytes) +
                                       " kept free ([sync] reserve_mb); nothing downloaded, partial downloads removed");
        }
        ObjectFetcher fetcher(settings, store, stats, std::move(missing));
        if (auto failure = fetcher.run()) {
            if (fetcher.failureKind() == HttpFailure::TooMuchData) return SyncOutcome::refused(*failure);
            if (fetcher.failureKind() == HttpFailure::LocalDisk) {
                store.removePartFiles();   // a full disk must not stay full: the event log needs room
                return SyncOutcome::failed(*failure + "; partial downloads removed");
            }
            return SyncOutcome::failed(*failure);
        }
    }

    // 5. Switch atomically, keep the previous release (and the one on screen), drop the rest.
    auto installedNow = store.installRelease(verdict.manifest, manifest.body, signature.body);
    if (!installedNow) {
        store.removePartFiles();
        return SyncOutcome::failed(installedNow.error());
    }
    (void)store.saveHttpValidators(fresh);
    store.collectGarbage();
    return SyncOutcome::updated(verdict.manifest.version);
}

} // namespace kiosk::sync
