// The exhibition content model: one immutable snapshot per loaded exhibition.
// Screens read a ContentSnapshot and never change it; a new release is a new snapshot.
#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/localized_text.h"

namespace kiosk {

using Rgba = std::uint32_t;   // 0xRRGGBBAA

struct CalendarDate {          // a day, as written by curators (YYYY-MM-DD)
    int year = 0, month = 0, day = 0;
    int ordinal() const { return year * 10000 + month * 100 + day; }
    friend bool operator==(const CalendarDate&, const CalendarDate&) = default;
};

struct ImageRef {
    std::filesystem::path file;   // absolute path
    LocalizedText caption;
};

struct Category {
    std::string id;
    LocalizedText title;
    LocalizedText summary;
    std::filesystem::path image;  // absolute path, may be empty
    Rgba color = 0x8A5A44FF;
};

struct Item {
    std::string id;
    std::string category;
    LocalizedText title;
    LocalizedText summary;
    LocalizedText story;          // paragraphs separated by a blank line
    LocalizedText origin;
    LocalizedText partners;
    std::vector<ImageRef> images;
    std::string link;             // shown as a QR code when set
    std::vector<std::string> tags;
    std::vector<std::string> factIds;
    std::optional<CalendarDate> availableFrom;
    std::optional<CalendarDate> availableUntil;
    std::vector<std::string> kioskTags;
    // Preview mode only: this is a placeholder for an item left out because of errors (the
    // first one, "file:line: message"); screens show it as a marked card. Empty otherwise.
    std::string previewProblem;
};

struct FactSource {
    std::string name;
    int year = 0;
    std::string url;
};

enum class ChartKind { Bar, Line };

struct FactSeries {
    std::string id;
    LocalizedText name;
    std::vector<double> values;   // one per label
};

struct Fact {
    std::string id;
    LocalizedText title;
    LocalizedText summary;
    LocalizedText unit;
    LocalizedText notes;
    ChartKind chart = ChartKind::Bar;
    std::vector<std::string> labels;   // x axis, e.g. years
    std::vector<FactSeries> series;
    FactSource source;
};

struct ExhibitionTheme {
    Rgba background = 0x1B1F2AFF;
    Rgba surface = 0xF4EEE3FF;
    Rgba accent = 0xC8553DFF;
    Rgba text = 0xF7F3EAFF;
    Rgba muted = 0xB9B2A5FF;
};

struct Exhibition {
    std::string id;
    std::string releaseVersion = "bundled";   // set by sync for published releases
    bool sample = false;
    LocalizedText title;
    LocalizedText subtitle;
    std::vector<LanguageInfo> languages;      // display order
    LanguageFallback fallback;
    ExhibitionTheme theme;
    std::vector<std::string> featured;        // item ids for the attract loop
    std::filesystem::path attractImage;
    std::vector<Category> categories;
    std::vector<Item> items;
    std::vector<Fact> facts;
    // Exhibition-specific UI string overrides: language -> key -> text.
    std::map<std::string, std::map<std::string, std::string>> uiStrings;
    std::filesystem::path rootDir;
    // Preview mode only: every problem of the last load ("file:line:column: error: message"),
    // for the on-screen panel. Empty on a kiosk.
    std::vector<std::string> previewProblems;

    const Item* findItem(std::string_view id) const;
    const Category* findCategory(std::string_view id) const;
    const Fact* findFact(std::string_view id) const;
    const LanguageInfo* findLanguage(std::string_view code) const;
    std::vector<const Item*> itemsInCategory(std::string_view categoryId) const;
    // Resolves a localized text for a language through the exhibition's fallback chains.
    const std::string& text(const LocalizedText& t, std::string_view language) const {
        return fallback.resolve(t, language);
    }
};

using ContentSnapshot = std::shared_ptr<const Exhibition>;

// Schedule and targeting: an item shows when today is inside its window (inclusive)
// and, if it names kiosk tags, the kiosk carries at least one of them.
bool isItemVisible(const Item& item, const CalendarDate& today, const std::vector<std::string>& kioskTags);

// Removes the items a kiosk must not show today (and featured ids pointing at them).
Exhibition filterForKiosk(Exhibition exhibition, const CalendarDate& today,
                          const std::vector<std::string>& kioskTags);

CalendarDate todayUtc();
std::optional<CalendarDate> parseCalendarDate(std::string_view text);

} // namespace kiosk
