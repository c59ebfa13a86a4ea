// The kiosk API's routes, independent of the HTTP server: a parsed request in, a response out.
// The server (api_server.cpp) enforces limits, the token and rates before calling handle().
//
//   GET  /v1/health                  no token: {"status":"ok","version":...}
//   GET  /v1/status                  kiosk, release, sync, uptime, storage, events, frame times
//   GET  /v1/events?after=ID&limit=N NDJSON, ascending id; asking after=ID acknowledges ID
//   POST /v1/sync?wait=S             runs a sync cycle and waits up to S seconds (default 60, at
//                                    most 120) for it: 200 with that cycle's result, or 202 with
//                                    its cycle id (GET /v1/status reports it); 503 without sync
//   GET  /v1/screenshot              PNG of the current screen (through the main loop)
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "kiosk/core/api_request.h"
#include "kiosk/core/result.h"

namespace kiosk::storage { class EventStore; }

namespace kiosk::api {

struct ApiRequest {
    std::string method;                    // "GET", "POST", ...
    api_request::RequestTarget target;     // decoded path and query
    std::string body;                      // at most the route's body limit
};

struct ApiResponse {
    int status = 200;
    std::string contentType = "text/plain; charset=utf-8";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;   // besides Content-Type
};

// A short text answer ("unauthorized" -> "unauthorized\n").
ApiResponse textResponse(int status, const std::string& text);

struct ApiCallbacks {
    // Kiosk fields of /v1/status (id, tags, release, sync, uptime, frame times...); the server
    // adds the event store's figures under "events". Called on an API worker thread.
    std::function<nlohmann::json()> status;
    // Starts a sync cycle and waits up to waitSeconds for it; status 200 (finished) or 202 (still
    // running) and a JSON body. Empty: 503 "sync not configured".
    struct SyncReply {
        int status = 200;
        std::string body;   // JSON
    };
    std::function<SyncReply(int waitSeconds)> sync;
    // The current screen as PNG (e.g. ScreenshotExchange::request). Empty: 503.
    std::function<Result<std::vector<std::uint8_t>>()> screenshot;
};

class ApiRoutes {
public:
    // `store` may be null (events: 503). Both must outlive the routes.
    ApiRoutes(std::string version, storage::EventStore* store, ApiCallbacks callbacks);

    // True for the one route anybody may call (GET /v1/health): cheap, answered at once.
    static bool isPublic(const ApiRequest& request);
    // How many body bytes `method path` may carry (0: none); the server refuses a longer
    // Content-Length with 413 before reading any of it.
    static std::size_t maxBodyBytes(const std::string& method, const std::string& path, std::size_t configuredMaxBytes);

    // Answers an authorized request (or a public one). Thread-safe; may block (sync, screenshot).
    ApiResponse handle(const ApiRequest& request) const;

private:
    ApiResponse health() const;
    ApiResponse status() const;
    ApiResponse events(const ApiRequest& request) const;
    ApiResponse sync(const ApiRequest& request) const;
    ApiResponse screenshot() const;

    std::string version_;
    storage::EventStore* store_ = nullptr;
    ApiCallbacks callbacks_;
};

} // namespace kiosk::api
