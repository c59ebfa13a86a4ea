// Limits and timings of content sync (publishing and the kiosk's client), units in the names.
// The [sync] section of the config file can tighten the per-kiosk ones (see README "Content sync").
#pragma once
#include <cstddef>
#include <cstdint>

namespace kiosk::sync_limits {

// Manifest structure (hard limits, whatever the config says)
inline constexpr std::uint64_t kMaxManifestBytes = 16u * 1024 * 1024;
inline constexpr std::uint64_t kMaxManifestFiles = 100000;
inline constexpr std::size_t kMaxManifestPathBytes = 255;
inline constexpr std::size_t kMaxManifestPathSegmentBytes = 128;
inline constexpr int kMaxManifestPathDepth = 16;
inline constexpr std::uint64_t kSignatureFileBytes = 256;
inline constexpr int kMaxManifestJsonDepth = 8;   // the format nests 3 deep; refused before parsing
inline constexpr std::uint64_t kMaxKeysFileBytes = 64 * 1024;   // keys.json
inline constexpr int kMaxKeysJsonDepth = 8;   // keys.json nests 2 deep; refused before parsing
inline constexpr std::size_t kMaxTrustedKeys = 16;                 // keys in keys.json or [sync] public_key
inline constexpr std::size_t kMaxQuotedMessageBytes = 300;   // of one name quoted in a message

// The [sync] keys' defaults and ranges are in the settings table (config_settings.cpp).
inline constexpr int kMaxParallelDownloads = 16;

// Retries inside one cycle and between cycles
inline constexpr int kMaxAttemptsPerRequest = 5;
inline constexpr std::int64_t kRetryBaseMs = 500;
inline constexpr std::int64_t kRetryMaxMs = 60 * 1000;
inline constexpr std::int64_t kMaxRetryAfterSeconds = 600;     // a server's Retry-After is capped here
inline constexpr double kIntervalJitterFraction = 0.2;         // poll every interval ±20 %
inline constexpr int kMaxRedirects = 3;
inline constexpr std::uint64_t kMaxResponseHeaderBytes = 64 * 1024;   // all header lines of one response

// Downloads
inline constexpr std::size_t kDownloadWriteBufferBytes = 1024 * 1024;  // stdio buffer of a part file
inline constexpr long kCurlReceiveBufferBytes = 512 * 1024;            // CURLOPT_BUFFERSIZE (libcurl's maximum)
// Whole-object deadline: kObjectDeadlineBaseSeconds + size / min_average_bytes_per_second, so a
// server dripping just above the low-speed limit cannot hold a cycle for days.
inline constexpr int kDefaultMinAverageBytesPerSecond = 32 * 1024;
inline constexpr int kObjectDeadlineBaseSeconds = 60;
inline constexpr int kDeadlineSlackMs = 100;   // a timeout this close to the deadline counts as the deadline
// Free space kept for the event log and the system when downloading ([sync] reserve_mb).
inline constexpr int kDefaultReserveMb = 256;

// Publishing
inline constexpr int kDefaultExpiresDays = 30;
inline constexpr int kDefaultKeepReleases = 5;

} // namespace kiosk::sync_limits
