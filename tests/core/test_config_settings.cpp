// The settings table: one source for the config's defaults, ranges, checks and README reference.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>

#include "kiosk/core/config_settings.h"
#include "kiosk/core/kiosk_config.h"
#include "tests/support/temp_dir.h"

using namespace kiosk;
namespace fs = std::filesystem;

namespace {

std::string readmeSection() {
    std::ifstream in(fs::path(KIOSK_SOURCE_DIR) / "README.md", std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const std::string readme = text.str();
    const std::string begin = "<!-- settings-reference:begin -->\n", end = "<!-- settings-reference:end -->";
    const auto from = readme.find(begin), to = readme.find(end);
    if (from == std::string::npos || to == std::string::npos || to < from) return "(markers not found in README.md)";
    return readme.substr(from + begin.size(), to - from - begin.size());
}

void writeToken(const fs::path& file, const std::string& token, fs::perms perms) {
    std::ofstream(file) << token << "\n";
    fs::permissions(file, perms);
}

} // namespace

TEST_SUITE("core.config_settings") {

TEST_CASE("the README's configuration reference is the settings table") {
    const std::string expected = config::settingsReferenceMarkdown(config::kioskSettings());
    const std::string actual = readmeSection();
    if (actual != expected) std::ofstream("settings-reference.md", std::ios::binary) << expected;
    INFO("README.md, between <!-- settings-reference:begin --> and <!-- settings-reference:end -->, must be the "
         "text written to settings-reference.md in the test's working folder:\n",
         expected);
    CHECK(actual == expected);
}

TEST_CASE("every key of the table is unique, has a meaning, and its default is within its range") {
    const KioskConfig defaults;
    std::vector<std::string> seen;
    for (const config::Setting& s : config::kioskSettings()) {
        const std::string name = std::string(s.section) + "." + std::string(s.key);
        INFO(name);
        CHECK(std::find(seen.begin(), seen.end(), name) == seen.end());
        seen.push_back(name);
        CHECK_FALSE(s.meaning.empty());
        if (const auto* number = std::get_if<std::int64_t>(&s.defaultValue)) {
            CHECK(s.min <= *number);
            CHECK(*number <= s.max);
        }
    }
    // Defaults reach the struct (spot checks of each kind).
    CHECK(defaults.idleTimeoutSeconds == 60);
    CHECK(defaults.idleCountdownSeconds == 10);
    CHECK(defaults.adminPin == "2468");
    CHECK(defaults.fullscreen);
    CHECK(defaults.syncChannel == "stable");
    CHECK(defaults.syncMaxBytes == 8LL * 1024 * 1024 * 1024);
    CHECK(defaults.apiListen == "127.0.0.1:8765");
    CHECK(defaults.tags.empty());
    CHECK(defaults.apiTokenFile.empty());
    CHECK(&kioskConfigDefaults() == &kioskConfigDefaults());
}

TEST_CASE("every error is reported in one run, each with file:line:column") {
    const auto config = parseKioskConfig("[kiosk]\n"
                                         "idle_timeout_seconds = 1\n"
                                         "admin_pin = 42\n"
                                         "[sync]\n"
                                         "url = \"ftp://example.org\"\n"
                                         "channel = \"../etc\"\n"
                                         "[api]\n"
                                         "listen = \"0.0.0.0:99999\"\n"
                                         "max_connections = 0\n",
                                         "k.toml", "/");
    REQUIRE_FALSE(config.ok());
    const std::string& errors = config.error();
    CHECK(errors.find("k.toml:2:24: [kiosk] 'idle_timeout_seconds' must be between 5 and 3600") != std::string::npos);
    CHECK(errors.find("k.toml:3:13: [kiosk] 'admin_pin' must be a string") != std::string::npos);
    CHECK(errors.find("k.toml:5:7: [sync] 'url' must start with http:// or https://") != std::string::npos);
    CHECK(errors.find("k.toml:6:11: [sync] 'channel' must contain only letters") != std::string::npos);
    CHECK(errors.find("k.toml:8:10: [api] 'listen' listen address '0.0.0.0:99999'") != std::string::npos);
    CHECK(errors.find("k.toml:9:19: [api] 'max_connections' must be between 1 and 256") != std::string::npos);
    CHECK(std::count(errors.begin(), errors.end(), '\n') == 5);
}

TEST_CASE("unknown sections and keys are warnings with a suggestion when one is close") {
    const auto config = parseKioskConfig("[kiosk]\nidle_timout_seconds = 30\nzzz = 1\n[dispaly]\nwidth = 5\n", "k.toml", "/");
    REQUIRE(config.ok());
    REQUIRE(config->warnings.size() == 3);
    CHECK(config->warnings[0] == "k.toml:2:23: unknown key 'idle_timout_seconds' in [kiosk] (did you mean 'idle_timeout_seconds'?)");
    CHECK(config->warnings[1] == "k.toml:3:7: unknown key 'zzz' in [kiosk]");
    CHECK(config->warnings[2].find("unknown section or key 'dispaly' (did you mean 'display'?)") != std::string::npos);
    CHECK(config->idleTimeoutSeconds == 60);
}

TEST_CASE("[sync] url and channel are checked when the config is read") {
    CHECK(parseKioskConfig("[sync]\nurl = \"https://example.org/expo\"\nchannel = \"beta-2\"\n", "k.toml", "/").ok());
    CHECK(parseKioskConfig("[sync]\nurl = \"http://10.0.0.1:8080\"\n", "k.toml", "/").ok());
    CHECK_FALSE(parseKioskConfig("[sync]\nurl = \"https://\"\n", "k.toml", "/").ok());
    CHECK_FALSE(parseKioskConfig("[sync]\nurl = \"example.org\"\n", "k.toml", "/").ok());
    CHECK_FALSE(parseKioskConfig("[sync]\nchannel = \"\"\n", "k.toml", "/").ok());
    CHECK_FALSE(parseKioskConfig("[sync]\nchannel = \"a/b\"\n", "k.toml", "/").ok());
    CHECK_FALSE(parseKioskConfig("[sync]\nchannel = \"..\"\n", "k.toml", "/").ok());
}

TEST_CASE("[api] token_file must exist, be private (0600) and hold a token of the right length") {
    kiosk::testing::TempDir dir;
    const auto owner = fs::perms::owner_read | fs::perms::owner_write;
    writeToken(dir.path / "good", "0123456789abcdef0123", owner);
    writeToken(dir.path / "readable", "0123456789abcdef0123", owner | fs::perms::group_read | fs::perms::others_read);
    writeToken(dir.path / "short", "abc", owner);
    auto parse = [&](const std::string& file) {
        return parseKioskConfig("[api]\ntoken_file = \"" + file + "\"\n", "k.toml", dir.path);
    };
    auto good = parse("good");
    REQUIRE_MESSAGE(good.ok(), (good.ok() ? "" : good.error()));
    CHECK(good->apiTokenFile == dir.path / "good");
    auto readable = parse("readable");
    REQUIRE_FALSE(readable.ok());
    CHECK(readable.error().find("k.toml:2:14: [api] 'token_file'") == 0);
    CHECK(readable.error().find("chmod 600") != std::string::npos);
    auto shortToken = parse("short");
    REQUIRE_FALSE(shortToken.ok());
    CHECK(shortToken.error().find("at least 16 characters") != std::string::npos);
    auto missing = parse("missing");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().find("not found") != std::string::npos);
    CHECK(parseKioskConfig("[api]\ntoken_file = \"\"\n", "k.toml", dir.path).ok());   // empty: API off
}

TEST_CASE("the table can express a small enum, a string list and an optional path") {
    // A test-only table over existing fields: the kinds future keys will need.
    static constexpr std::array<std::string_view, 3> kRenderers{"auto", "software", "gpu"};
    const config::Setting table[] = {
        {"display", "renderer", &KioskConfig::syncChannel, std::string_view("auto"), 0, 0, "", "enum", kRenderers},
        {"display", "names", &KioskConfig::tags, std::string_view("a,b"), 0, 0, "", "list"},
        {"display", "key_file", &KioskConfig::syncCaFile, std::string_view(""), 0, 0, "", "optional path"},
    };
    KioskConfig config;
    config::applyDefaults(config, table);
    CHECK(config.syncChannel == "auto");
    CHECK(config.tags == std::vector<std::string>{"a", "b"});
    CHECK(config.syncCaFile.empty());

    auto report = config::parseSettings("[display]\nrenderer = \"gpu\"\nnames = [\"x\"]\nkey_file = \"k.pub\"\n", "t.toml",
                                        "/etc", table, config);
    CHECK(report.errors.empty());
    CHECK(config.syncChannel == "gpu");
    CHECK(config.tags == std::vector<std::string>{"x"});
    CHECK(config.syncCaFile == "/etc/k.pub");

    report = config::parseSettings("[display]\nrenderer = \"sofware\"\nnames = [1]\n", "t.toml", "/etc", table, config);
    REQUIRE(report.errors.size() == 2);
    CHECK(report.errors[0] ==
          "t.toml:2:12: [display] 'renderer' must be one of 'auto', 'software', 'gpu' (did you mean 'software'?)");
    CHECK(report.errors[1] == "t.toml:3:10: [display] 'names' must contain only strings");
    CHECK(config.syncChannel == "gpu");   // a bad value keeps the previous one

    const std::string markdown = config::settingsReferenceMarkdown(table);
    CHECK(markdown.find("| `renderer` | `\"auto\"` | `auto`, `software`, `gpu` |") != std::string::npos);
    CHECK(markdown.find("| `names` | `[\"a\", \"b\"]` | list of strings |") != std::string::npos);
    CHECK(markdown.find("| `key_file` | (unset) | path |") != std::string::npos);
}

}
