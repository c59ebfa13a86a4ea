// The pure decisions of content sync, with no network and no files: which manifest the kiosk
// accepts (the TUF-style refusals), what one cycle's result says, how long to wait before
// retrying. kiosk/sync does the I/O around these.
#pragma once
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/release_manifest.h"
#include "kiosk/core/release_signing.h"

namespace kiosk {

struct SyncPolicyLimits {
    std::uint64_t maxFiles = 0;
    std::uint64_t maxBytes = 0;        // all files of a release together
    std::uint64_t maxObjectBytes = 0;  // one file
};

// What the kiosk has installed now (empty when only the bundled exhibition).
struct InstalledRelease {
    std::uint64_t version = 0;         // 0: none
    std::string manifestSha256;        // of the installed manifest's bytes
};

struct ManifestVerdict {
    enum class Kind { Accept, AlreadyInstalled, Refuse };
    Kind kind = Kind::Refuse;
    std::string reason;                // for Refuse: why, in words a technician understands
    ReleaseManifest manifest;          // for Accept / AlreadyInstalled
};

// Checks, in this order: signature over the exact bytes (forgery), structure and safe paths,
// channel (wrong software), version against the installed one (rollback; the same version with
// other bytes is mix-and-match), expiry (freeze), then file count and sizes (endless data).
// A signature by any one of `trustedKeys` is enough (key rotation: release_keys.h).
// The installed version itself is refused too once its manifest has expired ("(freeze)"): a
// kiosk served the same manifest (or 304) forever notices that nobody re-signs it.
ManifestVerdict judgeManifest(std::string_view manifestBytes, std::string_view signatureText,
                              const std::vector<PublicKey>& trustedKeys, std::string_view expectedChannel,
                              const InstalledRelease& installed, std::int64_t nowUnix,
                              const SyncPolicyLimits& limits);
inline ManifestVerdict judgeManifest(std::string_view manifestBytes, std::string_view signatureText,
                                     const PublicKey& publicKey, std::string_view expectedChannel,
                                     const InstalledRelease& installed, std::int64_t nowUnix,
                                     const SyncPolicyLimits& limits) {
    return judgeManifest(manifestBytes, signatureText, std::vector<PublicKey>{publicKey}, expectedChannel, installed,
                         nowUnix, limits);
}

// "manifest expired at 2026-11-30 12:00 UTC (version N[, installed]); the publisher must re-sign
// it (freeze)": the refusal when a manifest's expires_unix has passed.
std::string manifestExpiredReason(const ReleaseManifest& manifest, bool installed);

// One sync cycle's result, as `kiosk --sync-once` prints it.
struct SyncOutcome {
    enum class Kind { UpToDate, Updated, Refused, Failed };
    Kind kind = Kind::Failed;
    std::uint64_t version = 0;         // the version now current
    std::string reason;                // for Refused / Failed
    bool installedReleaseExpired = false;  // the release shown has expired and nobody re-signed it (freeze)

    static SyncOutcome upToDate(std::uint64_t version) { return {Kind::UpToDate, version, {}}; }
    static SyncOutcome updated(std::uint64_t version) { return {Kind::Updated, version, {}}; }
    static SyncOutcome refused(std::string reason) { return {Kind::Refused, 0, std::move(reason)}; }
    static SyncOutcome failed(std::string reason) { return {Kind::Failed, 0, std::move(reason)}; }

    bool succeeded() const { return kind == Kind::UpToDate || kind == Kind::Updated; }
    // "up to date" / "updated to version N" / "refused: reason" / "failed: reason"
    std::string line() const;
};

// Exponential backoff with full jitter; a server's Retry-After (429/503) wins when longer.
class RetryBackoff {
public:
    RetryBackoff(std::int64_t baseMs, std::int64_t maxMs, std::uint64_t seed);
    // Delay before the next attempt; `retryAfterSeconds` < 0 when the server gave none.
    std::int64_t nextDelayMs(std::int64_t retryAfterSeconds = -1);
    void reset() { attempt_ = 0; }
    int attempts() const { return attempt_; }

private:
    std::int64_t baseMs_, maxMs_;
    int attempt_ = 0;
    std::mt19937_64 random_;
};

// The wait until the next scheduled cycle: interval ± kIntervalJitterFraction, so a hall of
// kiosks switched on together does not poll in lockstep.
std::int64_t jitteredIntervalMs(int intervalSeconds, std::mt19937_64& random);

// Parses an HTTP Retry-After value given in seconds; -1 when absent or not a number of seconds.
std::int64_t parseRetryAfterSeconds(std::string_view value);

} // namespace kiosk
