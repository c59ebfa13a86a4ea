// kiosk-logs report: one self-contained HTML page (inline SVG charts, no scripts, prints well)
// of what visitors did: sessions per hour and day, median session length, languages chosen,
// top items by views and by dwell time, the funnel attract -> language -> item, per kiosk.
#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "kiosk/core/result.h"
#include "kiosk/tools/logs/event_database.h"

namespace kiosk::logs {

struct KioskSummary {
    std::int64_t events = 0;
    std::int64_t sessions = 0;
    std::vector<double> sessionLengthsMs;
    std::int64_t firstMs = 0, lastMs = 0;
};

struct ReportData {
    std::int64_t events = 0;
    std::int64_t sessions = 0;
    std::int64_t firstMs = 0, lastMs = 0;
    std::vector<std::int64_t> sessionsByHourUtc = std::vector<std::int64_t>(24, 0);
    std::map<std::string, std::int64_t> sessionsByDay;   // "YYYY-MM-DD"
    std::vector<double> sessionLengthsMs;
    std::map<std::string, std::int64_t> languages;
    std::map<std::string, std::int64_t> itemViews;
    std::map<std::string, double> itemDwellMs;
    std::set<std::string> sessionsStarted, sessionsWithLanguage, sessionsWithItem;
    std::map<std::string, KioskSummary> kiosks;

    void add(const KioskEvent& event);
};

double median(std::vector<double> values);
std::string htmlEscape(const std::string& text);
std::string renderReportHtml(const ReportData& data, const std::string& title);
Result<std::int64_t> writeReport(const std::string& db, const TimeRange& range,
                                 const std::filesystem::path& out);

} // namespace kiosk::logs
