#include "kiosk/api/api_routes.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "kiosk/api/api_limits.h"
#include "kiosk/storage/event_store.h"

namespace kiosk::api {
namespace {

ApiResponse jsonResponse(const nlohmann::json& body) {
    ApiResponse response;
    response.contentType = "application/json";
    response.body = body.dump() + "\n";
    return response;
}

} // namespace

ApiResponse textResponse(int status, const std::string& text) {
    ApiResponse response;
    response.status = status;
    response.body = text + "\n";
    return response;
}

ApiRoutes::ApiRoutes(std::string version, storage::EventStore* store, ApiCallbacks callbacks)
    : version_(std::move(version)), store_(store), callbacks_(std::move(callbacks)) {}

bool ApiRoutes::isPublic(const ApiRequest& request) {
    return request.target.path == "/v1/health" && (request.method == "GET" || request.method == "HEAD");
}

std::size_t ApiRoutes::maxBodyBytes(const std::string& method, const std::string& path, std::size_t configuredMaxBytes) {
    return method == "POST" && path == "/v1/sync" ? configuredMaxBytes : 0;
}

ApiResponse ApiRoutes::handle(const ApiRequest& request) const {
    struct Route {
        const char* method;
        const char* path;
    };
    static constexpr Route kRoutes[] = {{"GET", "/v1/health"}, {"GET", "/v1/status"}, {"GET", "/v1/events"},
                                        {"POST", "/v1/sync"}, {"GET", "/v1/screenshot"}};
    const std::string& path = request.target.path;
    const bool get = request.method == "GET" || request.method == "HEAD";   // the server drops HEAD bodies
    const auto known = std::find_if(std::begin(kRoutes), std::end(kRoutes), [&](const Route& r) { return path == r.path; });
    if (known == std::end(kRoutes)) return textResponse(404, "not found");
    if (std::string_view(known->method) == "GET" ? !get : request.method != known->method) {
        ApiResponse refused = textResponse(405, "method not allowed");
        refused.headers.emplace_back("Allow", known->method);
        return refused;
    }
    if (path == "/v1/health") return health();
    if (path == "/v1/status") return status();
    if (path == "/v1/events") return events(request);
    if (path == "/v1/sync") return sync(request);
    return screenshot();
}

ApiResponse ApiRoutes::health() const { return jsonResponse({{"status", "ok"}, {"version", version_}}); }

ApiResponse ApiRoutes::status() const {
    nlohmann::json body = callbacks_.status ? callbacks_.status() : nlohmann::json::object();
    if (!body.is_object()) body = nlohmann::json::object();
    body["version"] = version_;
    if (store_) {
        const storage::EventStoreStats stats = store_->stats();
        body["events"] = {{"stored", stats.storedEvents},
                          {"unpulled", stats.unpulledEvents},
                          {"last_id", stats.lastId},
                          {"pulled_through_id", stats.pulledThroughId},
                          {"queued", stats.queuedEvents},
                          {"overflowed", stats.overflowedEvents},
                          {"dropped_unpulled", stats.droppedUnpulledEvents},
                          {"failed_writes", stats.failedWriteEvents},
                          {"database_bytes", stats.databaseBytes}};
    }
    return jsonResponse(body);
}

ApiResponse ApiRoutes::events(const ApiRequest& request) const {
    if (!store_) return textResponse(503, "event store not available");
    auto query = api_request::parseEventsQuery(request.target, limits::kDefaultPageEvents, storage::limits::kMaxPageEvents);
    if (!query) return textResponse(400, query.error());
    const std::int64_t after = query->after, limit = query->limit;
    const std::string& format = query->format;
    // The client asking for events after `after` has everything up to it.
    if (after > 0) (void)store_->markPulledThrough(after);
    if (format == "compact") {
        auto page = store_->readAfterCompact(after, static_cast<int>(limit));
        if (!page) return textResponse(500, "cannot read events: " + page.error());
        ApiResponse response;
        response.contentType = std::string(storage::kCompactContentType);
        response.body = std::move(*page);
        response.headers.emplace_back("X-Last-Event-Id", std::to_string(store_->lastId()));
        return response;
    }
    auto events = store_->readAfter(after, static_cast<int>(limit));
    if (!events) return textResponse(500, "cannot read events: " + events.error());
    ApiResponse response;
    response.contentType = "application/x-ndjson";
    response.body.reserve(events->size() * 256);
    for (const auto& stored : *events) {
        response.body += storage::toJsonLine(stored);
        response.body += '\n';
    }
    response.headers.emplace_back("X-Last-Event-Id", std::to_string(store_->lastId()));
    return response;
}

ApiResponse ApiRoutes::sync(const ApiRequest& request) const {
    if (!callbacks_.sync) return textResponse(503, "sync not configured");
    const auto waitSeconds = api_request::parseSyncWaitSeconds(request.target, limits::kDefaultSyncWaitSeconds,
                                                               limits::kMaxSyncWaitSeconds);
    if (!waitSeconds) return textResponse(400, waitSeconds.error());
    const ApiCallbacks::SyncReply reply = callbacks_.sync(*waitSeconds);
    ApiResponse response;
    response.status = reply.status;
    response.contentType = "application/json";
    response.body = reply.body + "\n";
    return response;
}

ApiResponse ApiRoutes::screenshot() const {
    if (!callbacks_.screenshot) return textResponse(503, "screenshots not available");
    auto png = callbacks_.screenshot();
    if (!png) return textResponse(503, png.error());
    ApiResponse response;
    response.contentType = "image/png";
    response.body.assign(png->begin(), png->end());
    return response;
}

} // namespace kiosk::api
