#include "kiosk/core/content_model.h"

#include <algorithm>
#include <charconv>
#include <ctime>

namespace kiosk {

const Item* Exhibition::findItem(std::string_view id) const {
    for (const auto& item : items) if (item.id == id) return &item;
    return nullptr;
}
const Category* Exhibition::findCategory(std::string_view id) const {
    for (const auto& category : categories) if (category.id == id) return &category;
    return nullptr;
}
const Fact* Exhibition::findFact(std::string_view id) const {
    for (const auto& fact : facts) if (fact.id == id) return &fact;
    return nullptr;
}
const LanguageInfo* Exhibition::findLanguage(std::string_view code) const {
    for (const auto& language : languages) if (language.code == code) return &language;
    return nullptr;
}
std::vector<const Item*> Exhibition::itemsInCategory(std::string_view categoryId) const {
    std::vector<const Item*> out;
    for (const auto& item : items) if (item.category == categoryId) out.push_back(&item);
    return out;
}

bool isItemVisible(const Item& item, const CalendarDate& today, const std::vector<std::string>& kioskTags) {
    if (item.availableFrom && today.ordinal() < item.availableFrom->ordinal()) return false;
    if (item.availableUntil && today.ordinal() > item.availableUntil->ordinal()) return false;
    if (item.kioskTags.empty()) return true;
    return std::any_of(item.kioskTags.begin(), item.kioskTags.end(), [&](const std::string& tag) {
        return std::find(kioskTags.begin(), kioskTags.end(), tag) != kioskTags.end();
    });
}

Exhibition filterForKiosk(Exhibition exhibition, const CalendarDate& today,
                          const std::vector<std::string>& kioskTags) {
    std::erase_if(exhibition.items, [&](const Item& item) { return !isItemVisible(item, today, kioskTags); });
    std::erase_if(exhibition.featured, [&](const std::string& id) { return exhibition.findItem(id) == nullptr; });
    return exhibition;
}

CalendarDate todayUtc() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    return {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

std::optional<CalendarDate> parseCalendarDate(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    CalendarDate date;
    const auto number = [&](std::size_t at, std::size_t length, int& out) {
        const auto [end, ec] = std::from_chars(text.data() + at, text.data() + at + length, out);
        return ec == std::errc() && end == text.data() + at + length;
    };
    if (!number(0, 4, date.year) || !number(5, 2, date.month) || !number(8, 2, date.day)) return std::nullopt;
    if (date.month < 1 || date.month > 12 || date.day < 1) return std::nullopt;
    static constexpr int kDaysInMonth[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (date.year % 4 == 0 && date.year % 100 != 0) || date.year % 400 == 0;
    const int maxDay = (date.month == 2 && !leap) ? 28 : kDaysInMonth[date.month - 1];
    if (date.day > maxDay) return std::nullopt;
    return date;
}

} // namespace kiosk
