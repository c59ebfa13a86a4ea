// Opening hours: when the kiosk's screen is on. Pure logic (no clock, no I/O): the app asks
// isOpen() with the local time and blanks the screen and stops rendering outside the hours.
// Config (README "Opening hours"):
//   [display.schedule]
//   mon = "09:00-18:00"            one or more "HH:MM-HH:MM" ranges, comma separated
//   tue = "09:00-12:30, 13:30-18:00"
//   sun = "closed"                 also: "all day"; a weekday not listed is closed
//   holidays = ["2026-12-25"]      closed all day on these dates
// No [display.schedule] at all: always open.
#pragma once
#include <array>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/result.h"

namespace kiosk {

inline constexpr int kMinutesPerDay = 24 * 60;

// A local wall-clock moment, as the app reads it from the system (localtime_r).
struct LocalTime {
    int year = 2026, month = 1, day = 1;   // calendar date
    int weekday = 0;                       // 0 = Monday ... 6 = Sunday
    int minuteOfDay = 0;                   // 0 ... 1439
};
// The current local time of this machine (time zone from /etc/localtime).
LocalTime localTimeNow();

struct OpenRange {
    int fromMinute = 0;   // inclusive, 0 ... 1439
    int toMinute = 0;     // exclusive, 1 ... 1440 ("24:00")
    bool operator==(const OpenRange&) const = default;
};

class OpeningHours {
public:
    // Always open (no schedule configured).
    OpeningHours() = default;
    static constexpr std::array<const char*, 7> kWeekdayKeys = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

    // Parses one weekday's text ("closed", "all day", or "HH:MM-HH:MM[, ...]"; ranges must not
    // overlap and must end after they start on the same day). Errors say what is wrong.
    static Result<std::vector<OpenRange>> parseDay(std::string_view text);
    // Parses "YYYY-MM-DD" into a sortable number (YYYYMMDD), checking the date exists.
    static Result<int> parseDate(std::string_view text);

    // Turns the schedule on: from now on a weekday without ranges is closed.
    void setDay(int weekday, std::vector<OpenRange> ranges);
    void addHoliday(int yyyymmdd) { holidays_.insert(yyyymmdd); }

    bool scheduled() const { return scheduled_; }
    bool isOpen(const LocalTime& t) const;
    // Text for the log: "Mon 09:00-18:00; Tue closed; ...; 2 holidays".
    std::string describe() const;

private:
    bool scheduled_ = false;
    std::array<std::vector<OpenRange>, 7> week_{};
    std::set<int> holidays_;
};

} // namespace kiosk
