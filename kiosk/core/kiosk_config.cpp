#include "kiosk/core/kiosk_config.h"

#include <fstream>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "kiosk/core/admin_pin.h"
#include "kiosk/core/display_rotation.h"

namespace kiosk {
namespace {

std::string where(const std::string& name, const toml::source_region& region) {
    return name + ":" + std::to_string(region.begin.line);
}

class ConfigReader {
public:
    ConfigReader(const toml::table& root, std::string name, std::filesystem::path baseDir)
        : root_(root), name_(std::move(name)), baseDir_(std::move(baseDir)) {}

    std::optional<std::string> error;
    std::vector<std::string> warnings;

    const toml::table* section(const char* key, std::set<std::string> known) {
        const toml::node* node = root_.get(key);
        if (!node) return nullptr;
        const toml::table* table = node->as_table();
        if (!table) { fail(*node, std::string("[") + key + "] must be a table"); return nullptr; }
        for (const auto& [k, v] : *table)
            if (!known.count(std::string(k.str())))
                warnings.push_back(where(name_, v.source()) + ": unknown key '" + std::string(k.str()) +
                                   "' in [" + key + "]");
        return table;
    }

    void string(const toml::table* table, const char* key, std::string& out) {
        if (const toml::node* node = table ? table->get(key) : nullptr) {
            if (auto value = node->value<std::string>()) out = *value;
            else fail(*node, std::string("'") + key + "' must be a string");
        }
    }
    void path(const toml::table* table, const char* key, std::filesystem::path& out) {
        std::string text;
        string(table, key, text);
        if (!text.empty()) out = std::filesystem::path(text).is_absolute() ? std::filesystem::path(text) : baseDir_ / text;
    }
    void integer(const toml::table* table, const char* key, int& out, int min, int max) {
        if (const toml::node* node = table ? table->get(key) : nullptr) {
            auto value = node->value<int64_t>();
            if (!value || !node->is_integer()) { fail(*node, std::string("'") + key + "' must be a whole number"); return; }
            if (*value < min || *value > max) {
                fail(*node, std::string("'") + key + "' must be between " + std::to_string(min) + " and " + std::to_string(max));
                return;
            }
            out = static_cast<int>(*value);
        }
    }
    void integer64(const toml::table* table, const char* key, std::int64_t& out, std::int64_t min, std::int64_t max) {
        if (const toml::node* node = table ? table->get(key) : nullptr) {
            auto value = node->value<int64_t>();
            if (!value || !node->is_integer()) { fail(*node, std::string("'") + key + "' must be a whole number"); return; }
            if (*value < min || *value > max) {
                fail(*node, std::string("'") + key + "' must be between " + std::to_string(min) + " and " + std::to_string(max));
                return;
            }
            out = *value;
        }
    }
    void boolean(const toml::table* table, const char* key, bool& out) {
        if (const toml::node* node = table ? table->get(key) : nullptr) {
            if (auto value = node->value<bool>(); value && node->is_boolean()) out = *value;
            else fail(*node, std::string("'") + key + "' must be true or false");
        }
    }
    void stringList(const toml::table* table, const char* key, std::vector<std::string>& out) {
        if (const toml::node* node = table ? table->get(key) : nullptr) {
            const toml::array* array = node->as_array();
            if (!array) { fail(*node, std::string("'") + key + "' must be a list of strings"); return; }
            out.clear();
            for (const auto& element : *array) {
                if (auto value = element.value<std::string>()) out.push_back(*value);
                else { fail(element, std::string("'") + key + "' must contain only strings"); return; }
            }
        }
    }

    void fail(const toml::node& node, const std::string& message) {
        if (!error) error = where(name_, node.source()) + ": " + message;
    }
    const toml::table& root_;
    std::string name_;
    std::filesystem::path baseDir_;
};

// [display.schedule]: weekday keys (mon ... sun) with opening hours, and holidays.
void readSchedule(ConfigReader& reader, const toml::table* display, OpeningHours& hours) {
    const toml::node* node = display ? display->get("schedule") : nullptr;
    if (!node) return;
    const toml::table* schedule = node->as_table();
    if (!schedule) { reader.fail(*node, "[display.schedule] must be a table of weekdays (mon = \"09:00-18:00\")"); return; }
    std::set<std::string> known(OpeningHours::kWeekdayKeys.begin(), OpeningHours::kWeekdayKeys.end());
    known.insert("holidays");
    for (const auto& [k, v] : *schedule)
        if (!known.count(std::string(k.str()))) reader.fail(v, "unknown key '" + std::string(k.str()) + "' in [display.schedule] (mon ... sun, holidays)");
    for (int day = 0; day < 7; ++day) {
        std::vector<OpenRange> ranges;   // a weekday not listed is closed
        if (const toml::node* d = schedule->get(OpeningHours::kWeekdayKeys[static_cast<std::size_t>(day)])) {
            auto text = d->value<std::string>();
            if (!text) { reader.fail(*d, "opening hours must be a string like \"09:00-18:00\" or \"closed\""); continue; }
            auto parsed = OpeningHours::parseDay(*text);
            if (!parsed) { reader.fail(*d, parsed.error()); continue; }
            ranges = *parsed;
        }
        hours.setDay(day, std::move(ranges));
    }
    if (const toml::node* h = schedule->get("holidays")) {
        const toml::array* list = h->as_array();
        if (!list) { reader.fail(*h, "'holidays' must be a list of dates like \"2026-12-25\""); return; }
        for (const auto& element : *list) {
            auto text = element.value<std::string>();
            auto date = text ? OpeningHours::parseDate(*text) : Result<int>(Error{"'holidays' must contain dates as strings"});
            if (!date) { reader.fail(element, date.error()); continue; }
            hours.addHoliday(*date);
        }
    }
}

} // namespace

Result<KioskConfig> parseKioskConfig(std::string_view text, const std::string& name,
                                     const std::filesystem::path& baseDir) {
    toml::table root;
    try {
        root = toml::parse(text, name);
    } catch (const toml::parse_error& e) {
        return Error{name + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description())};
    }
    KioskConfig config;
    ConfigReader reader(root, name, baseDir);
    for (const auto& [key, value] : root) {
        static const std::set<std::string> kSections = {"kiosk", "display", "sync", "api", "log"};
        if (!kSections.count(std::string(key.str())))
            reader.warnings.push_back(where(name, value.source()) + ": unknown section or key '" +
                                      std::string(key.str()) + "'");
    }
    const auto* kiosk = reader.section("kiosk", {"id", "tags", "content_dir", "data_dir", "default_language",
                                                 "idle_timeout_seconds", "idle_countdown_seconds", "admin_pin",
                                                 "admin_pin_hash"});
    reader.string(kiosk, "id", config.kioskId);
    reader.stringList(kiosk, "tags", config.tags);
    reader.path(kiosk, "content_dir", config.contentDir);
    reader.path(kiosk, "data_dir", config.dataDir);
    reader.string(kiosk, "default_language", config.defaultLanguage);
    reader.integer(kiosk, "idle_timeout_seconds", config.idleTimeoutSeconds, 5, 3600);
    reader.integer(kiosk, "idle_countdown_seconds", config.idleCountdownSeconds, 1, 120);
    reader.string(kiosk, "admin_pin", config.adminPin);
    if (const toml::node* node = kiosk ? kiosk->get("admin_pin") : nullptr; node && node->is_string())
        if (auto problem = adminPinFormatError(config.adminPin); !problem.empty()) reader.fail(*node, "'admin_pin': " + problem);
    reader.string(kiosk, "admin_pin_hash", config.adminPinHash);
    if (const toml::node* node = kiosk ? kiosk->get("admin_pin_hash") : nullptr; node && node->is_string())
        if (!looksLikeArgon2idHash(config.adminPinHash))
            reader.fail(*node, "'admin_pin_hash' must be an Argon2id hash from `kiosk --hash-pin PIN`");

    const auto* display = reader.section("display", {"width", "height", "fullscreen", "rotation", "schedule"});
    reader.integer(display, "width", config.width, 0, 16384);
    reader.integer(display, "height", config.height, 0, 16384);
    reader.boolean(display, "fullscreen", config.fullscreen);
    reader.integer(display, "rotation", config.rotationDegrees, 0, 270);
    if (const toml::node* node = display ? display->get("rotation") : nullptr; node && !Rotation::valid(config.rotationDegrees))
        reader.fail(*node, "'rotation' must be 0, 90, 180 or 270");
    readSchedule(reader, display, config.openingHours);

    const auto* sync = reader.section("sync", {"url", "public_key", "channel", "interval_seconds", "max_files",
                                               "max_bytes", "max_object_bytes", "low_speed_bytes_per_second",
                                               "low_speed_seconds", "parallel_downloads", "ca_file",
                                               "pinned_public_key", "connect_timeout_seconds"});
    reader.string(sync, "url", config.syncUrl);
    reader.path(sync, "public_key", config.syncPublicKey);
    reader.string(sync, "channel", config.syncChannel);
    reader.integer(sync, "interval_seconds", config.syncIntervalSeconds, 10, 7 * 24 * 3600);
    reader.integer(sync, "max_files", config.syncMaxFiles, 1, 100000);
    reader.integer64(sync, "max_bytes", config.syncMaxBytes, 1, 1LL << 50);
    reader.integer64(sync, "max_object_bytes", config.syncMaxObjectBytes, 1, 1LL << 50);
    reader.integer(sync, "low_speed_bytes_per_second", config.syncLowSpeedBytesPerSecond, 0, 1 << 30);
    reader.integer(sync, "low_speed_seconds", config.syncLowSpeedSeconds, 1, 3600);
    reader.integer(sync, "parallel_downloads", config.syncParallelDownloads, 1, sync_limits::kMaxParallelDownloads);
    reader.path(sync, "ca_file", config.syncCaFile);
    reader.string(sync, "pinned_public_key", config.syncPinnedPublicKey);
    reader.integer(sync, "connect_timeout_seconds", config.syncConnectTimeoutSeconds, 1, 300);

    const auto* api = reader.section("api", {"listen", "token_file", "max_request_bytes",
                                             "max_requests_per_minute", "max_connections"});
    reader.string(api, "listen", config.apiListen);
    reader.path(api, "token_file", config.apiTokenFile);
    reader.integer(api, "max_request_bytes", config.apiMaxRequestBytes, 1024, 64 * 1024 * 1024);
    reader.integer(api, "max_requests_per_minute", config.apiMaxRequestsPerMinute, 1, 1000000);
    reader.integer(api, "max_connections", config.apiMaxConnections, 1, 256);

    const auto* logSection = reader.section("log", {"retention_days", "max_database_mb", "batch_ms", "batch_events"});
    reader.integer(logSection, "retention_days", config.logRetentionDays, 1, 3650);
    reader.integer(logSection, "max_database_mb", config.logMaxDatabaseMb, 1, 1024 * 1024);
    reader.integer(logSection, "batch_ms", config.logBatchMs, 10, 10000);
    reader.integer(logSection, "batch_events", config.logBatchEvents, 1, 100000);

    if (reader.error) return Error{*reader.error};
    config.warnings = std::move(reader.warnings);
    return config;
}

Result<KioskConfig> loadKioskConfig(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error{file.string() + ": cannot open config file"};
    std::stringstream buffer;
    buffer << in.rdbuf();
    return parseKioskConfig(buffer.str(), file.string(), file.parent_path());
}

} // namespace kiosk
