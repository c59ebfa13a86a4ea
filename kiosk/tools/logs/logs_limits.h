// Limits of kiosk-logs, with units in their names.
#pragma once
#include <cstdint>

namespace kiosk::logs::limits {

inline constexpr int kPullPageEvents = 10000;         // events asked for per request (the kiosk's maximum)
inline constexpr int kPullAttempts = 4;               // per request, before a kiosk is reported down
inline constexpr int kPullRetryFirstDelayMs = 250;    // doubles each retry
inline constexpr int kPullConnectTimeoutMs = 5000;
inline constexpr int kPullNoProgressTimeoutMs = 15000;   // a request receiving nothing this long fails
inline constexpr int kPullKioskDeadlineSeconds = 600;    // a whole pull of one kiosk, retries included
inline constexpr int kFleetKioskDeadlineSeconds = 20;    // `fleet`: asking one kiosk for its status
inline constexpr int kMaxRetryAfterSeconds = 60;      // a longer Retry-After ends that kiosk's pull
inline constexpr int kMaxRetryAfterWaits = 5;         // Retry-After waits per request
inline constexpr int kMaxParallelKiosks = 8;          // kiosks pulled at once
inline constexpr int kReportTopItems = 15;

// `kiosk-logs fleet`: when a kiosk needs attention.
inline constexpr std::int64_t kAttentionSyncAgeSeconds = 26 * 3600;   // no successful content sync for this long
inline constexpr double kAttentionDiskFreeFraction = 0.10;           // less free space on the data disk
inline constexpr std::int64_t kAttentionEventsWaiting = 200000;      // unpulled events on the kiosk
inline constexpr std::int64_t kAttentionLastPullAgeSeconds = 7 * 24 * 3600;   // events not pulled for this long

} // namespace kiosk::logs::limits
