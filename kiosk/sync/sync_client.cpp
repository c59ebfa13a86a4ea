#include "kiosk/sync/sync_client.h"

#include "kiosk/core/boot_attempts.h"

#include <chrono>
#include <ctime>
#include <mutex>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "kiosk/core/log.h"
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
            while (true) {
                HttpResponse response = client.download(url, part, file.size, file.sha256);
                if (response.failure == HttpFailure::None) {
                    crashPoint("object downloaded");
                    auto adopted = store_.adoptObject(part, file.sha256);
                    if (!adopted) { fail(adopted.error()); return; }
                    std::lock_guard lock(mutex_);
                    ++stats_.objectsFetched;
                    stats_.objectBytesFetched += file.size;
                    break;
                }
                // A wrong hash may be a flaky proxy: the part is gone, so a retry starts clean.
                const bool retryable = response.failure == HttpFailure::Transient || response.failure == HttpFailure::WrongBytes;
                if (!retryable || backoff.attempts() + 1 >= settings_.maxAttemptsPerRequest) {
                    fail(file.path + ": " + response.error);
                    return;
                }
                {
                    std::lock_guard lock(mutex_);
                    if (failure_) return;
                }
                const std::int64_t delay = backoff.nextDelayMs(response.retryAfterSeconds);
                log::info("sync: " + response.error + "; retrying in " + std::to_string(delay) + " ms");
                if (!sleepMs(settings_, delay)) { fail("cancelled"); return; }
            }
        }
    }

    void fail(std::string message) {
        std::lock_guard lock(mutex_);
        if (!failure_) failure_ = std::move(message);
    }

    const SyncSettings& settings_;
    ReleaseStore& store_;
    SyncCycleStats& stats_;
    std::vector<ManifestFile> queue_;
    std::size_t next_ = 0;
    std::mutex mutex_;
    std::optional<std::string> failure_;
};

} // namespace

Result<SyncSettings> syncSettingsFromConfig(const KioskConfig& config) {
    if (config.syncUrl.empty()) return Error{"[sync] url is not set in the config file"};
    if (config.syncPublicKey.empty()) return Error{"[sync] public_key is not set in the config file"};
    auto key = readPublicKeyFile(config.syncPublicKey);
    if (!key) return Error{key.error()};
    SyncSettings settings;
    settings.baseUrl = config.syncUrl;
    settings.publicKey = *key;
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
    return settings;
}

std::string manifestUrl(const SyncSettings& settings) {
    return trimSlash(settings.baseUrl) + "/channels/" + settings.channel + "/manifest.json";
}
std::string signatureUrl(const SyncSettings& settings) { return manifestUrl(settings) + ".sig"; }
std::string objectUrl(const SyncSettings& settings, const std::string& sha256) {
    return trimSlash(settings.baseUrl) + "/objects/" + objectRelativePath(sha256);
}

SyncOutcome runSyncCycle(const SyncSettings& settings, const std::filesystem::path& dataDir, SyncCycleStats* statsOut) {
    SyncCycleStats localStats;
    SyncCycleStats& stats = statsOut ? *statsOut : localStats;
    ReleaseStore store(dataDir);
    if (auto opened = store.open(); !opened) return SyncOutcome::failed(opened.error());
    const InstalledRelease installed = store.installed();
    HttpClient client(settings.http, &stats.http);

    // 1. The manifest, conditionally: unchanged costs one small request and a 304.
    std::vector<std::string> headers;
    const HttpValidators validators = store.httpValidators();
    if (installed.version > 0 && validators.version == installed.version && validators.url == manifestUrl(settings)) {
        if (!validators.etag.empty()) headers.push_back("If-None-Match: " + validators.etag);
        if (!validators.lastModified.empty()) headers.push_back("If-Modified-Since: " + validators.lastModified);
    }
    HttpResponse manifest = getWithRetries(client, settings, manifestUrl(settings), headers, sync_limits::kMaxManifestBytes);
    if (manifest.failure == HttpFailure::TooMuchData) return SyncOutcome::refused(manifest.error);
    if (manifest.failure != HttpFailure::None) return SyncOutcome::failed(manifest.error);
    if (manifest.status == 304) {
        if (installed.version > 0) return SyncOutcome::upToDate(installed.version);
        return SyncOutcome::failed(manifestUrl(settings) + ": 304 without a conditional request");
    }
    HttpResponse signature = getWithRetries(client, settings, signatureUrl(settings), {}, sync_limits::kSignatureFileBytes);
    if (signature.failure == HttpFailure::TooMuchData) return SyncOutcome::refused("bad signature (signature file too large)");
    if (signature.failure != HttpFailure::None) return SyncOutcome::failed(signature.error);

    // 2. Signature and policy.
    const ManifestVerdict verdict = judgeManifest(manifest.body, signature.body, settings.publicKey, settings.channel,
                                                  installed, static_cast<std::int64_t>(std::time(nullptr)), settings.limits);
    if (verdict.kind == ManifestVerdict::Kind::Refuse) return SyncOutcome::refused(verdict.reason);
    // Crash containment: a release that did not reach its first frame three starts in a row is
    // never installed again (core/boot_attempts.h); the curator publishes a fixed one instead.
    if (readBootAttempts(dataDir).isBad(verdict.manifest.version))
        return SyncOutcome::refused("release " + std::to_string(verdict.manifest.version) +
                                    " is marked bad on this kiosk (it did not start); waiting for a newer one");
    const HttpValidators fresh{verdict.manifest.version, manifestUrl(settings), manifest.etag, manifest.lastModified};
    if (verdict.kind == ManifestVerdict::Kind::AlreadyInstalled) {
        (void)store.saveHttpValidators(fresh);
        return SyncOutcome::upToDate(installed.version);
    }

    // 3. Only the objects the store does not have, each once.
    std::vector<ManifestFile> missing;
    std::set<std::string> queued;
    for (const auto& file : verdict.manifest.files)
        if (!store.hasObject(file) && queued.insert(file.sha256).second) missing.push_back(file);
    if (!missing.empty()) {
        ObjectFetcher fetcher(settings, store, stats, std::move(missing));
        if (auto failure = fetcher.run()) {
            if (failure->find("endless data") != std::string::npos) return SyncOutcome::refused(*failure);
            return SyncOutcome::failed(*failure);
        }
    }

    // 4. Switch atomically, keep the previous release, drop the rest.
    auto installedNow = store.installRelease(verdict.manifest, manifest.body, signature.body);
    if (!installedNow) return SyncOutcome::failed(installedNow.error());
    (void)store.saveHttpValidators(fresh);
    store.collectGarbage();
    return SyncOutcome::updated(verdict.manifest.version);
}

} // namespace kiosk::sync
