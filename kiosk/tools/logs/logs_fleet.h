// kiosk-logs fleet: asks every kiosk of the fleet file for its /v1/status at once (each within
// its own deadline), records what it saw as fleet snapshots in the organizers' database (when
// one is given), prints a status table and writes an HTML fleet page.
//
// A kiosk needs attention when it does not answer, says it is another kiosk, its last content
// sync failed or is older than kAttentionSyncAgeSeconds, its data disk has less than
// kAttentionDiskFreeFraction free, more than kAttentionEventsWaiting events wait to be pulled,
// it lost events (dropped before being pulled, failed writes), or its last pull failed or is
// older than kAttentionLastPullAgeSeconds. The command's exit status is 1 when any kiosk needs
// attention.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "kiosk/tools/logs/logs_pull.h"
#include "kiosk/tools/logs/organizer_database.h"

namespace kiosk::logs {

struct FleetRow {
    std::string kioskId, hall, url;
    bool reachable = false;
    std::string error;                    // why it could not be asked
    std::string release;                  // content release version
    std::string lastSyncResult;
    std::int64_t lastSyncAgeSeconds = -1; // since the last successful content sync; -1: never / unknown
    std::int64_t uptimeSeconds = -1;
    std::int64_t diskFreeBytes = -1, diskTotalBytes = -1;
    std::int64_t eventsWaiting = -1;      // not yet pulled
    std::int64_t lastSeenMs = 0;          // organizer's clock, UTC ms; 0: never
    std::string lastPullError;
    std::int64_t lastPullMs = 0;          // 0: never pulled into this database
    std::vector<std::string> attention;   // reasons; empty: all well
};

struct FleetCheckOptions {
    PullOptions request;   // attempts, timeouts, deadline (kioskDeadlineSeconds), parallelism
    FleetCheckOptions() {
        request.kioskDeadlineSeconds = limits::kFleetKioskDeadlineSeconds;
        request.attempts = 2;
    }
};

// Asks every target; `db` may be null (no snapshots, no last-seen or pull history).
std::vector<FleetRow> checkFleet(const std::vector<KioskTarget>& targets, OrganizerDatabase* db,
                                 const FleetCheckOptions& options);
// "3 min", "5 h", "2 d"
std::string ageText(std::int64_t seconds);
std::string fleetTable(const std::vector<FleetRow>& rows);
std::string fleetHtml(const std::vector<FleetRow>& rows, std::int64_t nowMs);

} // namespace kiosk::logs
