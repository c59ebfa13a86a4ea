// kiosk-logs export: events as CSV (UTF-8 with BOM, RFC 4180 quoting, CRLF: opens right in
// spreadsheet programs) or NDJSON, from an organizers' database (file or postgresql:// URI) or a
// kiosk's own copy.
#pragma once
#include <filesystem>
#include <ostream>
#include <string>
#include <string_view>

#include "kiosk/core/result.h"
#include "kiosk/tools/logs/event_database.h"

namespace kiosk::logs {

enum class ExportFormat { Csv, Ndjson };

// RFC 4180: quoted when it holds a comma, quote, CR or LF; quotes doubled.
std::string csvField(const std::string& text);
void appendCsvField(std::string& out, std::string_view text);

Result<std::int64_t> exportEvents(const std::string& db, ExportFormat format, const TimeRange& range,
                                  std::ostream& out);

} // namespace kiosk::logs
