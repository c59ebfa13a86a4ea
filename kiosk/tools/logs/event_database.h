// The databases kiosk-logs reads and writes.
//
// The organizers' database (created by `pull`): every kiosk's events, keyed by (kiosk URL,
// the kiosk's event id) so that merging is exactly-once, plus each kiosk's pull cursor.
// `export` and `report` also read a kiosk's own database copied from its storage.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "kiosk/core/result.h"
#include "kiosk/storage/event_record.h"
#include "kiosk/storage/sqlite_db.h"

namespace kiosk::logs {

inline constexpr int kOrganizerSchemaVersion = 1;

// Opens or creates an organizers' database.
Result<std::unique_ptr<storage::SqliteDb>> openOrganizerDatabase(const std::filesystem::path& file);

struct TimeRange {
    std::optional<std::int64_t> sinceMs;   // inclusive
    std::optional<std::int64_t> untilMs;   // exclusive
};

// One event with the kiosk it came from ("" for a kiosk's own database: its file name is used).
struct KioskEvent {
    std::string kiosk;
    storage::StoredEvent stored;
};

// Reads events from an organizers' database or a kiosk's own database, in time then id order.
// Returns the number of events passed to `visit`.
Result<std::int64_t> forEachEvent(const std::filesystem::path& file, const TimeRange& range,
                                  const std::function<void(const KioskEvent&)>& visit);

} // namespace kiosk::logs
