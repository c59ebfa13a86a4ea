// An event as stored: the kiosk's event plus its id (the pull cursor), and its JSON line form.
// The same line format travels over the API (NDJSON) and into kiosk-logs' export.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

// The compact page format of GET /v1/events?format=compact (the organizers' fast path): one
// header line, one line per event, one trailer line, every line ending in "\n":
//
//   #kiosk-events/1<TAB>id<TAB>ts_ms<TAB>session<TAB>type<TAB>screen<TAB>item<TAB>language<TAB>value<TAB>release<TAB>extra
//   1<TAB>1777600000000<TAB>a1b2...<TAB>view<TAB>item<TAB>longjing-tea<TAB>zh-Hans<TAB>1200<TAB>2026-05-01.1<TAB>{"k":1}
//   #end<TAB>1
//
// Text fields are bytes as stored (no UTF-8 check, no JSON re-encoding of `extra`), with five
// escapes: backslash "\\", tab "\t", line feed "\n", carriage return "\r", NUL "\0". `value` is
// the shortest text that reads back as the same double. The decoder finds columns by their
// header names (unknown ones are skipped, so columns can be added later) and checks the
// trailer's count, so a page cut off anywhere, even between two lines, is refused.
inline constexpr std::string_view kCompactMagic = "#kiosk-events/1";
inline constexpr std::string_view kCompactContentType = "text/tab-separated-values; charset=utf-8";
// An event's fields without owning them (e.g. straight from a database row).
struct StoredEventView {
    std::int64_t id = 0;
    std::int64_t timestampMs = 0;
    std::string_view session, type, screen, item, language;
    double value = 0;
    std::string_view release, extra;
};
void appendCompactHeader(std::string& out);
void appendCompactLine(std::string& out, const StoredEvent& stored);
void appendCompactLine(std::string& out, const StoredEventView& event);
void appendCompactTrailer(std::string& out, std::size_t events);
std::string encodeCompactPage(const std::vector<StoredEvent>& events);
Result<std::vector<StoredEvent>> decodeCompactPage(std::string_view page);
// The same checks, without copying a field: the views point into `page` (the caller keeps it
// alive and unchanged) or, for the rare field with a backslash escape, into `unescaped`, which
// the decoder fills (and must then stay alive too; it is never reallocated once a view into it
// is taken). kiosk-logs pull binds these views straight into its inserts.
struct CompactPageViews {
    std::vector<StoredEventView> events;
    std::string unescaped;
};
Status decodeCompactPage(std::string_view page, CompactPageViews& out);
// The escaping of one text field, and its inverse (nullopt: a stray or unknown escape).
void appendCompactEscaped(std::string& out, std::string_view text);
std::optional<std::string> compactUnescape(std::string_view field);

// "2026-05-01T10:00:00.123Z"
std::string isoUtc(std::int64_t timestampMs);
void appendIsoUtc(std::string& out, std::int64_t timestampMs);
// Accepts "YYYY-MM-DD" (midnight UTC) or "YYYY-MM-DDTHH:MM[:SS][Z]"; milliseconds since the epoch.
Result<std::int64_t> parseIsoUtc(std::string_view text);

} // namespace kiosk::storage
