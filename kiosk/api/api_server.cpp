// The API's transport: libmicrohttpd's network thread (epoll) reads requests into a fixed pool
// per connection, checks limits, the token and the rate, answers refusals and /v1/health itself,
// and hands authorized requests to worker threads (connection suspended until the answer is
// ready). A watchdog thread enforces the per-request deadlines by shutting sockets down.
//
// [SECTION] Connection table (anonymous budget, deadlines)
// [SECTION] Rate limit
// [SECTION] libmicrohttpd callbacks
// [SECTION] Start and stop
#include "kiosk/api/api_server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include <microhttpd.h>

namespace kiosk::api {

namespace {

using Clock = std::chrono::steady_clock;

std::string addressText(const sockaddr* address) {
    char text[INET6_ADDRSTRLEN] = {};
    if (!address) return "unknown";
    if (address->sa_family == AF_INET)
        inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, text, sizeof text);
    else if (address->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, text, sizeof text);
    else
        return "unknown";
    return text;
}

// [SECTION] Connection table

// What a connection is doing, for its deadline.
enum class Phase {
    Receiving,    // waiting for (the rest of) a request: kRequestDeadlineSeconds
    Processing,   // a worker is answering: no deadline (the route bounds itself)
    Sending,      // the answer is queued: kResponseDeadlineSeconds
};

struct ConnectionState {
    MHD_socket fd = MHD_INVALID_SOCKET;
    std::string address;
    Clock::time_point phaseSince;
    Phase phase = Phase::Receiving;
    bool authorized = false;   // a request on it carried the right token
    bool spoken = false;       // a request line has been read from it
    bool dropped = false;      // shut down by us; libmicrohttpd closes it on its next turn
};

// One request, from its request line to its completion (libmicrohttpd's con_cls).
struct RequestContext {
    std::string rawTarget;       // as sent, from the URI log callback (bounded by the pool)
    bool headersChecked = false;
    bool authorized = false;
    std::size_t maxBodyBytes = 0;
    ApiRequest request;
    std::optional<ApiResponse> answer;   // set by a worker before it resumes the connection
};

} // namespace

struct ApiServer::Daemon {
    Daemon(const ApiOptions& options, storage::EventStore* store, ApiCallbacks callbacks)
        : options(options), routes(options.version, store, std::move(callbacks)) {}

    const ApiOptions& options;
    ApiRoutes routes;
    MHD_Daemon* mhd = nullptr;

    // Connection table: written on the network thread, read by the watchdog.
    std::mutex connectionsMutex;
    std::list<ConnectionState*> connections;   // oldest first

    // Rate limit: anonymous requests per address, sliding one-minute window.
    std::mutex rateMutex;
    std::unordered_map<std::string, std::deque<Clock::time_point>> anonymousRequests;

    // Workers.
    std::mutex queueMutex;
    std::condition_variable queueChanged;
    std::deque<std::pair<MHD_Connection*, RequestContext*>> tasks;
    bool stopping = false;
    std::vector<std::thread> workers;

    // Watchdog.
    std::mutex watchdogMutex;
    std::condition_variable watchdogWake;
    bool watchdogStop = false;
    std::thread watchdog;

    void drop(ConnectionState& connection) {
        if (connection.dropped) return;
        connection.dropped = true;
        ::shutdown(connection.fd, SHUT_RDWR);   // the fd stays libmicrohttpd's until it tells us CLOSED
    }

    // Called with connectionsMutex held, after a new connection was added.
    void enforceAnonymousBudget(const std::string& newAddress) {
        std::map<std::string, std::size_t> perAddress;
        std::size_t total = 0;
        for (const ConnectionState* c : connections)
            if (!c->authorized && !c->dropped) {
                ++perAddress[c->address];
                ++total;
            }
        std::string victimAddress;
        if (perAddress[newAddress] > limits::kMaxAnonymousConnectionsPerAddress) {
            victimAddress = newAddress;
        } else if (total > limits::kMaxAnonymousConnections) {
            victimAddress = std::max_element(perAddress.begin(), perAddress.end(), [](const auto& a, const auto& b) {
                                return a.second < b.second;
                            })->first;
        } else {
            return;
        }
        // Oldest silent connection first (no request line read and no byte waiting): an idle
        // attacker goes before a fresh connection whose request is already on its way, so a token
        // holder connecting in the middle of a flood is not shed before its token is seen.
        ConnectionState* oldest = nullptr;
        for (ConnectionState* c : connections) {   // oldest first
            if (c->authorized || c->dropped || c->address != victimAddress) continue;
            if (!oldest) oldest = c;
            if (!c->spoken && !bytesWaiting(c->fd)) return drop(*c);
        }
        if (oldest) drop(*oldest);
    }

    static bool bytesWaiting(MHD_socket fd) {
        int waiting = 0;
        return fd != MHD_INVALID_SOCKET && ::ioctl(fd, FIONREAD, &waiting) == 0 && waiting > 0;
    }

    void markSpoken(MHD_Connection* connection) {
        const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
        if (!info || !info->socket_context) return;
        std::lock_guard lock(connectionsMutex);
        static_cast<ConnectionState*>(info->socket_context)->spoken = true;
    }

    void setPhase(MHD_Connection* connection, Phase phase, bool authorized = false) {
        const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
        if (!info || !info->socket_context) return;
        auto* state = static_cast<ConnectionState*>(info->socket_context);
        std::lock_guard lock(connectionsMutex);
        state->phase = phase;
        state->phaseSince = Clock::now();
        if (authorized) state->authorized = true;
    }

    std::string clientAddress(MHD_Connection* connection) {
        const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
        if (!info || !info->socket_context) return "unknown";
        return static_cast<ConnectionState*>(info->socket_context)->address;   // immutable after STARTED
    }

    void watchdogLoop() {
        std::unique_lock wakeLock(watchdogMutex);
        while (!watchdogStop) {
            watchdogWake.wait_for(wakeLock, std::chrono::milliseconds(limits::kDeadlineCheckIntervalMs));
            const auto now = Clock::now();
            std::lock_guard lock(connectionsMutex);
            for (ConnectionState* c : connections) {
                if (c->dropped || c->phase == Phase::Processing) continue;
                const auto deadline = std::chrono::seconds(c->phase == Phase::Receiving ? limits::kRequestDeadlineSeconds
                                                                                        : limits::kResponseDeadlineSeconds);
                if (now - c->phaseSince > deadline) drop(*c);
            }
        }
    }

    // [SECTION] Rate limit

    // Counts one anonymous request from `address`; over the limit, the seconds to wait instead.
    std::optional<int> refuseAnonymous(const std::string& address) {
        const auto now = Clock::now();
        const int perMinute = std::max(1, options.maxRequestsPerMinute);
        std::lock_guard lock(rateMutex);
        if (anonymousRequests.size() >= limits::kMaxRateLimitClients && !anonymousRequests.count(address))
            anonymousRequests.clear();
        auto& times = anonymousRequests[address];
        while (!times.empty() && now - times.front() >= std::chrono::minutes(1)) times.pop_front();
        if (static_cast<int>(times.size()) >= perMinute) {
            const auto wait = std::chrono::ceil<std::chrono::seconds>(times.front() + std::chrono::minutes(1) - now);
            return std::max<int>(1, static_cast<int>(wait.count()));
        }
        times.push_back(now);
        return std::nullopt;
    }

    // [SECTION] libmicrohttpd callbacks

    static void freeBody(void* body) { delete static_cast<std::string*>(body); }

    MHD_Result queue(MHD_Connection* connection, ApiResponse answer, bool close) {
        auto* body = new std::string(std::move(answer.body));
        MHD_Response* response =
            MHD_create_response_from_buffer_with_free_callback_cls(body->size(), body->data(), &Daemon::freeBody, body);
        if (!response) {
            delete body;
            return MHD_NO;
        }
        MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, answer.contentType.c_str());
        for (const auto& [name, value] : answer.headers) MHD_add_response_header(response, name.c_str(), value.c_str());
        if (close) MHD_add_response_header(response, MHD_HTTP_HEADER_CONNECTION, "close");
        setPhase(connection, Phase::Sending);
        const MHD_Result result = MHD_queue_response(connection, static_cast<unsigned>(answer.status), response);
        MHD_destroy_response(response);
        return result;
    }

    struct HeaderSizes {
        std::size_t total = 0;
        std::size_t longestLine = 0;
    };
    static MHD_Result countHeader(void* cls, MHD_ValueKind, const char*, size_t keySize, const char*, size_t valueSize) {
        auto* sizes = static_cast<HeaderSizes*>(cls);
        const std::size_t line = keySize + 2 + valueSize + 2;   // "Name: value\r\n"
        sizes->total += line;
        sizes->longestLine = std::max(sizes->longestLine, line);
        return MHD_YES;
    }

    // The first call for a request: all headers are in, no body byte has been read. Returns an
    // answer to send at once (refusals, health), or nullopt to go on reading the body.
    std::optional<std::pair<ApiResponse, bool /*close*/>> checkHeaders(MHD_Connection* connection, RequestContext& context,
                                                                       const char* method, const char* version) {
        const std::size_t requestLine = std::strlen(method) + 1 + context.rawTarget.size() + 1 + std::strlen(version) + 2;
        if (requestLine > limits::kMaxRequestLineBytes) return {{textResponse(414, "request line too long"), true}};
        HeaderSizes sizes;
        MHD_get_connection_values_n(connection, MHD_HEADER_KIND, &Daemon::countHeader, &sizes);
        if (sizes.longestLine > limits::kMaxHeaderLineBytes || sizes.total > limits::kMaxHeaderBytes)
            return {{textResponse(431, "request headers too large"), true}};

        auto target = api_request::parseRequestTarget(context.rawTarget);
        if (!target) return {{textResponse(400, target.error()), true}};
        context.request.method = method;
        context.request.target = std::move(*target);

        const char* lengthText = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        const char* encoding = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
        std::uint64_t contentLength = 0;
        if (lengthText) {
            const std::string_view text(lengthText);
            const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), contentLength);
            if (error != std::errc() || end != text.data() + text.size())
                return {{textResponse(400, "bad Content-Length"), true}};
        }
        const bool hasBody = contentLength > 0 || encoding != nullptr;

        const char* authorization = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
        context.authorized = authorization && api_request::bearerTokenMatches(authorization, options.token);
        if (!context.authorized) {
            if (const auto retryAfter = refuseAnonymous(clientAddress(connection))) {
                ApiResponse refused = textResponse(429, "too many requests");
                refused.headers.emplace_back(MHD_HTTP_HEADER_RETRY_AFTER, std::to_string(*retryAfter));
                return {{std::move(refused), true}};
            }
            if (ApiRoutes::isPublic(context.request) && !hasBody) return {{routes.handle(context.request), false}};
            ApiResponse refused = textResponse(401, "unauthorized");
            refused.headers.emplace_back(MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
            return {{std::move(refused), true}};
        }
        setPhase(connection, Phase::Receiving, /*authorized=*/true);
        context.maxBodyBytes = ApiRoutes::maxBodyBytes(context.request.method, context.request.target.path,
                                                       options.maxRequestBytes);
        if (contentLength > context.maxBodyBytes || (encoding && context.maxBodyBytes == 0))
            return {{textResponse(413, "request too large"), true}};
        if (ApiRoutes::isPublic(context.request)) return {{routes.handle(context.request), false}};
        return std::nullopt;
    }

    MHD_Result onRequest(MHD_Connection* connection, const char* method, const char* version, const char* uploadData,
                         size_t* uploadDataSize, void** requestContext) {
        auto* context = static_cast<RequestContext*>(*requestContext);
        if (!context) return MHD_NO;   // no URI log callback ran: cannot happen; drop
        if (context->answer) {         // a worker answered and resumed the connection
            ApiResponse answer = std::move(*context->answer);
            context->answer.reset();
            return queue(connection, std::move(answer), false);
        }
        if (!context->headersChecked) {
            context->headersChecked = true;
            if (auto immediate = checkHeaders(connection, *context, method, version))
                return queue(connection, std::move(immediate->first), immediate->second);
            return MHD_YES;
        }
        if (*uploadDataSize > 0) {
            // Chunked bodies have no length up front: count as they come, drop the connection past the limit.
            if (context->request.body.size() + *uploadDataSize > context->maxBodyBytes) return MHD_NO;
            context->request.body.append(uploadData, *uploadDataSize);
            *uploadDataSize = 0;
            return MHD_YES;
        }
        // The whole request is in: hand it to a worker.
        {
            std::lock_guard lock(queueMutex);
            if (stopping || tasks.size() >= limits::kMaxQueuedRequests)
                return queue(connection, textResponse(503, stopping ? "API stopping" : "busy, try again"), true);
            tasks.emplace_back(connection, context);
        }
        setPhase(connection, Phase::Processing);
        MHD_suspend_connection(connection);
        queueChanged.notify_one();
        return MHD_YES;
    }

    void workerLoop() {
        for (;;) {
            std::pair<MHD_Connection*, RequestContext*> task;
            {
                std::unique_lock lock(queueMutex);
                queueChanged.wait(lock, [&] { return stopping || !tasks.empty(); });
                if (tasks.empty()) return;   // stopping, nothing left
                task = tasks.front();
                tasks.pop_front();
            }
            bool stop;
            {
                std::lock_guard lock(queueMutex);
                stop = stopping;
            }
            task.second->answer = stop ? textResponse(503, "API stopping") : routes.handle(task.second->request);
            MHD_resume_connection(task.first);
        }
    }

    static MHD_Result accessHandler(void* cls, MHD_Connection* connection, const char*, const char* method,
                                    const char* version, const char* uploadData, size_t* uploadDataSize,
                                    void** requestContext) {
        return static_cast<Daemon*>(cls)->onRequest(connection, method, version, uploadData, uploadDataSize,
                                                    requestContext);
    }

    static void* uriLogged(void* cls, const char* uri, MHD_Connection* connection) {
        static_cast<Daemon*>(cls)->markSpoken(connection);
        auto* context = new RequestContext();
        context->rawTarget = uri ? uri : "";
        return context;
    }

    static void requestCompleted(void* cls, MHD_Connection* connection, void** requestContext,
                                 MHD_RequestTerminationCode) {
        delete static_cast<RequestContext*>(*requestContext);
        *requestContext = nullptr;
        static_cast<Daemon*>(cls)->setPhase(connection, Phase::Receiving);   // keep-alive: the next request's deadline
    }

    static void connectionNotified(void* cls, MHD_Connection* connection, void** socketContext,
                                   MHD_ConnectionNotificationCode code) {
        auto* self = static_cast<Daemon*>(cls);
        if (code == MHD_CONNECTION_NOTIFY_STARTED) {
            auto* state = new ConnectionState();
            if (const MHD_ConnectionInfo* fd = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD))
                state->fd = fd->connect_fd;
            const MHD_ConnectionInfo* address = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
            state->address = addressText(address ? address->client_addr : nullptr);
            state->phaseSince = Clock::now();
            *socketContext = state;
            std::lock_guard lock(self->connectionsMutex);
            self->connections.push_back(state);
            self->enforceAnonymousBudget(state->address);
        } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
            auto* state = static_cast<ConnectionState*>(*socketContext);
            if (!state) return;
            {
                std::lock_guard lock(self->connectionsMutex);
                self->connections.remove(state);
            }
            delete state;
            *socketContext = nullptr;
        }
    }
};

// [SECTION] Start and stop

Result<std::unique_ptr<ApiServer>> ApiServer::start(ApiOptions options, storage::EventStore* store,
                                                     ApiCallbacks callbacks) {
    if (options.token.size() < limits::kMinTokenBytes)
        return Error{"the API needs a token of at least " + std::to_string(limits::kMinTokenBytes) + " characters"};
    if (options.tlsCertificatePem.empty() != options.tlsKeyPem.empty())
        return Error{"API: HTTPS needs both a certificate and its key"};
    std::unique_ptr<ApiServer> server(new ApiServer());
    server->options_ = std::move(options);
    const ApiOptions& opts = server->options_;
    server->daemon_ = std::make_unique<Daemon>(opts, store, std::move(callbacks));
    Daemon& daemon = *server->daemon_;

    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* resolved = nullptr;
    const std::string port = std::to_string(opts.listen.port);
    const std::string where = opts.listen.host + ":" + port;
    if (const int error = ::getaddrinfo(opts.listen.host.c_str(), port.c_str(), &hints, &resolved); error != 0 || !resolved)
        return Error{"API: cannot listen on " + where + ": " + ::gai_strerror(error)};
    // A name with both kinds of address ("localhost"): IPv4, which every client tries.
    const addrinfo* chosen = resolved;
    for (const addrinfo* a = resolved; a; a = a->ai_next)
        if (a->ai_family == AF_INET) {
            chosen = a;
            break;
        }
    sockaddr_storage address{};
    std::memcpy(&address, chosen->ai_addr, std::min<std::size_t>(chosen->ai_addrlen, sizeof address));
    ::freeaddrinfo(resolved);

    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME;
    if (address.ss_family == AF_INET6) flags |= MHD_USE_IPv6;
    std::vector<MHD_OptionItem> items = {
        {MHD_OPTION_SOCK_ADDR, 0, &address},
        {MHD_OPTION_LISTEN_BACKLOG_SIZE, limits::kListenBacklog, nullptr},
        {MHD_OPTION_CONNECTION_LIMIT, limits::kMaxOpenConnections, nullptr},
        {MHD_OPTION_CONNECTION_MEMORY_LIMIT, static_cast<intptr_t>(limits::kConnectionMemoryBytes), nullptr},
        {MHD_OPTION_CONNECTION_TIMEOUT, limits::kIdleTimeoutSeconds, nullptr},
        {MHD_OPTION_STRICT_FOR_CLIENT, 1, nullptr},
        {MHD_OPTION_URI_LOG_CALLBACK, reinterpret_cast<intptr_t>(&Daemon::uriLogged), &daemon},
        {MHD_OPTION_NOTIFY_COMPLETED, reinterpret_cast<intptr_t>(&Daemon::requestCompleted), &daemon},
        {MHD_OPTION_NOTIFY_CONNECTION, reinterpret_cast<intptr_t>(&Daemon::connectionNotified), &daemon},
    };
    if (server->tls()) {
        flags |= MHD_USE_TLS;
        items.push_back({MHD_OPTION_HTTPS_MEM_CERT, 0, const_cast<char*>(opts.tlsCertificatePem.c_str())});
        items.push_back({MHD_OPTION_HTTPS_MEM_KEY, 0, const_cast<char*>(opts.tlsKeyPem.c_str())});
        items.push_back({MHD_OPTION_HTTPS_PRIORITIES, 0,
                         const_cast<char*>("NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2")});
    }
    items.push_back({MHD_OPTION_END, 0, nullptr});

    for (int i = 0; i < std::max(1, opts.maxConnections); ++i) daemon.workers.emplace_back([&daemon] { daemon.workerLoop(); });
    daemon.watchdog = std::thread([&daemon] { daemon.watchdogLoop(); });
    daemon.mhd = MHD_start_daemon(flags, 0, nullptr, nullptr, &Daemon::accessHandler, &daemon, MHD_OPTION_ARRAY,
                                  items.data(), MHD_OPTION_END);
    if (!daemon.mhd) {
        const std::string reason = server->tls() ? " (in use, not an address of this machine, or a bad certificate/key?)"
                                                 : " (in use, or not an address of this machine?)";
        server->stop();
        return Error{"API: cannot listen on " + where + reason};
    }
    const MHD_DaemonInfo* bound = MHD_get_daemon_info(daemon.mhd, MHD_DAEMON_INFO_BIND_PORT);
    server->port_ = bound ? bound->port : opts.listen.port;
    return server;
}

ApiServer::~ApiServer() { stop(); }

void ApiServer::stop() {
    if (!daemon_) return;
    Daemon& daemon = *daemon_;
    {
        std::lock_guard lock(daemon.queueMutex);
        daemon.stopping = true;
    }
    daemon.queueChanged.notify_all();
    for (auto& worker : daemon.workers) worker.join();   // queued requests answered 503, connections resumed
    {
        std::lock_guard lock(daemon.watchdogMutex);
        daemon.watchdogStop = true;
    }
    daemon.watchdogWake.notify_all();
    if (daemon.watchdog.joinable()) daemon.watchdog.join();
    if (daemon.mhd) MHD_stop_daemon(daemon.mhd);
    daemon_.reset();
}

} // namespace kiosk::api
