#include "kiosk/core/sync_policy.h"

#include <algorithm>
#include <charconv>
#include <ctime>

#include "kiosk/core/sync_limits.h"

namespace kiosk {

std::string manifestExpiredReason(const ReleaseManifest& manifest, bool installed) {
    char when[64] = "?";
    const std::time_t expires = static_cast<std::time_t>(manifest.expiresUnix);
    std::tm utc{};
    if (gmtime_r(&expires, &utc)) std::strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &utc);
    return "manifest expired at " + std::string(when) + " (version " + std::to_string(manifest.version) +
           (installed ? ", the one installed" : "") + "); the publisher must re-sign it (freeze)";
}

ManifestVerdict judgeManifest(std::string_view manifestBytes, std::string_view signatureText,
                              const std::vector<PublicKey>& trustedKeys, std::string_view expectedChannel,
                              const InstalledRelease& installed, std::int64_t nowUnix,
                              const SyncPolicyLimits& limits) {
    ManifestVerdict verdict;
    const auto refuse = [&](std::string reason) {
        verdict.kind = ManifestVerdict::Kind::Refuse;
        verdict.reason = std::move(reason);
        return verdict;
    };
    bool signedByTrustedKey = false;
    for (const auto& key : trustedKeys) signedByTrustedKey = signedByTrustedKey || verifyDetachedHex(manifestBytes, signatureText, key);
    if (!signedByTrustedKey)
        return refuse("bad signature (the manifest is not signed by a trusted public key)");
    auto parsed = parseManifest(manifestBytes);
    if (!parsed) return refuse(parsed.error());
    ReleaseManifest& manifest = *parsed;
    if (manifest.channel != expectedChannel)
        return refuse("wrong channel " + quotedForMessage(manifest.channel) + " (this kiosk follows " + quotedForMessage(expectedChannel) + ")");
    if (installed.version > 0 && manifest.version < installed.version)
        return refuse("rollback to version " + std::to_string(manifest.version) + " (version " +
                      std::to_string(installed.version) + " is installed)");
    if (installed.version > 0 && manifest.version == installed.version) {
        if (sha256Hex(manifestBytes) != installed.manifestSha256)
            return refuse("version " + std::to_string(manifest.version) +
                          " was signed again with other contents (mix-and-match)");
        if (manifest.expiresUnix <= nowUnix) return refuse(manifestExpiredReason(manifest, true));
        verdict.kind = ManifestVerdict::Kind::AlreadyInstalled;
        verdict.manifest = std::move(manifest);
        return verdict;
    }
    if (manifest.expiresUnix <= nowUnix) return refuse(manifestExpiredReason(manifest, false));
    if (manifest.files.size() > limits.maxFiles)
        return refuse("too many files: " + std::to_string(manifest.files.size()) + " (limit " +
                      std::to_string(limits.maxFiles) + ")");
    if (manifest.totalBytes() > limits.maxBytes)
        return refuse("release too large: " + std::to_string(manifest.totalBytes()) + " bytes (limit " +
                      std::to_string(limits.maxBytes) + ")");
    for (const auto& file : manifest.files)
        if (file.size > limits.maxObjectBytes)
            return refuse("file too large: " + quotedForMessage(file.path) + " is " + std::to_string(file.size) + " bytes (limit " +
                          std::to_string(limits.maxObjectBytes) + ")");
    verdict.kind = ManifestVerdict::Kind::Accept;
    verdict.manifest = std::move(manifest);
    return verdict;
}

std::string SyncOutcome::line() const {
    switch (kind) {
    case Kind::UpToDate: return "up to date";
    case Kind::Updated: return "updated to version " + std::to_string(version);
    case Kind::Refused: return "refused: " + reason;
    case Kind::Failed: return "failed: " + reason;
    }
    return "failed: unknown";
}

RetryBackoff::RetryBackoff(std::int64_t baseMs, std::int64_t maxMs, std::uint64_t seed)
    : baseMs_(std::max<std::int64_t>(1, baseMs)), maxMs_(std::max(baseMs, maxMs)), random_(seed) {}

std::int64_t RetryBackoff::nextDelayMs(std::int64_t retryAfterSeconds) {
    const int shift = std::min(attempt_, 30);
    ++attempt_;
    const std::int64_t ceiling = std::min(maxMs_, baseMs_ << shift);
    // "Full jitter": anywhere between half the ceiling and the ceiling.
    std::uniform_int_distribution<std::int64_t> pick(ceiling / 2, ceiling);
    std::int64_t delay = pick(random_);
    if (retryAfterSeconds >= 0)
        delay = std::max(delay, std::min(retryAfterSeconds, sync_limits::kMaxRetryAfterSeconds) * 1000);
    return delay;
}

std::int64_t jitteredIntervalMs(int intervalSeconds, std::mt19937_64& random) {
    const double base = static_cast<double>(intervalSeconds) * 1000.0;
    std::uniform_real_distribution<double> factor(1.0 - sync_limits::kIntervalJitterFraction,
                                                  1.0 + sync_limits::kIntervalJitterFraction);
    return static_cast<std::int64_t>(base * factor(random));
}

std::int64_t parseRetryAfterSeconds(std::string_view value) {
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\r' || value.back() == '\n')) value.remove_suffix(1);
    std::int64_t seconds = -1;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec != std::errc() || end != value.data() + value.size() || seconds < 0) return -1;
    return seconds;
}

} // namespace kiosk
