// The kiosk's HTTP API (cpp-httplib, on its own threads). Enabled when a token is configured.
//
//   GET  /v1/health                  no token: {"status":"ok","version":...}
//   GET  /v1/status                  kiosk, release, sync, uptime, storage, events, frame times
//   GET  /v1/events?after=ID&limit=N NDJSON, ascending id; asking after=ID acknowledges ID
//   POST /v1/sync                    runs a sync now (503 until a sync service is wired)
//   GET  /v1/screenshot              PNG of the current screen (through the main loop)
//
// Every route but /v1/health needs "Authorization: Bearer <token>" (compared in constant
// time); a missing or wrong token gets 401 and nothing else. Requests are limited in size,
// per-client rate, and connections handled at once. No SDL here: status and screenshots
// come through callbacks the app provides.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "kiosk/api/api_limits.h"
#include "kiosk/core/api_settings.h"
#include "kiosk/core/kiosk_config.h"
#include "kiosk/core/result.h"

namespace httplib { class Server; }

namespace kiosk::storage { class EventStore; }

namespace kiosk::api {

// Listen addresses and token files follow the rules in kiosk/core/api_settings.h (the config
// checks them when it is read).
using kiosk::ListenAddress;
using kiosk::parseListenAddress;
using kiosk::loadApiToken;
// Compares without leaking where the first difference is (length differences included).
bool constantTimeEquals(std::string_view a, std::string_view b);

struct ApiOptions {
    ListenAddress listen = *parseListenAddress(kioskConfigDefaults().apiListen);
    std::string token;
    std::size_t maxRequestBytes = static_cast<std::size_t>(kioskConfigDefaults().apiMaxRequestBytes);
    int maxRequestsPerMinute = kioskConfigDefaults().apiMaxRequestsPerMinute;
    int maxConnections = kioskConfigDefaults().apiMaxConnections;
    std::string version = KIOSK_VERSION;
};

struct ApiCallbacks {
    // Kiosk fields of /v1/status (id, tags, release, sync, uptime, frame times...); the server
    // adds the event store's figures under "events". Called on an API thread.
    std::function<nlohmann::json()> status;
    // Runs a sync and returns a short result (text or JSON). Empty: 503 "sync not configured".
    std::function<std::string()> sync;
    // The current screen as PNG (e.g. ScreenshotExchange::request). Empty: 503.
    std::function<Result<std::vector<std::uint8_t>>()> screenshot;
};

class ApiServer {
public:
    // Binds and starts serving on its own thread. `store` may be null (events: 503).
    static Result<std::unique_ptr<ApiServer>> start(ApiOptions options, storage::EventStore* store,
                                                    ApiCallbacks callbacks);
    ~ApiServer();   // stops and joins
    int port() const { return port_; }
    void stop();

private:
    ApiServer() = default;
    void installRoutes();

    struct RateLimiter;
    ApiOptions options_;
    storage::EventStore* store_ = nullptr;
    ApiCallbacks callbacks_;
    std::unique_ptr<httplib::Server> server_;
    std::unique_ptr<RateLimiter> rate_;
    std::thread thread_;
    int port_ = 0;
};

} // namespace kiosk::api
