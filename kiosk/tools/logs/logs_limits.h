// Limits of kiosk-logs, with units in their names.
#pragma once

namespace kiosk::logs::limits {

inline constexpr int kPullPageEvents = 5000;          // events asked for per request
inline constexpr int kPullAttempts = 4;               // per request, before a kiosk is reported down
inline constexpr int kPullRetryFirstDelayMs = 250;    // doubles each retry
inline constexpr int kPullConnectTimeoutSeconds = 5;
inline constexpr int kPullReadTimeoutSeconds = 30;
inline constexpr int kReportTopItems = 15;

} // namespace kiosk::logs::limits
