// The table of every key of the kiosk's config file: section, key, the KioskConfig field it
// fills, default, range, unit and meaning. The TOML parser, the validation, the defaults of
// KioskConfig and the README's configuration reference all come from this one table
// (kKioskSettings in config_settings.cpp); tests/core/test_config_settings.cpp fails when the
// README disagrees with it.
//
// Adding a key: add the field to KioskConfig (no initializer), then one row to kKioskSettings.
#pragma once
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace kiosk {

struct KioskConfig;

namespace config {

// The KioskConfig member a setting fills; its type decides how the TOML value is read:
//   int / int64  a whole number within [min, max]
//   bool         true or false
//   string       text (with `choices`: one of them, a small enum)
//   path         text; relative paths resolved against the config file's folder; empty: unset
//   string list  a list of texts
using Field = std::variant<int KioskConfig::*, std::int64_t KioskConfig::*, bool KioskConfig::*,
                           std::string KioskConfig::*, std::filesystem::path KioskConfig::*,
                           std::vector<std::string> KioskConfig::*>;

// A number default, or a text default (strings, paths, choices; for lists: items separated
// by commas, "" for an empty list).
using DefaultValue = std::variant<std::int64_t, bool, std::string_view>;

// An extra rule for a value that was read (strings and paths: the text / resolved path).
// Returns an empty string when the value is acceptable, else the message (without location).
using ValueCheck = std::string (*)(const std::string& value);

struct Setting {
    std::string_view section;          // "kiosk" for [kiosk]
    std::string_view key;
    Field field;
    DefaultValue defaultValue;
    std::int64_t min = 0, max = 0;     // whole numbers only
    std::string_view unit;             // "s", "ms", "bytes", "MiB", "" (none)
    std::string_view meaning;          // one line for the README
    std::span<const std::string_view> choices = {};   // strings: the allowed values (enum)
    ValueCheck check = nullptr;        // strings and paths: extra rule (not called for an empty path)
    std::string_view defaultNote = {}; // README text instead of the default (e.g. "the screen's size")
};

// Every key of the kiosk config, in README order.
std::span<const Setting> kioskSettings();

// Sets every field named in `table` to its default.
void applyDefaults(KioskConfig& config, std::span<const Setting> table);

struct ParseReport {
    std::vector<std::string> errors;     // "file:line:column: message", every one found
    std::vector<std::string> warnings;   // unknown sections and keys, with "did you mean"
};
// Reads TOML text into `config` following `table`. Values with errors keep their defaults.
ParseReport parseSettings(std::string_view text, const std::string& name, const std::filesystem::path& baseDir,
                          std::span<const Setting> table, KioskConfig& config);

// The README's configuration reference: one Markdown table per section.
std::string settingsReferenceMarkdown(std::span<const Setting> table);

// The checks used by the table (exposed for tests and for other tools).
std::string checkHttpUrl(const std::string& url);          // empty, or http:// or https:// and a host
std::string checkChannelName(const std::string& channel);  // letters, digits, '-', '_', '.'
std::string checkListenAddress(const std::string& listen);
std::string checkApiTokenFile(const std::string& path);

} // namespace config
} // namespace kiosk
