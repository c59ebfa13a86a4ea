#include "kiosk/core/config_settings.h"

#include <algorithm>
#include <set>

#include <toml++/toml.h>

#include "kiosk/core/admin_pin.h"
#include "kiosk/core/api_settings.h"
#include "kiosk/core/kiosk_config.h"
#include "kiosk/core/suggest.h"
#include "kiosk/core/sync_limits.h"

namespace kiosk::config {
namespace {

using KC = KioskConfig;
constexpr std::int64_t kKiB = 1024, kMiB = 1024 * kKiB, kGiB = 1024 * kMiB;

std::string checkAdminPin(const std::string& pin) { return adminPinFormatError(pin); }
std::string checkAdminPinHash(const std::string& hash) {
    return hash.empty() || looksLikeArgon2idHash(hash) ? "" : "must be an Argon2id hash from `kiosk --hash-pin -`";
}


// clang-format off
// section    key                           field                              default                   min   max                        unit      meaning
const Setting kTable[] = {
    {"kiosk", "id",                      &KC::kioskId,              std::string_view("kiosk"), 0, 0, "", "shown in status and logs"},
    {"kiosk", "tags",                    &KC::tags,                 std::string_view(""),      0, 0, "", "targeting: items with `kiosk_tags` show only on kiosks with one of these"},
    {"kiosk", "content_dir",             &KC::contentDir,           std::string_view(""),      0, 0, "", "the exhibition shown when no release is installed", {}, nullptr, "the bundled exhibition"},
    {"kiosk", "data_dir",                &KC::dataDir,              std::string_view(""),      0, 0, "", "releases, event log, state", {}, nullptr, "the platform's data folder"},
    {"kiosk", "default_language",        &KC::defaultLanguage,      std::string_view(""),      0, 0, "", "language of the attract loop", {}, nullptr, "the exhibition's default"},
    {"kiosk", "idle_timeout_seconds",    &KC::idleTimeoutSeconds,   std::int64_t{60},          5, 3600, "s", "no touch for this long: \"still there?\""},
    {"kiosk", "idle_countdown_seconds",  &KC::idleCountdownSeconds, std::int64_t{10},          1, 120, "s", "then back to the attract loop after this countdown"},
    {"kiosk", "admin_pin",               &KC::adminPin,             std::string_view("2468"),  0, 0, "", "technician PIN in plain text (4-12 digits; the default is public and warned about); prefer `admin_pin_hash`", {}, checkAdminPin},
    {"kiosk", "admin_pin_hash",          &KC::adminPinHash,         std::string_view(""),      0, 0, "", "technician PIN as an Argon2id hash from `kiosk --hash-pin -`", {}, checkAdminPinHash},
    {"kiosk", "admin_timeout_seconds",   &KC::adminTimeoutSeconds,  std::int64_t{60},          5, 3600, "s", "the technician overlay closes and locks after this without a touch"},

    {"display", "width",                 &KC::width,                std::int64_t{0},           0, 16384, "px", "window or screen width; 0: the screen's own size"},
    {"display", "height",                &KC::height,               std::int64_t{0},           0, 16384, "px", "window or screen height; 0: the screen's own size"},
    {"display", "fullscreen",            &KC::fullscreen,           true,                      0, 0, "", "fullscreen, else a window"},
    {"display", "rotation",              &KC::rotationDegrees,      std::int64_t{0},           0, 270, "degrees", "the panel is mounted turned clockwise by 0, 90, 180 or 270"},
    {"display", "image_memory_mb",       &KC::imageMemoryMb,        std::int64_t{256},         16, 16384, "MiB", "decoded images kept in memory, least recently used evicted (sized for a 2 GB board)"},
    {"display", "cec_device",            &KC::cecDevice,            std::string_view("/dev/cec0"), 0, 0, "", "HDMI-CEC adapter: the screen goes to standby outside the opening hours and on again; \"\" off"},

    {"sync", "url",                      &KC::syncUrl,              std::string_view(""),      0, 0, "", "release server (`http://` or `https://`); sync is off when empty", {}, checkHttpUrl},
    {"sync", "public_key",               &KC::syncPublicKey,        std::string_view(""),      0, 0, "", "file of the publisher's public key(s), one a line (`release.pub`); sync is off when empty"},
    {"sync", "channel",                  &KC::syncChannel,          std::string_view("stable"), 0, 0, "", "release channel this kiosk follows (letters, digits, `-`, `_`, `.`)", {}, checkChannelName},
    {"sync", "interval_seconds",         &KC::syncIntervalSeconds,  std::int64_t{300},         10, 7 * 24 * 3600, "s", "time between sync cycles (±20 % jitter)"},
    {"sync", "max_files",                &KC::syncMaxFiles,         std::int64_t{20000},       1, 100000, "files", "largest release accepted, in files"},
    {"sync", "max_bytes",                &KC::syncMaxBytes,         8 * kGiB,                  1, std::int64_t{1} << 50, "bytes", "largest release accepted"},
    {"sync", "max_object_bytes",         &KC::syncMaxObjectBytes,   1 * kGiB,                  1, std::int64_t{1} << 50, "bytes", "largest single file accepted"},
    {"sync", "low_speed_bytes_per_second", &KC::syncLowSpeedBytesPerSecond, std::int64_t{1024}, 0, std::int64_t{1} << 30, "bytes/s", "a download slower than this ..."},
    {"sync", "low_speed_seconds",        &KC::syncLowSpeedSeconds,  std::int64_t{30},          1, 3600, "s", "... for this long is aborted"},
    {"sync", "parallel_downloads",       &KC::syncParallelDownloads, std::int64_t{4},          1, sync_limits::kMaxParallelDownloads, "files", "files downloaded at once"},
    {"sync", "ca_file",                  &KC::syncCaFile,           std::string_view(""),      0, 0, "", "CA bundle for `https`", {}, nullptr, "the system CA store"},
    {"sync", "pinned_public_key",        &KC::syncPinnedPublicKey,  std::string_view(""),      0, 0, "", "libcurl pin `sha256//BASE64`; empty: no pinning"},
    {"sync", "connect_timeout_seconds",  &KC::syncConnectTimeoutSeconds, std::int64_t{15},     1, 300, "s", "give up connecting after this long"},
    {"sync", "reserve_mb",               &KC::syncReserveMb,        std::int64_t{sync_limits::kDefaultReserveMb}, 0, 1 << 20, "MiB", "free space a download must leave (event log, system)"},
    {"sync", "min_average_bytes_per_second", &KC::syncMinAverageBytesPerSecond, std::int64_t{sync_limits::kDefaultMinAverageBytesPerSecond}, 0, std::int64_t{1} << 30, "bytes/s", "whole-object deadline: 60 s + size / this; 0: none"},

    {"api", "listen",                    &KC::apiListen,            std::string_view("127.0.0.1:8765"), 0, 0, "", "`host:port` of the HTTP API (`0.0.0.0:8765`: reachable from the network)", {}, checkListenAddress},
    {"api", "token_file",                &KC::apiTokenFile,         std::string_view(""),      0, 0, "", "bearer token: one line of 16 to 4096 characters, mode 0600; the API is off when empty", {}, checkApiTokenFile},
    {"api", "max_request_bytes",         &KC::apiMaxRequestBytes,   64 * kKiB,                 1024, 64 * kMiB, "bytes", "largest body (`POST /v1/sync`); more get 413 before it is read"},
    {"api", "max_requests_per_minute",   &KC::apiMaxRequestsPerMinute, std::int64_t{600},      1, 1000000, "requests/min", "anonymous requests and failed tokens per client address; more get 429 (requests with the token are never counted)"},
    {"api", "max_connections",           &KC::apiMaxConnections,    std::int64_t{4},           1, 256, "connections", "requests with the token handled at once; more wait their turn"},
    {"api", "tls_cert",                  &KC::apiTlsCert,           std::string_view(""),      0, 0, "", "PEM certificate: with `tls_key`, the API speaks HTTPS only (`kiosk --make-api-cert DIR` makes a pair)"},
    {"api", "tls_key",                   &KC::apiTlsKey,            std::string_view(""),      0, 0, "", "PEM private key of `tls_cert`, mode 0600"},

    {"log", "retention_days",            &KC::logRetentionDays,     std::int64_t{180},         1, 3650, "days", "pulled events older than this are deleted"},
    {"log", "max_database_mb",           &KC::logMaxDatabaseMb,     std::int64_t{512},         1, 1024 * 1024, "MiB", "event database on disk, its WAL included: over this, pulled events go first, unpulled ones last (recorded)"},
    {"log", "batch_ms",                  &KC::logBatchMs,           std::int64_t{250},         10, 10000, "ms", "the writer commits at least this often: a power cut loses at most this window"},
    {"log", "batch_events",              &KC::logBatchEvents,       std::int64_t{256},         1, 100000, "events", "... or after this many events"},
};
// clang-format on

std::vector<std::string> splitList(std::string_view text) {
    std::vector<std::string> items;
    while (!text.empty()) {
        const auto comma = text.find(',');
        items.emplace_back(text.substr(0, comma));
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return items;
}

std::string where(const std::string& name, const toml::source_position& position) {
    return name + ":" + std::to_string(position.line) + ":" + std::to_string(position.column);
}

// Messages in file order (toml++ iterates tables in key order).
struct Positioned {
    toml::source_position position;
    std::string message;
};
std::vector<std::string> inFileOrder(std::vector<Positioned> messages) {
    std::stable_sort(messages.begin(), messages.end(), [](const Positioned& a, const Positioned& b) {
        return a.position.line != b.position.line ? a.position.line < b.position.line : a.position.column < b.position.column;
    });
    std::vector<std::string> out;
    for (auto& m : messages) out.push_back(std::move(m.message));
    return out;
}

class Reader {
public:
    Reader(const std::string& name, const std::filesystem::path& baseDir, std::vector<Positioned>& errors)
        : name_(name), baseDir_(baseDir), errors_(errors) {}

    void read(const Setting& setting, const toml::node& node, KioskConfig& config) {
        std::visit([&](auto member) { readInto(setting, node, config.*member); }, setting.field);
    }

private:
    void fail(const toml::node& node, const Setting& setting, const std::string& message) {
        errors_.push_back({node.source().begin, where(name_, node.source().begin) + ": [" +
                                                    std::string(setting.section) + "] '" + std::string(setting.key) +
                                                    "' " + message});
    }
    template <class Int>
    void readInto(const Setting& s, const toml::node& node, Int& out)
        requires std::is_integral_v<Int> && (!std::is_same_v<Int, bool>) {
        // is_integer() first: converting a float node (inf, nan, 1e300) to an integer is not asked.
        const auto value = node.is_integer() ? node.value<std::int64_t>() : std::nullopt;
        if (!value) return fail(node, s, "must be a whole number");
        if (*value < s.min || *value > s.max)
            return fail(node, s, "must be between " + std::to_string(s.min) + " and " + std::to_string(s.max));
        out = static_cast<Int>(*value);
    }
    void readInto(const Setting& s, const toml::node& node, bool& out) {
        if (!node.is_boolean()) return fail(node, s, "must be true or false");
        out = *node.value<bool>();
    }
    bool text(const Setting& s, const toml::node& node, std::string& out) {
        if (!node.is_string()) { fail(node, s, "must be a string"); return false; }
        out = *node.value<std::string>();
        return true;
    }
    bool passes(const Setting& s, const toml::node& node, const std::string& value) {
        if (!s.choices.empty() && std::find(s.choices.begin(), s.choices.end(), value) == s.choices.end()) {
            std::string allowed;
            for (const auto choice : s.choices) allowed += (allowed.empty() ? "'" : ", '") + std::string(choice) + "'";
            std::string message = "must be one of " + allowed;
            if (const auto close = closestMatch(value, s.choices); !close.empty())
                message += " (did you mean '" + std::string(close) + "'?)";
            fail(node, s, message);
            return false;
        }
        if (s.check && !(value.empty() && std::holds_alternative<std::filesystem::path KioskConfig::*>(s.field))) {
            if (const std::string problem = s.check(value); !problem.empty()) { fail(node, s, problem); return false; }
        }
        return true;
    }
    void readInto(const Setting& s, const toml::node& node, std::string& out) {
        std::string value;
        if (text(s, node, value) && passes(s, node, value)) out = std::move(value);
    }
    void readInto(const Setting& s, const toml::node& node, std::filesystem::path& out) {
        std::string value;
        if (!text(s, node, value)) return;
        std::filesystem::path path;
        if (!value.empty()) path = std::filesystem::path(value).is_absolute() ? std::filesystem::path(value) : baseDir_ / value;
        if (passes(s, node, path.string())) out = std::move(path);
    }
    void readInto(const Setting& s, const toml::node& node, std::vector<std::string>& out) {
        const toml::array* array = node.as_array();
        if (!array) return fail(node, s, "must be a list of strings");
        std::vector<std::string> values;
        bool good = true;
        for (const auto& element : *array) {
            if (!element.is_string()) { fail(element, s, "must contain only strings"); good = false; continue; }
            values.push_back(*element.value<std::string>());
            if (!passes(s, element, values.back())) good = false;
        }
        if (good) out = std::move(values);
    }

    const std::string& name_;
    const std::filesystem::path& baseDir_;
    std::vector<Positioned>& errors_;
};

struct DefaultSetter {
    const Setting& setting;
    void operator()(auto member, KioskConfig& config) const { assign(config.*member); }

    template <class Int>
    void assign(Int& out) const requires std::is_integral_v<Int> && (!std::is_same_v<Int, bool>) {
        out = static_cast<Int>(std::get<std::int64_t>(setting.defaultValue));
    }
    void assign(bool& out) const { out = std::get<bool>(setting.defaultValue); }
    void assign(std::string& out) const { out = std::string(std::get<std::string_view>(setting.defaultValue)); }
    void assign(std::filesystem::path& out) const { out = std::get<std::string_view>(setting.defaultValue); }
    void assign(std::vector<std::string>& out) const { out = splitList(std::get<std::string_view>(setting.defaultValue)); }
};

std::string withThousands(std::int64_t value) {
    std::string digits = std::to_string(value < 0 ? -value : value), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return (value < 0 ? "-" : "") + out;
}

std::string defaultText(const Setting& s) {
    if (!s.defaultNote.empty()) return std::string(s.defaultNote);
    return std::visit(
        [&](const auto& value) -> std::string {
            using V = std::decay_t<decltype(value)>;
            if constexpr (std::is_same_v<V, bool>) return value ? "`true`" : "`false`";
            else if constexpr (std::is_same_v<V, std::int64_t>) {
                std::string text = "`" + std::to_string(value) + "`";
                if (s.unit == "bytes" && value >= kGiB && value % kGiB == 0) text += " (" + std::to_string(value / kGiB) + " GiB)";
                else if (s.unit == "bytes" && value >= kKiB && value % kKiB == 0 && value < kGiB) text += " (" + std::to_string(value / kKiB) + " KiB)";
                return text;
            }
            else {
                if (std::holds_alternative<std::vector<std::string> KioskConfig::*>(s.field)) {
                    std::string list;
                    for (const auto& item : splitList(value)) list += (list.empty() ? "\"" : ", \"") + item + "\"";
                    return "`[" + list + "]`";
                }
                if (value.empty()) return "(unset)";
                return "`\"" + std::string(value) + "\"`";
            }
        },
        s.defaultValue);
}

std::string rangeText(const Setting& s) {
    if (std::holds_alternative<int KioskConfig::*>(s.field) || std::holds_alternative<std::int64_t KioskConfig::*>(s.field))
        return withThousands(s.min) + " – " + withThousands(s.max);
    if (std::holds_alternative<bool KioskConfig::*>(s.field)) return "`true`, `false`";
    if (!s.choices.empty()) {
        std::string list;
        for (const auto choice : s.choices) list += (list.empty() ? "`" : ", `") + std::string(choice) + "`";
        return list;
    }
    if (std::holds_alternative<std::filesystem::path KioskConfig::*>(s.field)) return "path";
    if (std::holds_alternative<std::vector<std::string> KioskConfig::*>(s.field)) return "list of strings";
    return "string";
}

} // namespace

std::span<const Setting> kioskSettings() { return kTable; }

void applyDefaults(KioskConfig& config, std::span<const Setting> table) {
    for (const Setting& setting : table)
        std::visit([&](auto member) { DefaultSetter{setting}(member, config); }, setting.field);
}

ParseReport parseSettings(std::string_view text, const std::string& name, const std::filesystem::path& baseDir,
                          std::span<const Setting> table, KioskConfig& config) {
    ParseReport report;
    toml::table root;
    try {
        root = toml::parse(text, name);
    } catch (const toml::parse_error& e) {
        report.errors.push_back(where(name, e.source().begin) + ": " + std::string(e.description()));
        return report;
    } catch (const std::exception& e) {   // anything else toml++ may throw: an error, never a terminate
        report.errors.push_back(name + ": " + e.what());
        return report;
    }
    std::vector<std::string_view> sections;
    for (const Setting& s : table)
        if (std::find(sections.begin(), sections.end(), s.section) == sections.end()) sections.push_back(s.section);

    std::vector<Positioned> errors, warnings;
    Reader reader(name, baseDir, errors);
    for (const auto& [sectionKey, sectionNode] : root) {
        const std::string_view section = sectionKey.str();
        if (std::find(sections.begin(), sections.end(), section) == sections.end()) {
            std::string message = where(name, sectionNode.source().begin) + ": unknown section or key '" +
                                  std::string(section) + "'";
            if (const auto close = closestMatch(section, sections); !close.empty())
                message += " (did you mean '" + std::string(close) + "'?)";
            warnings.push_back({sectionNode.source().begin, std::move(message)});
            continue;
        }
        const toml::table* values = sectionNode.as_table();
        if (!values) {
            errors.push_back({sectionNode.source().begin,
                              where(name, sectionNode.source().begin) + ": [" + std::string(section) + "] must be a table"});
            continue;
        }
        std::vector<std::string_view> keys;
        for (const Setting& s : table)
            if (s.section == section) keys.push_back(s.key);
        for (const auto& [key, node] : *values) {
            const std::string_view keyText = key.str();   // (clang 14 cannot capture a structured binding)
            const auto row = std::find_if(table.begin(), table.end(),
                                          [&](const Setting& s) { return s.section == section && s.key == keyText; });
            if (row != table.end()) { reader.read(*row, node, config); continue; }
            if (section == "display" && key.str() == "schedule") continue;   // [display.schedule]: kiosk_config.cpp
            std::string message = where(name, node.source().begin) + ": unknown key '" + std::string(key.str()) +
                                  "' in [" + std::string(section) + "]";
            if (const auto close = closestMatch(key.str(), keys); !close.empty())
                message += " (did you mean '" + std::string(close) + "'?)";
            warnings.push_back({node.source().begin, std::move(message)});
        }
    }
    report.errors = inFileOrder(std::move(errors));
    report.warnings = inFileOrder(std::move(warnings));
    return report;
}

std::string settingsReferenceMarkdown(std::span<const Setting> table) {
    std::string out;
    std::string_view section;
    for (const Setting& s : table) {
        if (s.section != section) {
            if (!section.empty()) out += "\n";
            section = s.section;
            out += "`[" + std::string(section) + "]`\n\n";
            out += "| Key | Default | Range | Unit | Meaning |\n";
            out += "|---|---|---|---|---|\n";
        }
        out += "| `" + std::string(s.key) + "` | " + defaultText(s) + " | " + rangeText(s) + " | " +
               std::string(s.unit) + " | " + std::string(s.meaning) + " |\n";
    }
    return out;
}

std::string checkHttpUrl(const std::string& url) {
    if (url.empty()) return {};   // sync off
    for (const std::string_view scheme : {"http://", "https://"})
        if (url.rfind(scheme, 0) == 0) {
            const std::string rest = url.substr(scheme.size());
            if (rest.empty() || rest[0] == '/') return "must name a host after " + std::string(scheme);
            if (rest.find_first_of(" \t\r\n") != std::string::npos) return "must not contain spaces";
            return {};
        }
    return "must start with http:// or https:// (got '" + url + "')";
}

std::string checkChannelName(const std::string& channel) {
    if (channel.empty()) return "must not be empty";
    if (channel.size() > 64) return "must be at most 64 characters";
    if (channel == "." || channel == "..") return "must be a plain name like 'stable'";
    for (const char c : channel) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                           c == '_' || c == '.';
        if (!plain) return "must contain only letters, digits, '-', '_' and '.' (like 'stable')";
    }
    return {};
}

std::string checkListenAddress(const std::string& listen) {
    auto address = parseListenAddress(listen);
    return address ? std::string() : address.error();
}

std::string checkApiTokenFile(const std::string& path) {
    auto token = loadApiToken(path);
    return token ? std::string() : token.error();
}

} // namespace kiosk::config
