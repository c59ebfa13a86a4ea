// kiosk-publish check, run as curators run it: exit codes, file:line output, --json, and the
// bundled sample exhibition passing with zero missing translations.
#include <doctest/doctest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "tests/content/content_fixture.h"
#include "tests/support/process.h"

using kiosk::testing::ProcessResult;
using kiosk::testing::runShell;
using kiosk::testing::shellQuoted;

using namespace content_test;

namespace {
ProcessResult check(const std::string& arguments, bool withStderr = false) {
    return runShell(shellQuoted(KIOSK_PUBLISH_EXE) + " check " + arguments + (withStderr ? " 2>&1" : " 2>/dev/null"));
}
} // namespace

TEST_SUITE("content") {

TEST_CASE("check: a good folder is publishable (exit 0)") {
    ScratchDir dir("check-good");
    const auto folder = makeExhibition(dir);
    const auto result = check(shellQuoted(folder.string()));
    INFO(result.output);
    CHECK(result.exitCode == 0);
    CHECK(result.output.find("0 errors, 0 warnings: publishable") != std::string::npos);
    CHECK(result.output.find("ar       العربية: complete") != std::string::npos);
}

TEST_CASE("check: warnings alone still publish, errors exit 1 with file:line") {
    ScratchDir dir("check-bad");
    SUBCASE("warning") {
        const auto folder = makeExhibition(dir);
        std::string text;
        {
            std::ifstream in(folder / "items/alpha/item.json");
            text.assign(std::istreambuf_iterator<char>(in), {});
        }
        text.replace(text.find("\"link\""), 6, "\"homepage-link\"");
        std::ofstream(folder / "items/alpha/item.json") << text;
        const auto result = check(shellQuoted(folder.string()));
        INFO(result.output);
        CHECK(result.exitCode == 0);
        CHECK(result.output.find((folder / "items/alpha/item.json").string() +
                                 ":15:3: warning: unknown field 'homepage-link' in an item is ignored") != std::string::npos);
    }
    SUBCASE("a typo of a known field is an error") {
        const auto folder = makeExhibition(dir, "unknown-field");
        const auto result = check(shellQuoted(folder.string()));
        INFO(result.output);
        CHECK(result.exitCode == 1);
        CHECK(result.output.find((folder / "items/alpha/item.json").string() +
                                 ":5:3: error: unknown field 'titel' in an item: did you mean 'title'?") != std::string::npos);
    }
    SUBCASE("error") {
        const auto folder = makeExhibition(dir, "missing-category");
        const auto result = check(shellQuoted(folder.string()));
        INFO(result.output);
        CHECK(result.exitCode == 1);
        CHECK(result.output.find((folder / "items/alpha/item.json").string() + ":3:3: error: unknown category 'gamez'") !=
              std::string::npos);
        CHECK(result.output.find("NOT publishable") != std::string::npos);
    }
    SUBCASE("translation report names the fallback") {
        const auto folder = makeExhibition(dir, "missing-translation");
        const auto result = check(shellQuoted(folder.string()));
        INFO(result.output);
        CHECK(result.exitCode == 0);
        CHECK(result.output.find("ar       العربية: 1 text missing") != std::string::npos);
        CHECK(result.output.find("items/beta/item.json:4: /title shows the en text") != std::string::npos);
    }
    SUBCASE("--max-image-pixels") {
        const auto folder = makeExhibition(dir);
        CHECK(check(shellQuoted(folder.string()) + " --max-image-pixels 100").exitCode == 1);
        CHECK(check(shellQuoted(folder.string()) + " --max-image-pixels 1000000").exitCode == 0);
    }
}

TEST_CASE("check --json gives the same findings") {
    ScratchDir dir("check-json");
    const auto folder = makeExhibition(dir, "missing-category");
    const auto result = check(shellQuoted(folder.string()) + " --json");
    CHECK(result.exitCode == 1);
    const auto doc = nlohmann::json::parse(result.output);
    CHECK(doc["publishable"] == false);
    CHECK(doc["errors"].get<int>() >= 1);
    bool found = false;
    for (const auto& problem : doc["problems"])
        if (problem["line"] == 3 && problem["severity"] == "error" &&
            problem["file"] == (folder / "items/alpha/item.json").string())
            found = true;
    CHECK(found);
    REQUIRE(doc["translations"].size() == 3);
    CHECK(doc["translations"][0]["language"] == "en");
}

TEST_CASE("check: usage errors exit 2") {
    CHECK(check("").exitCode == 2);
    CHECK(check("--bogus-option .").exitCode == 2);
    CHECK(check("/nonexistent/folder").exitCode == 2);
    CHECK(check(". --max-image-pixels").exitCode == 2);
    CHECK(check(". --max-image-pixels lots").exitCode == 2);
    CHECK(check("a b").exitCode == 2);
    const auto help = check("--help");
    CHECK(help.exitCode == 0);
    CHECK(help.output.find("usage: kiosk-publish check SRC") != std::string::npos);
}

TEST_CASE("the sample exhibition in content/ passes with zero missing translations") {
    const std::string content = std::string(KIOSK_SOURCE_DIR) + "/content";
    const auto result = check(shellQuoted(content) + " --json");
    INFO(result.output.substr(0, 4000));
    CHECK(result.exitCode == 0);
    const auto doc = nlohmann::json::parse(result.output, nullptr, false);
    REQUIRE_FALSE(doc.is_discarded());
    CHECK(doc["publishable"] == true);
    CHECK(doc["translations"].size() >= 8);
    for (const auto& language : doc["translations"]) {
        CAPTURE(language["language"].get<std::string>());
        CHECK(language["missing"].empty());
    }
}

} // TEST_SUITE
