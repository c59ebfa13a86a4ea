// The organizers' database: every kiosk's pulled events, each kiosk's pull cursor, and fleet
// snapshots (what each kiosk's /v1/status said when it was last asked).
//
// Kiosks are identified by their configured kiosk id (`[kiosk] id`, reported by /v1/status),
// never by URL: the same kiosk reached as `localhost`, `127.0.0.1` or a new DHCP address is one
// kiosk. Inside the database a kiosk is a small integer key; events are keyed by (kiosk key,
// the kiosk's event id), so storing a page twice stores it once.
//
// Two implementations behind one interface: a SQLite file (the default; `--db organizer.db`)
// and PostgreSQL (`--db postgresql://...`, libpq), shared by a team or read by dashboards.
// Both store a page and the kiosk's new cursor in one transaction: exactly-once.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/result.h"
#include "kiosk/storage/event_record.h"

namespace kiosk::logs {

struct TimeRange {
    std::optional<std::int64_t> sinceMs;   // inclusive
    std::optional<std::int64_t> untilMs;   // exclusive
};

// One event with the kiosk it came from (its kiosk id).
struct KioskEvent {
    std::string kiosk;
    storage::StoredEvent stored;
};
using EventVisitor = std::function<void(const KioskEvent&)>;

// A kiosk's row: its key in this database and its pull cursor (every event id up to the
// cursor is stored).
struct KioskRecord {
    std::int64_t key = 0;
    std::string kioskId;
    std::int64_t cursor = 0;
};

// What one look at a kiosk found (kiosk-logs pull and kiosk-logs fleet record one each time).
struct FleetSnapshot {
    std::string kioskId;        // the fleet file's id, or the id the kiosk reported
    std::string url;
    std::int64_t takenMs = 0;   // organizer's clock, UTC ms
    bool reachable = false;
    std::string error;          // why it could not be asked (empty when reachable)
    std::string statusJson;     // the kiosk's /v1/status answer ("" when unreachable)
};

class OrganizerDatabase {
public:
    virtual ~OrganizerDatabase() = default;
    // "organizer.db" or "postgresql://host/db" (never a password): for messages.
    virtual std::string describe() const = 0;

    // Takes the exclusive right to pull into this database until the object is destroyed (or
    // the process dies). Fails at once, saying so, when another pull holds it.
    virtual Status lockForPull() = 0;

    // The kiosk's row, created on first sight; `url` is remembered as where it was last seen.
    virtual Result<KioskRecord> kiosk(const std::string& kioskId, const std::string& url) = 0;
    // Stores a page (ids ascending, all above the cursor) and moves the cursor to its last id,
    // in one transaction; events already stored are ignored. Returns how many were new.
    virtual Result<std::int64_t> storePage(std::int64_t kioskKey, const std::vector<storage::StoredEventView>& events) = 0;
    // The outcome of a pull of that kiosk ("" = ok).
    virtual Status recordPullResult(std::int64_t kioskKey, const std::string& error) = 0;
    // Sets the cursor back (a restored backup, tests); never forward past stored events.
    virtual Status setCursor(std::int64_t kioskKey, std::int64_t cursor) = 0;

    virtual Status recordSnapshot(const FleetSnapshot& snapshot) = 0;
    // Per kiosk id, the latest snapshot in which the kiosk answered (for "last seen").
    virtual Result<std::vector<FleetSnapshot>> lastReachableSnapshots() = 0;
    // Per kiosk id: the last pull's outcome and when ("" = ok; ms 0 = never pulled).
    struct PullState {
        std::string kioskId, url, lastError;
        std::int64_t lastPullMs = 0, cursor = 0;
    };
    virtual Result<std::vector<PullState>> pullStates() = 0;

    // Events in time, kiosk, id order. Returns how many were visited.
    virtual Result<std::int64_t> forEachEvent(const TimeRange& range, const EventVisitor& visit) = 0;
    // Events stored for one kiosk id: (count, distinct ids, min id, max id) — for checks.
    struct KioskCounts {
        std::int64_t events = 0, distinct = 0, minId = 0, maxId = 0;
    };
    virtual Result<KioskCounts> countEvents(const std::string& kioskId) = 0;
};

bool isPostgresUri(const std::string& where);

// Opens or creates an organizers' database: a SQLite file path or a postgresql:// URI.
// An old SQLite organizers' database (kiosks keyed by URL) is migrated on open.
Result<std::unique_ptr<OrganizerDatabase>> openOrganizerDatabase(const std::string& where);
Result<std::unique_ptr<OrganizerDatabase>> openSqliteOrganizerDatabase(const std::string& file);
Result<std::unique_ptr<OrganizerDatabase>> openPostgresOrganizerDatabase(const std::string& uri);

} // namespace kiosk::logs
