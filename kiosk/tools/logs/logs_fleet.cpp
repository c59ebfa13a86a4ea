#include "kiosk/tools/logs/logs_fleet.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "kiosk/core/event_log.h"
#include "kiosk/storage/event_record.h"
#include "kiosk/tools/logs/logs_report.h"

namespace kiosk::logs {
namespace {

std::int64_t integerAt(const nlohmann::json& json, std::initializer_list<const char*> path, std::int64_t fallback = -1) {
    const nlohmann::json* node = &json;
    for (const char* key : path) {
        if (!node->is_object() || !node->contains(key)) return fallback;
        node = &(*node)[key];
    }
    return node->is_number() ? node->get<std::int64_t>() : fallback;
}

std::string textAt(const nlohmann::json& json, std::initializer_list<const char*> path) {
    const nlohmann::json* node = &json;
    for (const char* key : path) {
        if (!node->is_object() || !node->contains(key)) return "";
        node = &(*node)[key];
    }
    return node->is_string() ? node->get<std::string>() : "";
}

std::string bytesText(std::int64_t bytes) {
    if (bytes < 0) return "?";
    char text[32];
    if (bytes >= (1ll << 30)) std::snprintf(text, sizeof text, "%.1f GiB", static_cast<double>(bytes) / (1ll << 30));
    else std::snprintf(text, sizeof text, "%lld MiB", static_cast<long long>(bytes >> 20));
    return text;
}

// Fills the row from a /v1/status answer and judges it.
void readStatus(FleetRow& row, const std::string& body, std::int64_t nowMs) {
    auto status = nlohmann::json::parse(body, nullptr, false);
    if (!status.is_object()) {
        row.attention.push_back("its /v1/status is not JSON");
        return;
    }
    const std::string reportedId = textAt(status, {"kiosk_id"});
    if (reportedId != row.kioskId)
        row.attention.push_back("the kiosk at " + row.url + " says it is '" + reportedId + "'");
    row.release = textAt(status, {"release", "version"});
    row.lastSyncResult = textAt(status, {"last_sync_result"});
    row.uptimeSeconds = integerAt(status, {"uptime_seconds"});
    row.diskFreeBytes = integerAt(status, {"storage", "free_bytes"});
    row.diskTotalBytes = integerAt(status, {"storage", "total_bytes"});
    row.eventsWaiting = integerAt(status, {"events", "unpulled"});
    const std::int64_t kioskNow = integerAt(status, {"time_unix"}, nowMs / 1000);
    const std::int64_t attempt = integerAt(status, {"sync", "last_attempt_unix"}, 0);
    const std::int64_t success = integerAt(status, {"sync", "last_success_unix"}, 0);
    if (success > 0) row.lastSyncAgeSeconds = std::max<std::int64_t>(0, kioskNow - success);
    if (attempt > 0 && attempt > success)
        row.attention.push_back("last content sync failed" + (row.lastSyncResult.empty() ? "" : ": " + row.lastSyncResult));
    if (success > 0 && row.lastSyncAgeSeconds > limits::kAttentionSyncAgeSeconds)
        row.attention.push_back("no successful content sync for " + ageText(row.lastSyncAgeSeconds));
    if (row.diskFreeBytes >= 0 && row.diskTotalBytes > 0 &&
        static_cast<double>(row.diskFreeBytes) < limits::kAttentionDiskFreeFraction * static_cast<double>(row.diskTotalBytes))
        row.attention.push_back("data disk almost full (" + bytesText(row.diskFreeBytes) + " free)");
    if (row.eventsWaiting > limits::kAttentionEventsWaiting)
        row.attention.push_back(std::to_string(row.eventsWaiting) + " events wait to be pulled");
    const std::int64_t lost = std::max<std::int64_t>(0, integerAt(status, {"events", "dropped_unpulled"}, 0)) +
                              std::max<std::int64_t>(0, integerAt(status, {"events", "failed_writes"}, 0));
    if (lost > 0) row.attention.push_back(std::to_string(lost) + " events lost on the kiosk (disk full or over its size limit?)");
}

std::string padded(const std::string& text, std::size_t width) {
    // Width in code points, so that names in any script line up roughly.
    std::size_t points = 0;
    for (unsigned char c : text) points += (c & 0xC0) != 0x80;
    return text + std::string(points < width ? width - points : 1, ' ');
}

} // namespace

std::string ageText(std::int64_t seconds) {
    if (seconds < 0) return "never";
    if (seconds < 120) return std::to_string(seconds) + " s";
    if (seconds < 7200) return std::to_string(seconds / 60) + " min";
    if (seconds < 3 * 86400) return std::to_string(seconds / 3600) + " h";
    return std::to_string(seconds / 86400) + " d";
}

std::vector<FleetRow> checkFleet(const std::vector<KioskTarget>& targets, OrganizerDatabase* db,
                                 const FleetCheckOptions& options) {
    std::vector<FleetRow> rows(targets.size());
    std::mutex dbMutex;
    std::map<std::string, FleetSnapshot> lastSeen;
    std::map<std::string, OrganizerDatabase::PullState> pulls;
    if (db) {
        if (auto seen = db->lastReachableSnapshots(); seen)
            for (auto& s : *seen) lastSeen[s.kioskId] = s;
        if (auto states = db->pullStates(); states)
            for (auto& s : *states) pulls[s.kioskId] = s;
    }
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        for (std::size_t i = next++; i < targets.size(); i = next++) {
            const KioskTarget& target = targets[i];
            FleetRow& row = rows[i];
            row.kioskId = target.kioskId;
            row.hall = target.hall;
            row.url = target.url;
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(std::max(1, options.request.kioskDeadlineSeconds));
            KioskClientSettings settings;
            settings.url = target.url;
            settings.token = target.token;
            settings.pin = target.pin;
            settings.connectTimeoutMs = options.request.connectTimeoutMs;
            settings.noProgressTimeoutMs = options.request.noProgressTimeoutMs;
            KioskClient client(settings);
            int retries = 0, waits = 0;
            KioskResponse status = requestWithRetries(client, "/v1/status", options.request, deadline, retries, waits);
            const std::int64_t nowMs = utcNowMs();
            FleetSnapshot snapshot;
            snapshot.kioskId = target.kioskId;
            snapshot.url = target.url;
            snapshot.takenMs = nowMs;
            if (status.transferred && status.status == 200) {
                row.reachable = true;
                row.lastSeenMs = nowMs;
                readStatus(row, status.body, nowMs);
                snapshot.statusJson = status.body;
                // Another kiosk answering at this address does not count as this one being seen.
                snapshot.reachable = row.attention.empty() || row.attention.front().rfind("the kiosk at ", 0) != 0;
                if (!snapshot.reachable) snapshot.error = row.attention.front();
            } else {
                row.error = status.transferred ? "HTTP " + std::to_string(status.status) : status.error;
                if (status.status == 401) row.error += " (wrong token?)";
                row.attention.insert(row.attention.begin(), "not reachable: " + row.error);
                snapshot.error = row.error;
                if (auto it = lastSeen.find(target.kioskId); it != lastSeen.end()) row.lastSeenMs = it->second.takenMs;
            }
            if (auto it = pulls.find(target.kioskId); it != pulls.end()) {
                row.lastPullError = it->second.lastError;
                row.lastPullMs = it->second.lastPullMs;
            }
            if (db) {
                if (!row.lastPullError.empty()) row.attention.push_back("last pull failed: " + row.lastPullError);
                else if (row.lastPullMs > 0 && nowMs - row.lastPullMs > limits::kAttentionLastPullAgeSeconds * 1000)
                    row.attention.push_back("not pulled for " + ageText((nowMs - row.lastPullMs) / 1000));
                std::lock_guard lock(dbMutex);
                (void)db->recordSnapshot(snapshot);
            }
        }
    };
    const std::size_t threads =
        std::min<std::size_t>(targets.size(), static_cast<std::size_t>(std::max(1, options.request.maxParallelKiosks)));
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    for (auto& thread : pool) thread.join();
    return rows;
}

std::string fleetTable(const std::vector<FleetRow>& rows) {
    const std::int64_t nowMs = utcNowMs();
    std::ostringstream out;
    out << padded("KIOSK", 14) << padded("HALL", 10) << padded("RELEASE", 16) << padded("SYNC", 12)
        << padded("UPTIME", 8) << padded("DISK FREE", 11) << padded("WAITING", 9) << padded("LAST SEEN", 11) << "STATE\n";
    for (const auto& row : rows) {
        const std::string sync = row.lastSyncAgeSeconds >= 0 ? ageText(row.lastSyncAgeSeconds) + " ago"
                                 : row.reachable ? "never" : "?";
        std::string disk = bytesText(row.diskFreeBytes);
        if (row.diskFreeBytes >= 0 && row.diskTotalBytes > 0)
            disk = std::to_string(row.diskFreeBytes * 100 / row.diskTotalBytes) + " %";
        const std::string seen = row.reachable ? "now" : row.lastSeenMs > 0 ? ageText((nowMs - row.lastSeenMs) / 1000) + " ago" : "never";
        out << padded(row.kioskId, 14) << padded(row.hall.empty() ? "-" : row.hall, 10)
            << padded(row.reachable ? (row.release.empty() ? "bundled" : row.release) : "?", 16) << padded(sync, 12)
            << padded(row.uptimeSeconds >= 0 ? ageText(row.uptimeSeconds) : "?", 8) << padded(row.reachable ? disk : "?", 11)
            << padded(row.eventsWaiting >= 0 ? std::to_string(row.eventsWaiting) : "?", 9) << padded(seen, 11);
        if (row.attention.empty()) out << "ok";
        for (std::size_t i = 0; i < row.attention.size(); ++i) out << (i ? "; " : "ATTENTION: ") << row.attention[i];
        out << "\n";
    }
    std::size_t attention = 0;
    for (const auto& row : rows) attention += !row.attention.empty();
    out << rows.size() << (rows.size() == 1 ? " kiosk, " : " kiosks, ") << attention << " need attention\n";
    return out.str();
}

std::string fleetHtml(const std::vector<FleetRow>& rows, std::int64_t nowMs) {
    std::size_t attention = 0;
    for (const auto& row : rows) attention += !row.attention.empty();
    std::ostringstream html;
    html << "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'><title>Kiosk fleet</title><style>"
            "body{font-family:'Noto Sans',system-ui,sans-serif;margin:2em auto;max-width:1200px;color:#222;padding:0 1em}"
            "table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:6px 8px;text-align:left;"
            "vertical-align:top}tr.attention td{background:#fde8e4}tr.ok td:last-child{color:#2a7d3f}"
            ".note{color:#666;font-size:0.9em}</style></head><body>\n<h1>Kiosk fleet</h1>\n<p class='note'>"
         << htmlEscape(storage::isoUtc(nowMs).substr(0, 16)) << " UTC: " << rows.size()
         << (rows.size() == 1 ? " kiosk, " : " kiosks, ") << attention << " need attention.</p>\n"
         << "<table><tr><th>kiosk</th><th>hall</th><th>release</th><th>last content sync</th><th>uptime</th>"
            "<th>disk free</th><th>events waiting</th><th>last seen</th><th>last pull</th><th>state</th></tr>\n";
    for (const auto& row : rows) {
        const std::string seen = row.reachable ? "now" : row.lastSeenMs > 0 ? ageText((nowMs - row.lastSeenMs) / 1000) + " ago" : "never";
        const std::string pull = row.lastPullMs > 0 ? ageText((nowMs - row.lastPullMs) / 1000) + " ago" +
                                                          (row.lastPullError.empty() ? "" : ", failed")
                                                    : "never";
        html << "<tr class='" << (row.attention.empty() ? "ok" : "attention") << "'><td>" << htmlEscape(row.kioskId)
             << "<br><span class='note'>" << htmlEscape(row.url) << "</span></td><td>" << htmlEscape(row.hall) << "</td><td>"
             << htmlEscape(row.reachable ? (row.release.empty() ? "bundled" : row.release) : "?") << "</td><td>"
             << htmlEscape(row.lastSyncAgeSeconds >= 0 ? ageText(row.lastSyncAgeSeconds) + " ago" : "never")
             << (row.lastSyncResult.empty() ? "" : "<br><span class='note'>" + htmlEscape(row.lastSyncResult) + "</span>")
             << "</td><td>" << htmlEscape(row.uptimeSeconds >= 0 ? ageText(row.uptimeSeconds) : "?") << "</td><td>"
             << htmlEscape(row.reachable ? bytesText(row.diskFreeBytes) : "?") << "</td><td>"
             << (row.eventsWaiting >= 0 ? std::to_string(row.eventsWaiting) : "?") << "</td><td>" << htmlEscape(seen)
             << "</td><td>" << htmlEscape(pull) << "</td><td>";
        if (row.attention.empty()) html << "ok";
        for (std::size_t i = 0; i < row.attention.size(); ++i) html << (i ? "<br>" : "") << htmlEscape(row.attention[i]);
        html << "</td></tr>\n";
    }
    html << "</table>\n<p class='note'>Made by kiosk-logs " << KIOSK_VERSION << ".</p>\n</body></html>\n";
    return html.str();
}

} // namespace kiosk::logs
