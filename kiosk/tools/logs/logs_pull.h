// kiosk-logs pull: fetches new events from kiosks' APIs into the organizers' database.
//
// Per kiosk (keyed by its URL): ask for events after its cursor, a page at a time; each page
// is checked (ascending ids above the cursor, every line valid) and then inserted together
// with the new cursor in one transaction, duplicates ignored. So a pull that is interrupted,
// retried or repeated never duplicates or skips an event. A kiosk that does not answer after
// the retries is reported; the others are still pulled.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "kiosk/storage/sqlite_db.h"
#include "kiosk/tools/logs/logs_limits.h"

namespace kiosk::logs {

struct PullOptions {
    std::string token;
    int pageEvents = limits::kPullPageEvents;
    int attempts = limits::kPullAttempts;
    int retryFirstDelayMs = limits::kPullRetryFirstDelayMs;
};

struct KioskPullResult {
    std::string url;
    std::string kioskId;
    bool ok = false;
    std::int64_t newEvents = 0;
    std::int64_t cursor = 0;
    int pages = 0;
    int retries = 0;
    std::string error;   // why this kiosk could not be (fully) pulled
};

KioskPullResult pullKiosk(storage::SqliteDb& db, const std::string& url, const PullOptions& options);
std::vector<KioskPullResult> pullKiosks(storage::SqliteDb& db, const std::vector<std::string>& urls,
                                        const PullOptions& options);

} // namespace kiosk::logs
