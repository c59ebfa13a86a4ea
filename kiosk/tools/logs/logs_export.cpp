#include "kiosk/tools/logs/logs_export.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

namespace kiosk::logs {
namespace {

std::string_view number(double value) {
    static thread_local char text[32];
    if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15) {
        const auto end = std::to_chars(text, text + sizeof text, static_cast<std::int64_t>(value)).ptr;
        return std::string_view(text, static_cast<std::size_t>(end - text));
    }
    const int n = std::snprintf(text, sizeof text, "%.6g", value);
    return std::string_view(text, static_cast<std::size_t>(std::max(0, n)));
}

} // namespace

void appendCsvField(std::string& out, std::string_view text) {
    // One table lookup per byte (string_view::find_first_of compares each byte with each of the
    // four characters: a tenth of the export's time).
    static constexpr auto kNeedsQuotes = [] {
        std::array<bool, 256> table{};
        for (unsigned char c : {',', '"', '\r', '\n'}) table[c] = true;
        return table;
    }();
    if (std::none_of(text.begin(), text.end(), [](char c) { return kNeedsQuotes[static_cast<unsigned char>(c)]; })) {
        out += text;
        return;
    }
    out += '"';
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

std::string csvField(const std::string& text) {
    std::string out;
    appendCsvField(out, text);
    return out;
}

Result<std::int64_t> exportEvents(const std::string& db, ExportFormat format, const TimeRange& range,
                                  std::ostream& out) {
    constexpr std::size_t kFlushBytes = 1 << 20;
    std::string buffer;
    buffer.reserve(kFlushBytes + 64 * 1024);
    if (format == ExportFormat::Csv) {
        buffer += "\xEF\xBB\xBF";
        buffer += "kiosk,id,time_utc,session,type,screen,item,language,value,release,extra\r\n";
    }
    auto written = forEachEvent(db, range, [&](const KioskEvent& row) {
        const Event& e = row.stored.event;
        if (format == ExportFormat::Ndjson) {
            std::string line = storage::toJsonLine(row.stored);
            // Put the kiosk first so merged exports stay readable.
            line.insert(1, "\"kiosk\":" + nlohmann::json(row.kiosk).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + ",");
            buffer += line;
            buffer += '\n';
        } else {
            appendCsvField(buffer, row.kiosk); buffer += ',';
            char id[24];
            buffer.append(id, static_cast<std::size_t>(std::to_chars(id, id + sizeof id, row.stored.id).ptr - id));
            buffer += ',';
            storage::appendIsoUtc(buffer, e.timestampMs); buffer += ',';
            appendCsvField(buffer, e.sessionId); buffer += ',';
            appendCsvField(buffer, row.stored.typeName); buffer += ',';
            appendCsvField(buffer, e.screen); buffer += ',';
            appendCsvField(buffer, e.item); buffer += ',';
            appendCsvField(buffer, e.language); buffer += ',';
            buffer += number(e.value); buffer += ',';
            appendCsvField(buffer, e.releaseVersion); buffer += ',';
            appendCsvField(buffer, e.extraJson); buffer += "\r\n";
        }
        if (buffer.size() >= kFlushBytes) {
            out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
            buffer.clear();
        }
    });
    out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    if (!written) return written;
    out.flush();
    if (!out) return Error{"cannot write the export (disk full?)"};
    return written;
}

} // namespace kiosk::logs
