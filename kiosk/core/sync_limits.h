// Limits and timings of content sync (publishing and the kiosk's client), units in the names.
// The [sync] section of the config file can tighten the per-kiosk ones (see README "Content sync").
#pragma once
#include <cstdint>

namespace kiosk::sync_limits {

// Manifest structure (hard limits, whatever the config says)
inline constexpr std::uint64_t kMaxManifestBytes = 16u * 1024 * 1024;
inline constexpr std::uint64_t kMaxManifestFiles = 100000;
inline constexpr std::size_t kMaxManifestPathBytes = 255;
inline constexpr std::size_t kMaxManifestPathSegmentBytes = 128;
inline constexpr int kMaxManifestPathDepth = 16;
inline constexpr std::uint64_t kSignatureFileBytes = 256;

// The [sync] keys' defaults and ranges are in the settings table (config_settings.cpp).
inline constexpr int kMaxParallelDownloads = 16;

// Retries inside one cycle and between cycles
inline constexpr int kMaxAttemptsPerRequest = 5;
inline constexpr std::int64_t kRetryBaseMs = 500;
inline constexpr std::int64_t kRetryMaxMs = 60 * 1000;
inline constexpr std::int64_t kMaxRetryAfterSeconds = 600;     // a server's Retry-After is capped here
inline constexpr double kIntervalJitterFraction = 0.2;         // poll every interval ±20 %
inline constexpr int kMaxRedirects = 3;

// Publishing
inline constexpr int kDefaultExpiresDays = 30;
inline constexpr int kDefaultKeepReleases = 5;

} // namespace kiosk::sync_limits
