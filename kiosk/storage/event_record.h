// An event as stored: the kiosk's event plus its id (the pull cursor), and its JSON line form.
// The same line format travels over the API (NDJSON) and into kiosk-logs' export.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "kiosk/core/event_log.h"
#include "kiosk/core/result.h"

namespace kiosk::storage {

struct StoredEvent {
    std::int64_t id = 0;
    std::string typeName;   // kept as text so that unknown future types survive a round trip
    Event event;
};

std::optional<EventType> eventTypeFromName(std::string_view name);

// One line of NDJSON (no trailing newline):
// {"id":1,"ts_ms":...,"time":"2026-05-01T10:00:00.123Z","session":"..","type":"view","screen":"item",
//  "item":"x","language":"en","value":1200,"release":"r1","extra":{...}}
std::string toJsonLine(const StoredEvent& stored);
Result<StoredEvent> fromJsonLine(std::string_view line);

// "2026-05-01T10:00:00.123Z"
std::string isoUtc(std::int64_t timestampMs);
// Accepts "YYYY-MM-DD" (midnight UTC) or "YYYY-MM-DDTHH:MM[:SS][Z]"; milliseconds since the epoch.
Result<std::int64_t> parseIsoUtc(std::string_view text);

} // namespace kiosk::storage
