#include "kiosk/tools/logs/logs_export.h"

#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

namespace kiosk::logs {
namespace {

std::string number(double value) {
    char text[32];
    if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15)
        std::snprintf(text, sizeof text, "%.0f", value);
    else
        std::snprintf(text, sizeof text, "%.6g", value);
    return text;
}

} // namespace

std::string csvField(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

Result<std::int64_t> exportEvents(const std::filesystem::path& db, ExportFormat format, const TimeRange& range,
                                  std::ostream& out) {
    if (format == ExportFormat::Csv) {
        out << "\xEF\xBB\xBF"
            << "kiosk,id,time_utc,session,type,screen,item,language,value,release,extra\r\n";
    }
    std::string line;
    auto written = forEachEvent(db, range, [&](const KioskEvent& row) {
        const Event& e = row.stored.event;
        if (format == ExportFormat::Ndjson) {
            line = storage::toJsonLine(row.stored);
            // Put the kiosk first so merged exports stay readable.
            line.insert(1, "\"kiosk\":" + nlohmann::json(row.kiosk).dump() + ",");
            out << line << '\n';
            return;
        }
        line.clear();
        line += csvField(row.kiosk); line += ',';
        line += std::to_string(row.stored.id); line += ',';
        line += storage::isoUtc(e.timestampMs); line += ',';
        line += csvField(e.sessionId); line += ',';
        line += csvField(row.stored.typeName); line += ',';
        line += csvField(e.screen); line += ',';
        line += csvField(e.item); line += ',';
        line += csvField(e.language); line += ',';
        line += number(e.value); line += ',';
        line += csvField(e.releaseVersion); line += ',';
        line += csvField(e.extraJson); line += "\r\n";
        out << line;
    });
    if (!written) return written;
    out.flush();
    if (!out) return Error{"cannot write the export (disk full?)"};
    return written;
}

} // namespace kiosk::logs
