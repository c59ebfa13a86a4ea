#include <doctest/doctest.h>

#include "kiosk/core/opening_hours.h"

using namespace kiosk;

namespace {
LocalTime at(int weekday, int hour, int minute, int year = 2026, int month = 12, int day = 1) {
    LocalTime t;
    t.year = year; t.month = month; t.day = day;
    t.weekday = weekday;
    t.minuteOfDay = hour * 60 + minute;
    return t;
}
} // namespace

TEST_SUITE("core.opening_hours") {

TEST_CASE("no schedule: always open") {
    OpeningHours hours;
    CHECK_FALSE(hours.scheduled());
    CHECK(hours.isOpen(at(0, 3, 0)));
    CHECK(hours.isOpen(at(6, 23, 59)));
    CHECK(hours.describe() == "always open");
}

TEST_CASE("weekday ranges: open inside, closed outside, end exclusive") {
    OpeningHours hours;
    hours.setDay(0, *OpeningHours::parseDay("09:00-12:30, 13:30-18:00"));
    hours.setDay(5, *OpeningHours::parseDay("all day"));
    hours.setDay(6, *OpeningHours::parseDay("closed"));
    CHECK_FALSE(hours.isOpen(at(0, 8, 59)));
    CHECK(hours.isOpen(at(0, 9, 0)));
    CHECK(hours.isOpen(at(0, 12, 29)));
    CHECK_FALSE(hours.isOpen(at(0, 12, 30)));   // lunch
    CHECK(hours.isOpen(at(0, 17, 59)));
    CHECK_FALSE(hours.isOpen(at(0, 18, 0)));
    CHECK_FALSE(hours.isOpen(at(1, 10, 0)));    // Tuesday not listed: closed
    CHECK(hours.isOpen(at(5, 0, 0)));
    CHECK(hours.isOpen(at(5, 23, 59)));
    CHECK_FALSE(hours.isOpen(at(6, 12, 0)));
    CHECK(hours.describe().find("Mon 09:00-12:30, 13:30-18:00") != std::string::npos);
    CHECK(hours.describe().find("Sun closed") != std::string::npos);
}

TEST_CASE("holidays close the whole day") {
    OpeningHours hours;
    hours.setDay(4, *OpeningHours::parseDay("00:00-24:00"));
    hours.addHoliday(*OpeningHours::parseDate("2026-12-25"));
    CHECK_FALSE(hours.isOpen(at(4, 12, 0, 2026, 12, 25)));
    CHECK(hours.isOpen(at(4, 12, 0, 2026, 12, 18)));
    CHECK(hours.describe().find("1 holiday") != std::string::npos);
}

TEST_CASE("bad opening hours are refused with a reason") {
    CHECK_FALSE(OpeningHours::parseDay("").ok());
    CHECK_FALSE(OpeningHours::parseDay("9-17").ok());
    CHECK_FALSE(OpeningHours::parseDay("09:00").ok());
    CHECK_FALSE(OpeningHours::parseDay("25:00-26:00").ok());
    CHECK_FALSE(OpeningHours::parseDay("09:60-10:00").ok());
    CHECK_FALSE(OpeningHours::parseDay("24:00-24:00").ok());
    const auto backwards = OpeningHours::parseDay("22:00-02:00");
    REQUIRE_FALSE(backwards.ok());
    CHECK(backwards.error().find("midnight") != std::string::npos);
    const auto overlap = OpeningHours::parseDay("09:00-12:00, 11:00-13:00");
    REQUIRE_FALSE(overlap.ok());
    CHECK(overlap.error().find("overlap") != std::string::npos);
    CHECK_FALSE(OpeningHours::parseDate("2026-02-29").ok());
    CHECK(OpeningHours::parseDate("2028-02-29").ok());
    CHECK_FALSE(OpeningHours::parseDate("2026-13-01").ok());
    CHECK_FALSE(OpeningHours::parseDate("25.12.2026").ok());
    CHECK(*OpeningHours::parseDate("2026-12-25") == 20261225);
}

TEST_CASE("the local time has a weekday Monday-first") {
    const LocalTime now = localTimeNow();
    CHECK(now.weekday >= 0);
    CHECK(now.weekday <= 6);
    CHECK(now.minuteOfDay >= 0);
    CHECK(now.minuteOfDay < kMinutesPerDay);
}

}
