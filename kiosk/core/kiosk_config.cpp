#include "kiosk/core/kiosk_config.h"

#include <fstream>
#include <sstream>

#include <set>

#include <toml++/toml.h>

#include "kiosk/core/config_settings.h"
#include "kiosk/core/display_rotation.h"
#include "kiosk/core/limits.h"

namespace kiosk {

KioskConfig::KioskConfig() { config::applyDefaults(*this, config::kioskSettings()); }

const KioskConfig& kioskConfigDefaults() {
    static const KioskConfig defaults;
    return defaults;
}

namespace {

std::string where(const std::string& name, const toml::node& node) {
    return name + ":" + std::to_string(node.source().begin.line) + ":" + std::to_string(node.source().begin.column);
}

// [display] rotation beyond the table's range check, and [display.schedule] (a table of
// weekdays, which the settings table leaves to this function).
void readDisplayExtras(std::string_view text, const std::string& name, KioskConfig& config, std::vector<std::string>& errors) {
    toml::table root;
    try { root = toml::parse(text, name); } catch (const toml::parse_error&) { return; }   // reported already
    const toml::table* display = root["display"].as_table();
    if (!display) return;
    if (const toml::node* rotation = display->get("rotation"); rotation && !Rotation::valid(config.rotationDegrees))
        errors.push_back(where(name, *rotation) + ": [display] rotation must be 0, 90, 180 or 270");
    const toml::node* node = display->get("schedule");
    if (!node) return;
    const toml::table* schedule = node->as_table();
    if (!schedule) { errors.push_back(where(name, *node) + ": [display.schedule] must be a table of weekdays (mon = \"09:00-18:00\")"); return; }
    std::set<std::string> known(OpeningHours::kWeekdayKeys.begin(), OpeningHours::kWeekdayKeys.end());
    known.insert("holidays");
    for (const auto& [k, v] : *schedule)
        if (!known.count(std::string(k.str())))
            errors.push_back(where(name, v) + ": unknown key '" + std::string(k.str()) + "' in [display.schedule] (mon ... sun, holidays)");
    for (int day = 0; day < 7; ++day) {
        std::vector<OpenRange> ranges;   // a weekday not listed is closed
        if (const toml::node* d = schedule->get(OpeningHours::kWeekdayKeys[static_cast<std::size_t>(day)])) {
            auto dayText = d->value<std::string>();
            if (!dayText) { errors.push_back(where(name, *d) + ": opening hours must be a string like \"09:00-18:00\" or \"closed\""); continue; }
            auto parsed = OpeningHours::parseDay(*dayText);
            if (!parsed) { errors.push_back(where(name, *d) + ": " + parsed.error()); continue; }
            ranges = *parsed;
        }
        config.openingHours.setDay(day, std::move(ranges));
    }
    if (const toml::node* h = schedule->get("holidays")) {
        const toml::array* list = h->as_array();
        if (!list) { errors.push_back(where(name, *h) + ": 'holidays' must be a list of dates like \"2026-12-25\""); return; }
        for (const auto& element : *list) {
            auto dateText = element.value<std::string>();
            auto date = dateText ? OpeningHours::parseDate(*dateText) : Result<int>(Error{"'holidays' must contain dates as strings"});
            if (!date) { errors.push_back(where(name, element) + ": " + date.error()); continue; }
            config.openingHours.addHoliday(*date);
        }
    }
}

} // namespace

Result<KioskConfig> parseKioskConfig(std::string_view text, const std::string& name,
                                     const std::filesystem::path& baseDir) {
    KioskConfig config;
    config::ParseReport report = config::parseSettings(text, name, baseDir, config::kioskSettings(), config);
    readDisplayExtras(text, name, config, report.errors);
    if (!report.errors.empty()) {
        std::string message;
        for (const auto& error : report.errors) message += (message.empty() ? "" : "\n") + error;
        // Unknown keys too: a misspelt key is often why a value seems to be missing.
        for (const auto& warning : report.warnings) message += "\n" + warning + " (warning)";
        return Error{message};
    }
    config.warnings = std::move(report.warnings);
    return config;
}

Result<KioskConfig> loadKioskConfig(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error{file.string() + ": cannot open config file"};
    std::error_code ec;
    if (const auto size = std::filesystem::file_size(file, ec); !ec && size > limits::kMaxConfigFileBytes)
        return Error{file.string() + ": config file larger than " + std::to_string(limits::kMaxConfigFileBytes) + " bytes"};
    std::stringstream buffer;
    buffer << in.rdbuf();
    return parseKioskConfig(buffer.str(), file.string(), file.parent_path());
}

} // namespace kiosk
