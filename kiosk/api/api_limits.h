// Limits of the kiosk's HTTP API, with units in their names.
#pragma once
#include <cstddef>

namespace kiosk::api::limits {

inline constexpr std::size_t kDefaultMaxRequestBytes = 64 * 1024;
inline constexpr int kDefaultMaxRequestsPerMinute = 600;   // per client address
inline constexpr int kDefaultMaxConnections = 4;           // handled at once; more wait in the backlog
inline constexpr int kDefaultPageEvents = 1000;            // GET /v1/events without limit=
inline constexpr int kSocketTimeoutSeconds = 5;            // read/write/keep-alive: idle clients let go
inline constexpr int kKeepAliveMaxRequests = 100;
inline constexpr int kScreenshotWaitMs = 5000;             // the main loop must answer within this
inline constexpr int kDefaultSyncWaitSeconds = 60;         // POST /v1/sync without ?wait=
inline constexpr int kMaxSyncWaitSeconds = 120;
inline constexpr std::size_t kMinTokenBytes = 16;
inline constexpr std::size_t kMaxTokenBytes = 4096;
inline constexpr std::size_t kMaxRateLimitClients = 10000; // remembered client addresses

} // namespace kiosk::api::limits
