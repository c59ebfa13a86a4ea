// Reading events for export and report, from any database kiosk-logs knows: an organizers'
// database (SQLite file or postgresql:// URI, see organizer_database.h) or a kiosk's own
// events.db copied from its storage.
#pragma once
#include <cstdint>
#include <string>

#include "kiosk/core/result.h"
#include "kiosk/tools/logs/organizer_database.h"

namespace kiosk::logs {

// Events in time then id order; returns the number of events passed to `visit`. A kiosk's own
// database names its kiosk by the id recorded in it (older files: by the file name).
Result<std::int64_t> forEachEvent(const std::string& where, const TimeRange& range, const EventVisitor& visit);

} // namespace kiosk::logs
