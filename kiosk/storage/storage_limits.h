// Limits of the event store and the organizers' database, with units in their names.
#pragma once
#include <cstddef>
#include <cstdint>

// Defaults of the [log] keys: the settings table (kiosk/core/config_settings.cpp).
namespace kiosk::storage::limits {

inline constexpr std::size_t kMaxQueuedEvents = 20000;       // beyond this, events are counted and dropped
inline constexpr int kRetentionCheckIntervalMs = 10 * 60 * 1000;
inline constexpr int kRetentionDeleteChunkEvents = 2000;     // rows deleted per statement
inline constexpr std::size_t kMaxExtraJsonBytes = 2048;      // larger "extra" objects are replaced by a marker
inline constexpr std::size_t kMaxEventTextBytes = 256;       // screen, item, language, release, session
inline constexpr int kMaxPageEvents = 10000;                 // one page of GET /v1/events

} // namespace kiosk::storage::limits
