#include "kiosk/tools/logs/logs_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "kiosk/core/content_loader.h"
#include "kiosk/storage/event_record.h"
#include "kiosk/tools/logs/logs_limits.h"

namespace kiosk::logs {
namespace {

constexpr const char* kBarColor = "#2a6f97";
constexpr const char* kAccentColor = "#e07a5f";

std::string fixed(double value, int decimals) {
    char text[32];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

// "2026-05-01 10:00" (UTC)
std::string minuteText(std::int64_t ms) {
    std::string text = storage::isoUtc(ms).substr(0, 16);
    text[10] = ' ';
    return text;
}

std::string duration(double ms) {
    if (ms < 60000) return fixed(ms / 1000.0, 1) + " s";
    return fixed(ms / 60000.0, 1) + " min";
}

// Vertical bars with labels under them (hours, days).
std::string columnChart(const std::vector<std::pair<std::string, double>>& bars, int labelEvery) {
    const int width = 900, height = 220, left = 40, bottom = 30, top = 10;
    const double maxValue = std::max(1.0, bars.empty() ? 1.0 : std::max_element(bars.begin(), bars.end(),
        [](const auto& a, const auto& b) { return a.second < b.second; })->second);
    const double step = bars.empty() ? 0 : static_cast<double>(width - left - 10) / static_cast<double>(bars.size());
    std::ostringstream svg;
    svg << "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 " << width << ' ' << height
        << "' width='100%' role='img'>";
    const int plotHeight = height - bottom - top;
    svg << "<line x1='" << left << "' y1='" << top + plotHeight << "' x2='" << width - 10 << "' y2='" << top + plotHeight
        << "' stroke='#888'/>";
    svg << "<text x='" << left - 6 << "' y='" << top + 10 << "' text-anchor='end' class='axis'>" << fixed(maxValue, 0)
        << "</text><text x='" << left - 6 << "' y='" << top + plotHeight << "' text-anchor='end' class='axis'>0</text>";
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const double h = bars[i].second / maxValue * plotHeight;
        const double x = left + static_cast<double>(i) * step;
        svg << "<rect x='" << fixed(x + step * 0.1, 1) << "' y='" << fixed(top + plotHeight - h, 1) << "' width='"
            << fixed(step * 0.8, 1) << "' height='" << fixed(h, 1) << "' fill='" << kBarColor << "'><title>"
            << htmlEscape(bars[i].first) << ": " << fixed(bars[i].second, 0) << "</title></rect>";
        if (labelEvery > 0 && i % static_cast<std::size_t>(labelEvery) == 0)
            svg << "<text x='" << fixed(x + step / 2, 1) << "' y='" << height - 10 << "' text-anchor='middle' class='axis'>"
                << htmlEscape(bars[i].first) << "</text>";
    }
    svg << "</svg>";
    return svg.str();
}

// Horizontal bars with the label on the left and the value on the right.
std::string barChart(const std::vector<std::pair<std::string, double>>& bars, const std::string& unit,
                     const char* color = kBarColor) {
    const int width = 900, rowHeight = 26, labelWidth = 260;
    const int height = std::max(1, static_cast<int>(bars.size())) * rowHeight + 4;
    double maxValue = 1;
    for (const auto& bar : bars) maxValue = std::max(maxValue, bar.second);
    std::ostringstream svg;
    svg << "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 " << width << ' ' << height
        << "' width='100%' role='img'>";
    if (bars.empty()) svg << "<text x='0' y='18' class='axis'>no data</text>";
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const int y = static_cast<int>(i) * rowHeight + 2;
        const double w = bars[i].second / maxValue * (width - labelWidth - 120);
        svg << "<text x='" << labelWidth - 8 << "' y='" << y + 17 << "' text-anchor='end'>" << htmlEscape(bars[i].first)
            << "</text><rect x='" << labelWidth << "' y='" << y + 3 << "' width='" << fixed(std::max(w, 1.0), 1)
            << "' height='" << rowHeight - 8 << "' fill='" << color << "'/><text x='" << fixed(labelWidth + w + 6, 1)
            << "' y='" << y + 17 << "'>" << htmlEscape(unit == "time" ? duration(bars[i].second) : fixed(bars[i].second, 0))
            << "</text>";
    }
    svg << "</svg>";
    return svg.str();
}

template <class Map>
std::vector<std::pair<std::string, double>> top(const Map& map, std::size_t count,
                                                const std::map<std::string, std::string>* names = nullptr) {
    std::vector<std::pair<std::string, double>> rows;
    for (const auto& [key, value] : map) {
        std::string label = key.empty() ? "(none)" : key;
        if (names)
            if (auto it = names->find(key); it != names->end() && !it->second.empty()) label = it->second;
        rows.emplace_back(label, static_cast<double>(value));
    }
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    if (rows.size() > count) rows.resize(count);
    return rows;
}

} // namespace

void ReportData::add(const KioskEvent& row) {
    const Event& e = row.stored.event;
    const std::string& type = row.stored.typeName;
    ++events;
    if (firstMs == 0 || e.timestampMs < firstMs) firstMs = e.timestampMs;
    lastMs = std::max(lastMs, e.timestampMs);
    KioskSummary& kiosk = kiosks[row.kiosk];
    ++kiosk.events;
    if (kiosk.firstMs == 0 || e.timestampMs < kiosk.firstMs) kiosk.firstMs = e.timestampMs;
    kiosk.lastMs = std::max(kiosk.lastMs, e.timestampMs);
    // Sessions are per kiosk: the same random id on two kiosks is two visitors.
    const std::string session = row.kiosk + "/" + e.sessionId;
    if (type == "session_start") {
        ++sessions;
        ++kiosk.sessions;
        sessionsStarted.insert(session);
        const std::string iso = storage::isoUtc(e.timestampMs);
        ++sessionsByDay[iso.substr(0, 10)];
        // The hour from the number, not from the text: a pulled timestamp outside years
        // 0000-9999 makes a longer ISO string, and std::stoi on it threw.
        constexpr std::int64_t kMsPerHour = 3600 * 1000;
        const std::int64_t hours = e.timestampMs / kMsPerHour - (e.timestampMs % kMsPerHour < 0 ? 1 : 0);
        const std::int64_t hourOfDay = (hours % 24 + 24) % 24;
        ++sessionsByHourUtc[static_cast<std::size_t>(hourOfDay)];
    } else if (type == "session_end") {
        if (e.value > 0) {
            sessionLengthsMs.push_back(e.value);
            kiosk.sessionLengthsMs.push_back(e.value);
        }
    } else if (type == "language") {
        ++languages[e.language];
        sessionsWithLanguage.insert(session);
    } else if (type == "view" && !e.item.empty() && e.screen == "item") {
        ++itemViews[e.item];
        itemDwellMs[e.item] += std::max(0.0, e.value);
        sessionsWithItem.insert(session);
    }
}

double median(std::vector<double> values) {
    if (values.empty()) return 0;
    const std::size_t middle = values.size() / 2;
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle), values.end());
    double result = values[middle];
    if (values.size() % 2 == 0) {
        result = (result + *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle))) / 2;
    }
    return result;
}

std::string htmlEscape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

Result<ReportNames> loadReportNames(const std::filesystem::path& contentDir, const std::string& language) {
    const ContentLoadResult loaded = loadExhibition(contentDir);
    if (!loaded.snapshot) {
        std::string why = loaded.problems.empty() ? "it does not load" : loaded.problems.front().message;
        return Error{contentDir.string() + ": cannot read the exhibition for names: " + why};
    }
    const Exhibition& exhibition = *loaded.snapshot;
    const std::string lang = language.empty() ? exhibition.fallback.defaultLanguage() : language;
    ReportNames names;
    names.exhibitionTitle = exhibition.text(exhibition.title, lang);
    for (const auto& info : exhibition.languages) names.languages[info.code] = info.nativeName.empty() ? info.code : info.nativeName;
    for (const auto& item : exhibition.items) {
        const std::string& title = exhibition.text(item.title, lang);
        names.items[item.id] = title.empty() ? item.id : title;
    }
    return names;
}

std::string renderReportHtml(const ReportData& data, const std::string& title, const ReportNames& names) {
    std::ostringstream html;
    html << "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            "<title>" << htmlEscape(title) << "</title><style>"
            "body{font-family:'Noto Sans',system-ui,sans-serif;margin:2em auto;max-width:960px;color:#222;padding:0 1em}"
            "h1{font-size:1.8em;margin-bottom:0.2em}h2{font-size:1.2em;margin-top:1.8em;border-bottom:1px solid #ccc}"
            ".figures{display:flex;gap:1em;flex-wrap:wrap}.figure{border:1px solid #ddd;border-radius:6px;padding:0.6em 1em}"
            ".figure b{display:block;font-size:1.6em}svg text{font-size:13px;fill:#222}svg .axis{font-size:11px;fill:#666}"
            "table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:right}"
            "td:first-child,th:first-child{text-align:left}.note{color:#666;font-size:0.9em}"
            "@media print{h2{break-after:avoid}svg{break-inside:avoid}}"
            "</style></head><body>\n";
    html << "<h1>" << htmlEscape(title) << "</h1>\n";
    if (!names.exhibitionTitle.empty()) html << "<p>" << htmlEscape(names.exhibitionTitle) << "</p>\n";
    if (data.events == 0) {
        html << "<p>No events in this period.</p></body></html>\n";
        return html.str();
    }
    html << "<p class='note'>" << minuteText(data.firstMs) << " to "
         << minuteText(data.lastMs) << " UTC, " << data.kiosks.size()
         << (data.kiosks.size() == 1 ? " kiosk" : " kiosks") << ". Anonymous: one random id per visitor session.</p>\n";
    html << "<div class='figures'>"
         << "<div class='figure'>Sessions<b>" << data.sessions << "</b></div>"
         << "<div class='figure'>Median session<b>" << duration(median(data.sessionLengthsMs)) << "</b></div>"
         << "<div class='figure'>Item views<b>" << [&] { std::int64_t n = 0; for (auto& [k, v] : data.itemViews) n += v; return n; }()
         << "</b></div><div class='figure'>Events<b>" << data.events << "</b></div></div>\n";

    std::vector<std::pair<std::string, double>> hours;
    for (int h = 0; h < 24; ++h)
        hours.emplace_back((h < 10 ? "0" : "") + std::to_string(h), static_cast<double>(data.sessionsByHourUtc[static_cast<std::size_t>(h)]));
    html << "<h2>Sessions per hour of the day (UTC)</h2>\n" << columnChart(hours, 2) << "\n";

    std::vector<std::pair<std::string, double>> days;
    for (const auto& [day, count] : data.sessionsByDay) days.emplace_back(day.substr(5), static_cast<double>(count));
    const std::size_t kMaxDays = 62;
    if (days.size() > kMaxDays) days.erase(days.begin(), days.end() - static_cast<std::ptrdiff_t>(kMaxDays));
    html << "<h2>Sessions per day</h2>\n" << columnChart(days, std::max<int>(1, static_cast<int>(days.size()) / 12)) << "\n";

    html << "<h2>Funnel: attract loop &rarr; language &rarr; item</h2>\n"
         << barChart({{"touched the attract loop", static_cast<double>(data.sessionsStarted.size())},
                      {"chose a language", static_cast<double>(data.sessionsWithLanguage.size())},
                      {"opened an item", static_cast<double>(data.sessionsWithItem.size())}},
                     "count", kAccentColor)
         << "\n";
    html << "<h2>Languages chosen</h2>\n" << barChart(top(data.languages, 30, &names.languages), "count") << "\n";
    html << "<h2>Top items by views</h2>\n"
         << barChart(top(data.itemViews, limits::kReportTopItems, &names.items), "count") << "\n";
    html << "<h2>Top items by dwell time (total)</h2>\n"
         << barChart(top(data.itemDwellMs, limits::kReportTopItems, &names.items), "time") << "\n";

    html << "<h2>Per kiosk</h2>\n<table><tr><th>kiosk</th><th>sessions</th><th>median session</th><th>events</th>"
            "<th>first event (UTC)</th><th>last event (UTC)</th></tr>\n";
    for (const auto& [name, kiosk] : data.kiosks)
        html << "<tr><td>" << htmlEscape(name.empty() ? "(unnamed)" : name) << "</td><td>" << kiosk.sessions << "</td><td>"
             << duration(median(kiosk.sessionLengthsMs)) << "</td><td>" << kiosk.events << "</td><td>"
             << minuteText(kiosk.firstMs) << "</td><td>" << minuteText(kiosk.lastMs)
             << "</td></tr>\n";
    html << "</table>\n<p class='note'>Made by kiosk-logs " << KIOSK_VERSION << ".</p>\n</body></html>\n";
    return html.str();
}

Result<std::int64_t> writeReport(const std::string& db, const TimeRange& range, const std::filesystem::path& out,
                                 const ReportNames& names) {
    ReportData data;
    auto read = forEachEvent(db, range, [&](const KioskEvent& row) { data.add(row); });
    if (!read) return read;
    std::ofstream file(out, std::ios::binary);
    if (!file) return Error{out.string() + ": cannot write the report"};
    file << renderReportHtml(data, "Visitor engagement report", names);
    file.close();
    if (!file) return Error{out.string() + ": cannot write the report (disk full?)"};
    return *read;
}

} // namespace kiosk::logs
