#include "kiosk/core/kiosk_config.h"

#include <fstream>
#include <set>
#include <sstream>

#include <toml++/toml.h>

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

private:
    void fail(const toml::node& node, const std::string& message) {
        if (!error) error = where(name_, node.source()) + ": " + message;
    }
    const toml::table& root_;
    std::string name_;
    std::filesystem::path baseDir_;
};

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
                                                 "admin_timeout_seconds"});
    reader.string(kiosk, "id", config.kioskId);
    reader.stringList(kiosk, "tags", config.tags);
    reader.path(kiosk, "content_dir", config.contentDir);
    reader.path(kiosk, "data_dir", config.dataDir);
    reader.string(kiosk, "default_language", config.defaultLanguage);
    reader.integer(kiosk, "idle_timeout_seconds", config.idleTimeoutSeconds, 5, 3600);
    reader.integer(kiosk, "idle_countdown_seconds", config.idleCountdownSeconds, 1, 120);
    reader.string(kiosk, "admin_pin", config.adminPin);
    reader.integer(kiosk, "admin_timeout_seconds", config.adminTimeoutSeconds, 5, 3600);

    const auto* display = reader.section("display", {"width", "height", "fullscreen", "image_memory_mb"});
    reader.integer(display, "width", config.width, 0, 16384);
    reader.integer(display, "height", config.height, 0, 16384);
    reader.boolean(display, "fullscreen", config.fullscreen);
    reader.integer(display, "image_memory_mb", config.imageMemoryMb, 16, 16384);

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
