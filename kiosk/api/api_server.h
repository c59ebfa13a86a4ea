// The kiosk's HTTP API server: GNU libmicrohttpd on its own threads, the routes of api_routes.h
// behind it. Enabled when a token is configured. Built for a hostile exhibition LAN:
//
// Implemented features (limits in api_limits.h):
//  - Every route but GET /v1/health needs "Authorization: Bearer <token>" (scheme in any case,
//    token compared in constant time); a missing or wrong token gets 401 and nothing else.
//  - Request line and each header line <= 8 KB, all headers <= 32 KB (414/431), in a fixed
//    memory pool per connection: nothing grows with what a client sends.
//  - Bodies: the Content-Length is checked against the route and the token before any body
//    byte is read (401 or 413, and the connection is closed).
//  - A deadline for the whole request (slow senders are dropped) and for taking the answer.
//  - Connections: a total limit, and a separate, small budget for anonymous connections (the
//    oldest anonymous connection of the busiest address is dropped when it is full), so clients
//    with the token are never crowded out.
//  - Rate limit per client address on anonymous requests and failed authentications (429 with
//    Retry-After); requests with the right token are never counted or refused.
//  - Requests with the token run on `maxConnections` worker threads (sync and screenshots may
//    block); the network thread only reads, refuses and writes.
//  - HTTPS (GnuTLS through libmicrohttpd) when a certificate and key are given.
// Missing features: HTTP/2, client certificates, IP allow lists.
//
// No SDL here: status and screenshots come through callbacks the app provides.
#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "kiosk/api/api_limits.h"
#include "kiosk/api/api_routes.h"
#include "kiosk/core/api_request.h"
#include "kiosk/core/api_settings.h"
#include "kiosk/core/kiosk_config.h"
#include "kiosk/core/result.h"

namespace kiosk::storage { class EventStore; }

namespace kiosk::api {

// Listen addresses and token files follow the rules in kiosk/core/api_settings.h (the config
// checks them when it is read); tokens are compared by kiosk/core/api_request.h.
using kiosk::ListenAddress;
using kiosk::parseListenAddress;
using kiosk::loadApiToken;
using api_request::constantTimeEquals;

struct ApiOptions {
    ListenAddress listen = *parseListenAddress(kioskConfigDefaults().apiListen);
    std::string token;
    // Defaults: the [api] keys' defaults in the settings table.
    std::size_t maxRequestBytes = static_cast<std::size_t>(kioskConfigDefaults().apiMaxRequestBytes);   // body of POST /v1/sync
    int maxRequestsPerMinute = kioskConfigDefaults().apiMaxRequestsPerMinute;   // anonymous, per client address
    int maxConnections = kioskConfigDefaults().apiMaxConnections;               // authorized requests at once
    // PEM text of the certificate (chain) and its private key. Both set: the API speaks HTTPS only.
    std::string tlsCertificatePem;
    std::string tlsKeyPem;
    std::string version = KIOSK_VERSION;
};

class ApiServer {
public:
    // Binds and starts serving on its own threads. `store` may be null (events: 503).
    static Result<std::unique_ptr<ApiServer>> start(ApiOptions options, storage::EventStore* store,
                                                    ApiCallbacks callbacks);
    ~ApiServer();   // stops and joins
    int port() const { return port_; }
    bool tls() const { return !options_.tlsCertificatePem.empty(); }
    // Finishes the requests being handled, answers queued ones with 503, closes every
    // connection and joins the threads. Idempotent.
    void stop();

    struct Daemon;   // the libmicrohttpd side (api_server.cpp)

private:
    ApiServer() = default;
    ApiOptions options_;
    std::unique_ptr<Daemon> daemon_;
    int port_ = 0;
};

} // namespace kiosk::api
