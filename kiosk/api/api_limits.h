// Limits of the kiosk's HTTP API, with units in their names. Every one of them holds before the
// request is buffered any further: an attacker on the exhibition LAN costs the kiosk at most
// kConnectionMemoryBytes per connection and kMaxAnonymousConnections connections.
#pragma once
#include <cstddef>

#include "kiosk/core/api_settings.h"

namespace kiosk::api::limits {

// --- Request size (checked before anything more is read) ---
inline constexpr std::size_t kMaxRequestLineBytes = 8 * 1024;    // method + target + version: more is 414
inline constexpr std::size_t kMaxHeaderLineBytes = 8 * 1024;     // one header name + value: more is 431
inline constexpr std::size_t kMaxHeaderBytes = 32 * 1024;        // all header lines together: more is 431
// libmicrohttpd's memory pool per connection: request line, headers and the response header
// live in it and it never grows. A line that does not fit ends the request with 431/414.
inline constexpr std::size_t kConnectionMemoryBytes = 64 * 1024;

// --- Time ---
// The whole request (connection or previous answer to last header and body byte) must arrive
// within this; slow senders (slowloris) are dropped, whatever they trickle.
inline constexpr int kRequestDeadlineSeconds = 5;
// An answer must be taken by the client within this (big event pages to slow links).
inline constexpr int kResponseDeadlineSeconds = 60;
// libmicrohttpd's own idle timeout: no byte either way for this long closes the connection.
inline constexpr unsigned kIdleTimeoutSeconds = 10;
inline constexpr int kDeadlineCheckIntervalMs = 100;             // the watchdog's tick
inline constexpr int kScreenshotWaitMs = 5000;                   // the main loop must answer within this

// --- Connections ---
// Open connections in total (libmicrohttpd refuses more). Anonymous connections (no request with
// the right token yet) have their own, smaller budget: over it, the oldest anonymous connection
// of the address holding most of them is dropped, so a token holder's fresh connection always
// gets in and connections that have shown the token are never dropped for anonymous ones.
inline constexpr unsigned kMaxOpenConnections = 256;
inline constexpr std::size_t kMaxAnonymousConnections = 64;
inline constexpr std::size_t kMaxAnonymousConnectionsPerAddress = 16;
// Connections the kernel queues before the network thread accepts them: a burst of connections
// must not overflow it, or a token holder's SYN is dropped and retried only a second later.
inline constexpr unsigned kListenBacklog = 1024;
inline constexpr std::size_t kMaxQueuedRequests = 256;   // authorized requests waiting for a worker

// --- Rate ---
// [api] max_requests_per_minute (default in the settings table, kiosk/core/config_settings.cpp)
// counts anonymous requests (health, and every missing or wrong token) per client address.
// Requests with the right token are never counted nor refused: an attacker at the organizer's
// address cannot lock the organizer out. The body limit and the worker count are [api] keys too.
inline constexpr std::size_t kMaxRateLimitClients = 10000;   // remembered client addresses

// --- Content ---
inline constexpr int kDefaultPageEvents = 1000;   // GET /v1/events without limit=
inline constexpr int kDefaultSyncWaitSeconds = 60;         // POST /v1/sync without ?wait=
inline constexpr int kMaxSyncWaitSeconds = 120;
inline constexpr std::size_t kMinTokenBytes = kiosk::kMinApiTokenBytes;   // kiosk/core/api_settings.h
inline constexpr std::size_t kMaxTokenBytes = kiosk::kMaxApiTokenBytes;

} // namespace kiosk::api::limits
