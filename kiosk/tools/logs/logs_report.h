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

// Names to show instead of codes and ids, read from the exhibition the kiosks show
// (`report --content DIR`): languages by their native names, items by title.
struct ReportNames {
    std::string exhibitionTitle;
    std::map<std::string, std::string> languages;   // code -> native name ("简体中文")
    std::map<std::string, std::string> items;       // id -> title in the report's language
};
// Loads the exhibition folder; titles in `language` (its default language when empty), through
// its fallback chains. Content problems are ignored as long as the exhibition loads.
Result<ReportNames> loadReportNames(const std::filesystem::path& contentDir, const std::string& language);

double median(std::vector<double> values);
std::string htmlEscape(const std::string& text);
std::string renderReportHtml(const ReportData& data, const std::string& title, const ReportNames& names = {});
Result<std::int64_t> writeReport(const std::string& db, const TimeRange& range, const std::filesystem::path& out,
                                 const ReportNames& names = {});

} // namespace kiosk::logs
