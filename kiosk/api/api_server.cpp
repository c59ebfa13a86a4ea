#include "kiosk/api/api_server.h"

#include <charconv>
#include <chrono>
#include <deque>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "kiosk/storage/event_store.h"

namespace kiosk::api {

bool constantTimeEquals(std::string_view a, std::string_view b) {
    // Walk the longer length so the time depends only on the lengths, never on the contents.
    const std::size_t n = std::max(a.size(), b.size());
    unsigned char difference = a.size() == b.size() ? 0 : 1;
    for (std::size_t i = 0; i < n; ++i) {
        const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
        const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
        difference |= static_cast<unsigned char>(x ^ y);
    }
    return difference == 0;
}

// Sliding one-minute window per client address.
struct ApiServer::RateLimiter {
    explicit RateLimiter(int perMinute) : perMinute(perMinute) {}
    bool allow(const std::string& client) {
        using namespace std::chrono;
        const auto now = steady_clock::now();
        std::lock_guard lock(mutex);
        if (recent.size() >= limits::kMaxRateLimitClients && !recent.count(client)) recent.clear();
        auto& times = recent[client];
        while (!times.empty() && now - times.front() >= minutes(1)) times.pop_front();
        if (static_cast<int>(times.size()) >= perMinute) return false;
        times.push_back(now);
        return true;
    }
    int perMinute;
    std::mutex mutex;
    std::map<std::string, std::deque<std::chrono::steady_clock::time_point>> recent;
};

namespace {

void sendText(httplib::Response& res, int status, const std::string& text) {
    res.status = status;
    res.set_content(text + "\n", "text/plain; charset=utf-8");
}

bool parseId(const std::string& text, std::int64_t& out) {
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    return error == std::errc() && end == text.data() + text.size();
}

} // namespace

Result<std::unique_ptr<ApiServer>> ApiServer::start(ApiOptions options, storage::EventStore* store,
                                                     ApiCallbacks callbacks) {
    if (options.token.size() < limits::kMinTokenBytes) return Error{"the API needs a token of at least 16 characters"};
    std::unique_ptr<ApiServer> server(new ApiServer());
    server->options_ = std::move(options);
    server->store_ = store;
    server->callbacks_ = std::move(callbacks);
    server->server_ = std::make_unique<httplib::Server>();
    server->rate_ = std::make_unique<RateLimiter>(std::max(1, server->options_.maxRequestsPerMinute));
    httplib::Server& http = *server->server_;
    const int connections = std::max(1, server->options_.maxConnections);
    http.new_task_queue = [connections] { return new httplib::ThreadPool(static_cast<std::size_t>(connections)); };
    http.set_payload_max_length(server->options_.maxRequestBytes);
    http.set_read_timeout(limits::kSocketTimeoutSeconds, 0);
    http.set_write_timeout(limits::kSocketTimeoutSeconds, 0);
    http.set_keep_alive_timeout(limits::kSocketTimeoutSeconds);
    http.set_keep_alive_max_count(limits::kKeepAliveMaxRequests);
    server->installRoutes();

    const ListenAddress& listen = server->options_.listen;
    if (listen.port == 0) {
        server->port_ = http.bind_to_any_port(listen.host);
        if (server->port_ <= 0) return Error{"API: cannot listen on " + listen.host + " (any port)"};
    } else {
        if (!http.bind_to_port(listen.host, listen.port))
            return Error{"API: cannot listen on " + listen.host + ":" + std::to_string(listen.port) +
                         " (in use, or not an address of this machine?)"};
        server->port_ = listen.port;
    }
    server->thread_ = std::thread([&http] { http.listen_after_bind(); });
    // stop() only works once the loop runs: wait for it, so a quick stop cannot be missed.
    while (!http.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return server;
}

ApiServer::~ApiServer() { stop(); }

void ApiServer::stop() {
    if (server_) server_->stop();
    if (thread_.joinable()) thread_.join();
}

void ApiServer::installRoutes() {
    httplib::Server& http = *server_;

    http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
        if (!rate_->allow(req.remote_addr)) {
            res.set_header("Retry-After", "60");
            sendText(res, 429, "too many requests");
            return httplib::Server::HandlerResponse::Handled;
        }
        if (req.path == "/v1/health") return httplib::Server::HandlerResponse::Unhandled;
        const std::string header = req.get_header_value("Authorization");
        static constexpr std::string_view kBearer = "Bearer ";
        const bool bearer = header.size() > kBearer.size() && std::string_view(header).substr(0, kBearer.size()) == kBearer;
        if (!bearer || !constantTimeEquals(std::string_view(header).substr(kBearer.size()), options_.token)) {
            res.set_header("WWW-Authenticate", "Bearer");
            sendText(res, 401, "unauthorized");
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });

    http.Get("/v1/health", [this](const httplib::Request&, httplib::Response& res) {
        nlohmann::json body = {{"status", "ok"}, {"version", options_.version}};
        res.set_content(body.dump() + "\n", "application/json");
    });

    http.Get("/v1/status", [this](const httplib::Request&, httplib::Response& res) {
        nlohmann::json body = callbacks_.status ? callbacks_.status() : nlohmann::json::object();
        if (!body.is_object()) body = nlohmann::json::object();
        body["version"] = options_.version;
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
        res.set_content(body.dump() + "\n", "application/json");
    });

    http.Get("/v1/events", [this](const httplib::Request& req, httplib::Response& res) {
        if (!store_) return sendText(res, 503, "event store not available");
        std::int64_t after = 0, limit = limits::kDefaultPageEvents;
        if (req.has_param("after") && (!parseId(req.get_param_value("after"), after) || after < 0))
            return sendText(res, 400, "after must be a whole number >= 0");
        if (req.has_param("limit") && (!parseId(req.get_param_value("limit"), limit) || limit < 1))
            return sendText(res, 400, "limit must be a whole number >= 1");
        limit = std::min<std::int64_t>(limit, storage::limits::kMaxPageEvents);
        // The client asking for events after `after` has everything up to it.
        if (after > 0) (void)store_->markPulledThrough(after);
        auto events = store_->readAfter(after, static_cast<int>(limit));
        if (!events) return sendText(res, 500, "cannot read events: " + events.error());
        std::string body;
        body.reserve(events->size() * 256);
        for (const auto& stored : *events) {
            body += storage::toJsonLine(stored);
            body += '\n';
        }
        res.set_header("X-Last-Event-Id", std::to_string(store_->lastId()));
        res.set_content(std::move(body), "application/x-ndjson");
    });

    http.Post("/v1/sync", [this](const httplib::Request&, httplib::Response& res) {
        if (!callbacks_.sync) return sendText(res, 503, "sync not configured");
        std::string result = callbacks_.sync();
        const bool json = !result.empty() && (result.front() == '{' || result.front() == '[');
        res.set_content(result + "\n", json ? "application/json" : "text/plain; charset=utf-8");
    });

    http.Get("/v1/screenshot", [this](const httplib::Request&, httplib::Response& res) {
        if (!callbacks_.screenshot) return sendText(res, 503, "screenshots not available");
        auto png = callbacks_.screenshot();
        if (!png) return sendText(res, 503, png.error());
        res.set_content(std::string(png->begin(), png->end()), "image/png");
    });

    http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
        if (res.body.empty()) {
            const char* text = res.status == 404 ? "not found"
                               : res.status == 413 ? "request too large"
                               : "request refused";
            res.set_content(std::string(text) + "\n", "text/plain; charset=utf-8");
        }
    });
}

} // namespace kiosk::api
