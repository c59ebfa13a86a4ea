#include "kiosk/core/opening_hours.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>

namespace kiosk {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

// "HH:MM" -> minutes; 24:00 allowed only when `allowEndOfDay`.
Result<int> parseClock(std::string_view text, bool allowEndOfDay) {
    text = trim(text);
    const bool shape = text.size() == 5 && text[2] == ':' && std::isdigit(static_cast<unsigned char>(text[0])) &&
                       std::isdigit(static_cast<unsigned char>(text[1])) && std::isdigit(static_cast<unsigned char>(text[3])) &&
                       std::isdigit(static_cast<unsigned char>(text[4]));
    if (!shape) return Error{"'" + std::string(text) + "' is not a time like 09:30"};
    const int h = (text[0] - '0') * 10 + (text[1] - '0');
    const int m = (text[3] - '0') * 10 + (text[4] - '0');
    if (h == 24 && m == 0 && allowEndOfDay) return kMinutesPerDay;
    if (h > 23 || m > 59) return Error{"'" + std::string(text) + "' is not a time of day"};
    return h * 60 + m;
}

std::string clockText(int minute) {
    // minute is 0..1440 (24:00 ends a day); clamped so the text is always "HH:MM".
    const unsigned m = static_cast<unsigned>(std::clamp(minute, 0, 24 * 60));
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02u:%02u", (m / 60) % 100, m % 60);
    return buf;
}

} // namespace

LocalTime localTimeNow() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    LocalTime t;
    t.year = tm.tm_year + 1900;
    t.month = tm.tm_mon + 1;
    t.day = tm.tm_mday;
    t.weekday = (tm.tm_wday + 6) % 7;   // tm: 0 = Sunday
    t.minuteOfDay = tm.tm_hour * 60 + tm.tm_min;
    return t;
}

Result<std::vector<OpenRange>> OpeningHours::parseDay(std::string_view text) {
    text = trim(text);
    if (text == "closed") return std::vector<OpenRange>{};
    if (text == "all day") return std::vector<OpenRange>{{0, kMinutesPerDay}};
    if (text.empty()) return Error{"empty opening hours: write \"closed\", \"all day\" or ranges like \"09:00-18:00\""};
    std::vector<OpenRange> ranges;
    while (!text.empty()) {
        const auto comma = text.find(',');
        const std::string_view part = trim(text.substr(0, comma));
        text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
        const auto dash = part.find('-');
        if (dash == std::string_view::npos) return Error{"'" + std::string(part) + "' is not a range like 09:00-18:00"};
        auto from = parseClock(part.substr(0, dash), false);
        if (!from) return Error{from.error()};
        auto to = parseClock(part.substr(dash + 1), true);
        if (!to) return Error{to.error()};
        if (*to <= *from) return Error{"'" + std::string(part) + "' ends before it starts (ranges cannot pass midnight: split them)"};
        ranges.push_back({*from, *to});
    }
    std::sort(ranges.begin(), ranges.end(), [](const OpenRange& a, const OpenRange& b) { return a.fromMinute < b.fromMinute; });
    for (std::size_t i = 1; i < ranges.size(); ++i)
        if (ranges[i].fromMinute < ranges[i - 1].toMinute)
            return Error{"ranges " + clockText(ranges[i - 1].fromMinute) + "-" + clockText(ranges[i - 1].toMinute) + " and " +
                         clockText(ranges[i].fromMinute) + "-" + clockText(ranges[i].toMinute) + " overlap"};
    return ranges;
}

Result<int> OpeningHours::parseDate(std::string_view text) {
    text = trim(text);
    const bool shape = text.size() == 10 && text[4] == '-' && text[7] == '-' &&
                       std::all_of(text.begin(), text.end(), [](char c) { return c == '-' || std::isdigit(static_cast<unsigned char>(c)); });
    if (!shape) return Error{"'" + std::string(text) + "' is not a date like 2026-12-25"};
    const int y = std::stoi(std::string(text.substr(0, 4)));
    const int m = std::stoi(std::string(text.substr(5, 2)));
    const int d = std::stoi(std::string(text.substr(8, 2)));
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m < 1 || m > 12 || d < 1 || d > kDays[m - 1] + (m == 2 && leap ? 1 : 0))
        return Error{"'" + std::string(text) + "' is not a date in the calendar"};
    return y * 10000 + m * 100 + d;
}

void OpeningHours::setDay(int weekday, std::vector<OpenRange> ranges) {
    scheduled_ = true;
    week_.at(static_cast<std::size_t>(weekday)) = std::move(ranges);
}

bool OpeningHours::isOpen(const LocalTime& t) const {
    if (!scheduled_) return true;
    if (holidays_.count(t.year * 10000 + t.month * 100 + t.day)) return false;
    if (t.weekday < 0 || t.weekday > 6) return false;
    for (const auto& r : week_[static_cast<std::size_t>(t.weekday)])
        if (t.minuteOfDay >= r.fromMinute && t.minuteOfDay < r.toMinute) return true;
    return false;
}

std::string OpeningHours::describe() const {
    if (!scheduled_) return "always open";
    static constexpr const char* kNames[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    std::string out;
    for (int d = 0; d < 7; ++d) {
        if (!out.empty()) out += "; ";
        out += kNames[d];
        if (week_[static_cast<std::size_t>(d)].empty()) out += " closed";
        for (std::size_t i = 0; i < week_[static_cast<std::size_t>(d)].size(); ++i) {
            const auto& r = week_[static_cast<std::size_t>(d)][i];
            out += (i ? ", " : " ") + clockText(r.fromMinute) + "-" + clockText(r.toMinute);
        }
    }
    out += "; " + std::to_string(holidays_.size()) + " holiday" + (holidays_.size() == 1 ? "" : "s");
    return out;
}

} // namespace kiosk
