// kiosk-logs pull: fetches new events from kiosks' APIs into the organizers' database.
//
// Several kiosks are pulled at once (one fetch thread each, at most kMaxParallelKiosks), each
// within its own deadline, so a kiosk that accepts and never answers cannot stall the others.
// Per kiosk: GET /v1/status gives its kiosk id (its identity in the database, never the URL);
// then pages of events after its cursor are fetched in the compact format while the previous
// page is being stored by the one store thread. Each page is checked (ascending ids above the
// cursor, every line valid, trailer count) and stored together with the new cursor in one
// transaction, duplicates ignored: a pull that is interrupted, killed, retried or repeated
// never duplicates or skips an event. (The kiosk counts a page as pulled when the next one is
// asked for, which may happen while it is still being stored; a pull killed at that moment
// fetches it again next time, as long as the kiosk's retention has not removed it.)
//
// A request is retried (attempts, doubling delay); 401/403 and a certificate that does not
// match the pin end that kiosk's pull at once; 429/503 with Retry-After wait as asked, up to
// kMaxRetryAfterSeconds (a longer wait ends that kiosk's pull with a message saying so).
#pragma once
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "kiosk/tools/logs/kiosk_client.h"
#include "kiosk/tools/logs/logs_limits.h"
#include "kiosk/tools/logs/organizer_database.h"

namespace kiosk::logs {

// One kiosk to ask: from the command line (URL only) or the fleet file (id, URL, pin, token).
struct KioskTarget {
    std::string kioskId;   // expected id; "" = whatever /v1/status says
    std::string url;
    std::string token;
    std::string pin;       // normalized "sha256:..." or ""
    std::string hall;      // from the fleet file (display only)
};

struct PullOptions {
    int pageEvents = limits::kPullPageEvents;
    int attempts = limits::kPullAttempts;
    int retryFirstDelayMs = limits::kPullRetryFirstDelayMs;
    int connectTimeoutMs = limits::kPullConnectTimeoutMs;
    int noProgressTimeoutMs = limits::kPullNoProgressTimeoutMs;
    int kioskDeadlineSeconds = limits::kPullKioskDeadlineSeconds;
    int maxRetryAfterSeconds = limits::kMaxRetryAfterSeconds;
    int maxParallelKiosks = limits::kMaxParallelKiosks;
    bool compactPages = true;   // false: ask for NDJSON pages (the slow, old format)
};

struct KioskPullResult {
    std::string url;
    std::string kioskId;
    bool ok = false;
    std::int64_t newEvents = 0;   // stored by this pull (duplicates not counted)
    std::int64_t cursor = 0;
    int pages = 0;
    int retries = 0;
    int retryAfterWaits = 0;
    std::string error;        // why this kiosk could not be (fully) pulled
    std::string statusJson;   // the kiosk's /v1/status, when it answered
    // Where the time went (benchmarks): fetching and checking pages, storing them (store
    // thread), and the fetch thread waiting for the store thread; the CPU time of the store
    // thread's storing (comparable on a busy machine, where wall times are not).
    double fetchSeconds = 0, storeSeconds = 0, waitForStoreSeconds = 0, storeCpuSeconds = 0;
};

// "http://host:port/" -> "http://host:port"; checks the scheme.
Result<std::string> kioskBaseUrl(const std::string& url);

// One GET with the retry policy above. `retries` and `retryAfterWaits` count what happened.
KioskResponse requestWithRetries(KioskClient& client, const std::string& path, const PullOptions& options,
                                 std::chrono::steady_clock::time_point deadline, int& retries, int& retryAfterWaits);

// Pulls every target (at once, within options.maxParallelKiosks), under the database's pull
// lock; results in the order of `targets`. Fails as a whole only when the lock is held.
Result<std::vector<KioskPullResult>> pullKiosks(OrganizerDatabase& db, const std::vector<KioskTarget>& targets,
                                                const PullOptions& options);
// One kiosk (tests): the lock failure, if any, becomes the result's error.
KioskPullResult pullKiosk(OrganizerDatabase& db, const KioskTarget& target, const PullOptions& options);

} // namespace kiosk::logs
