// Limits of the kiosk's HTTP API, with units in their names.
#pragma once
#include <cstddef>

#include "kiosk/core/api_settings.h"

namespace kiosk::api::limits {

// Defaults of the [api] keys: the settings table (kiosk/core/config_settings.cpp).
inline constexpr int kDefaultPageEvents = 1000;            // GET /v1/events without limit=
inline constexpr int kSocketTimeoutSeconds = 5;            // read/write/keep-alive: idle clients let go
inline constexpr int kKeepAliveMaxRequests = 100;
inline constexpr int kScreenshotWaitMs = 5000;             // the main loop must answer within this
inline constexpr std::size_t kMinTokenBytes = kiosk::kMinApiTokenBytes;   // kiosk/core/api_settings.h
inline constexpr std::size_t kMaxTokenBytes = kiosk::kMaxApiTokenBytes;
inline constexpr std::size_t kMaxRateLimitClients = 10000; // remembered client addresses

} // namespace kiosk::api::limits
