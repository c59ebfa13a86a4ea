// One bad fixture per error kind (tests/fixtures/content/bad/<kind>, laid over the good one):
// each problem must name the file and the line a curator has to fix.
#include <doctest/doctest.h>

#include <fstream>

#include "kiosk/core/content_loader.h"
#include "tests/content/content_fixture.h"

using namespace kiosk;
using namespace content_test;

namespace {

struct Expected {
    const char* overlay;
    const char* file;
    int line;
    Severity severity;
    const char* messagePart;
};

const ContentProblem* findProblem(const ContentLoadResult& result, const Expected& expected) {
    for (const auto& problem : result.problems)
        if (problem.file == expected.file && problem.line == expected.line && problem.severity == expected.severity &&
            problem.message.find(expected.messagePart) != std::string::npos)
            return &problem;
    return nullptr;
}

std::string allProblems(const ContentLoadResult& result) {
    std::string out;
    for (const auto& problem : result.problems) out += "  " + problem.toString() + "\n";
    return out;
}

ContentLoadResult loadChecked(const fs::path& folder, long long maxImagePixels = kiosk::limits::kMaxImagePixels) {
    ContentLoadOptions options;
    options.decodeImages = true;
    options.maxImagePixels = maxImagePixels;
    return loadExhibition(folder, options);
}

} // namespace

TEST_SUITE("content") {

TEST_CASE("the good fixture loads without problems") {
    ScratchDir dir("good");
    const auto result = loadChecked(makeExhibition(dir));
    INFO(allProblems(result));
    REQUIRE(result.snapshot);
    CHECK(result.problems.empty());
    CHECK(result.missingTranslations.empty());
    CHECK(result.snapshot->items.size() == 2);
    CHECK(result.snapshot->facts.size() == 1);
    CHECK(result.snapshot->featured.size() == 2);
    CHECK(result.snapshot->findItem("alpha")->factIds == std::vector<std::string>{"revenue"});
}

TEST_CASE("each bad fixture is reported at its file and line") {
    const Expected cases[] = {
        {"json-syntax", "items/alpha/item.json", 3, Severity::Error, "invalid JSON: a comma is missing"},
        {"missing-required", "items/alpha/item.json", 6, Severity::Error, "missing required field 'file'"},
        {"unknown-field", "items/alpha/item.json", 5, Severity::Error, "unknown field 'titel' in an item: did you mean 'title'?"},
        {"duplicate-id", "items/gamma/item.json", 2, Severity::Error, "duplicate item id 'alpha'"},
        {"missing-category", "items/alpha/item.json", 3, Severity::Error, "unknown category 'gamez'"},
        {"missing-image", "items/alpha/item.json", 6, Severity::Error, "missing file: 'nowhere.png'"},
        {"missing-fact", "items/alpha/item.json", 6, Severity::Error, "unknown fact 'no-such-fact'"},
        {"missing-featured", "exhibition.json", 10, Severity::Error, "featured item 'ghost' does not exist"},
        {"undecodable-image", "items/alpha/item.json", 11, Severity::Error, "not a readable JPEG/PNG"},
        {"undeclared-language", "items/alpha/item.json", 4, Severity::Error, "language 'fr' in 'title' is not declared"},
        {"malformed-date", "items/alpha/item.json", 5, Severity::Error, "'available_from' is not a date"},
        {"dotdot-path", "items/alpha/item.json", 6, Severity::Error, "must stay inside the exhibition folder"},
        {"absolute-path", "items/alpha/item.json", 6, Severity::Error, "must stay inside the exhibition folder"},
        {"bad-csv", "facts/revenue.csv", 3, Severity::Error, "'sixteen' is not a number"},
        {"duplicate-key", "items/alpha/item.json", 5, Severity::Warning, "duplicate key '/id'"},
        {"date-order", "items/alpha/item.json", 6, Severity::Error, "'available_until' is before 'available_from'"},
        {"wrong-type", "items/alpha/item.json", 4, Severity::Error, "'title' must be a map of language code to text"},
        {"invalid-utf8", "items/alpha/item.json", 4, Severity::Error, "invalid UTF-8"},
        {"duplicate-id", "items/gamma/item.json", 2, Severity::Warning, "differs from its folder name 'gamma'"},
        {"unnamed-series", "facts/revenue.json", 7, Severity::Warning, "series 'imports' of the CSV has no display name"},
        {"placeholder-link", "items/alpha/item.json", 15, Severity::Warning, "placeholder domain 'www.example.com'"},
        {"progressive-jpeg", "items/alpha/item.json", 11, Severity::Warning, "image 'items/alpha/cover.jpg' is a progressive JPEG"},
    };
    for (const auto& expected : cases) {
        CAPTURE(expected.overlay);
        ScratchDir dir(expected.overlay);
        const auto result = loadChecked(makeExhibition(dir, expected.overlay));
        INFO(allProblems(result));
        CHECK(findProblem(result, expected) != nullptr);
        // The kiosk still has an exhibition to show: one bad file never takes all of it down.
        CHECK(result.snapshot != nullptr);
    }
}

TEST_CASE("the JSON syntax error names line and column, and the item is left out") {
    ScratchDir dir("syntax");
    const auto result = loadChecked(makeExhibition(dir, "json-syntax"));
    REQUIRE(result.snapshot);
    CHECK(result.snapshot->findItem("alpha") == nullptr);
    CHECK(result.snapshot->findItem("beta") != nullptr);
    bool found = false;
    for (const auto& problem : result.problems)
        if (problem.message.find("invalid JSON") != std::string::npos) {
            found = true;
            // At the end of the entry that lacks its comma (line 3), not where the parser noticed (line 4).
            CHECK(problem.toString() == "items/alpha/item.json:3:21: error: invalid JSON: a comma is missing after this "
                                        "entry: add ',' at the end of this line");
        }
    CHECK(found);
}

TEST_CASE("the unknown field that names a known one is an error the kiosk survives") {
    ScratchDir dir("typo");
    const auto result = loadChecked(makeExhibition(dir, "unknown-field"));
    INFO(allProblems(result));
    REQUIRE(result.snapshot);
    CHECK(findProblem(result, {"", "items/alpha/item.json", 5, Severity::Error, "did you mean 'title'?"}));
    CHECK(result.hasErrors());                              // not publishable
    CHECK(result.snapshot->findItem("alpha") != nullptr);   // but the kiosk still shows the item
    CHECK(result.problems.size() == 1);
}

TEST_CASE("soft errors keep the item so the kiosk shows a placeholder, hard errors leave it out") {
    SUBCASE("missing image keeps the item") {
        ScratchDir dir("soft");
        const auto result = loadChecked(makeExhibition(dir, "missing-image"));
        REQUIRE(result.snapshot);
        REQUIRE(result.snapshot->findItem("alpha"));
        CHECK(result.snapshot->findItem("alpha")->images.size() == 1);
        CHECK(result.hasErrors());
    }
    SUBCASE("unknown fact keeps the item without the link") {
        ScratchDir dir("soft-fact");
        const auto result = loadChecked(makeExhibition(dir, "missing-fact"));
        REQUIRE(result.snapshot);
        REQUIRE(result.snapshot->findItem("alpha"));
        CHECK(result.snapshot->findItem("alpha")->factIds.empty());
    }
    SUBCASE("a path leaving the folder drops the item") {
        ScratchDir dir("hard");
        const auto result = loadChecked(makeExhibition(dir, "dotdot-path"));
        REQUIRE(result.snapshot);
        CHECK(result.snapshot->findItem("alpha") == nullptr);
        CHECK(result.snapshot->findItem("beta") != nullptr);
        // The featured list no longer names the item that was left out.
        CHECK(result.snapshot->featured == std::vector<std::string>{"beta"});
    }
}

TEST_CASE("symlinks pointing outside the folder are refused") {
    ScratchDir outside("outside");
    const fs::path secret = outside.path() / "secret.png";
    fs::copy_file(fixturesDir() / "good/items/alpha/cover.png", secret);
    SUBCASE("an image symlink") {
        ScratchDir dir("symlink-image");
        const fs::path folder = makeExhibition(dir, "symlink-out");
        fs::create_symlink(secret, folder / "items/alpha/outside.png");
        const auto result = loadChecked(folder);
        INFO(allProblems(result));
        CHECK(findProblem(result, {"", "items/alpha/item.json", 6, Severity::Error, "symlink pointing outside"}));
        REQUIRE(result.snapshot);
        CHECK(result.snapshot->findItem("alpha") == nullptr);
    }
    SUBCASE("an item folder symlink") {
        ScratchDir dir("symlink-folder");
        const fs::path folder = makeExhibition(dir);
        fs::create_directories(outside.path() / "item");
        fs::copy(fixturesDir() / "bad/duplicate-id/items/gamma/item.json", outside.path() / "item/item.json");
        fs::create_directory_symlink(outside.path() / "item", folder / "items/zeta");
        const auto result = loadChecked(folder);
        INFO(allProblems(result));
        bool found = false;
        for (const auto& problem : result.problems)
            if (problem.file == "items/zeta" && problem.message.find("points outside the exhibition folder") != std::string::npos)
                found = true;
        CHECK(found);
        REQUIRE(result.snapshot);
        CHECK(result.snapshot->items.size() == 2);
    }
    SUBCASE("a symlink inside the folder is fine") {
        ScratchDir dir("symlink-inside");
        const fs::path folder = makeExhibition(dir, "symlink-out");
        fs::create_symlink("cover.png", folder / "items/alpha/outside.png");
        const auto result = loadChecked(folder);
        INFO(allProblems(result));
        CHECK(result.problems.empty());
    }
}

TEST_CASE("images larger than the pixel limit are reported at the line of the image") {
    ScratchDir dir("large");
    const auto result = loadChecked(makeExhibition(dir), 32 * 24 - 1);   // alpha's cover is 32x24
    INFO(allProblems(result));
    CHECK(findProblem(result, {"", "items/alpha/item.json", 11, Severity::Error, "32x24 = 768 pixels, more than the limit of 767"}));
    ScratchDir relaxedDir("large-relaxed");
    const auto relaxed = loadChecked(makeExhibition(relaxedDir), 40 * 20);   // the largest fixture image
    INFO(allProblems(relaxed));
    CHECK(relaxed.problems.empty());
}

TEST_CASE("the kiosk's own load does not decode images") {
    ScratchDir dir("nodecode");
    const auto result = loadExhibition(makeExhibition(dir, "undecodable-image"));
    CHECK(result.problems.empty());
}

TEST_CASE("missing translations are reported with the language they fall back to") {
    ScratchDir dir("translations");
    const auto result = loadChecked(makeExhibition(dir, "missing-translation"));
    REQUIRE(result.snapshot);
    REQUIRE(result.missingTranslations.size() == 1);
    const auto& missing = result.missingTranslations.front();
    CHECK(missing.language == "ar");
    CHECK(missing.file == "items/beta/item.json");
    CHECK(missing.line == 4);
    CHECK(missing.field == "/title");
    CHECK(missing.fallsBackTo == "en");
}

TEST_CASE("exhibition-level problems") {
    SUBCASE("no exhibition.json: nothing to show") {
        ScratchDir dir("empty");
        const auto result = loadExhibition(dir.path());
        CHECK(result.snapshot == nullptr);
        REQUIRE(result.problems.size() == 1);
        CHECK(result.problems[0].message == "missing exhibition.json");
    }
    SUBCASE("a folder that does not exist") {
        const auto result = loadExhibition("/nonexistent/kiosk/folder");
        CHECK(result.snapshot == nullptr);
        CHECK(result.hasErrors());
    }
    SUBCASE("default language and fallback must be declared") {
        ScratchDir dir("languages");
        const fs::path folder = makeExhibition(dir);
        std::ofstream(folder / "exhibition.json") << R"({
  "id": "x",
  "title": {"en": "X"},
  "languages": [{"code": "en", "name": "English"}],
  "default_language": "fr",
  "fallback": {"zh-Hant": ["zh-Hans", "en"]}
})";
        const auto result = loadExhibition(folder);
        INFO(allProblems(result));
        CHECK(findProblem(result, {"", "exhibition.json", 5, Severity::Error, "default language 'fr' is not declared"}));
        CHECK(findProblem(result, {"", "exhibition.json", 6, Severity::Warning, "names 'zh-Hans', which is not declared"}));
        REQUIRE(result.snapshot);
        CHECK(result.snapshot->fallback.defaultLanguage() == "en");
    }
    SUBCASE("deeply nested JSON is refused without crashing") {
        ScratchDir dir("deep");
        const fs::path folder = makeExhibition(dir);
        std::ofstream(folder / "items/alpha/item.json") << std::string(100000, '[') << std::string(100000, ']');
        const auto result = loadExhibition(folder);
        INFO(allProblems(result));
        CHECK(findProblem(result, {"", "items/alpha/item.json", 0, Severity::Error, "nested deeper than"}));
    }
}

} // TEST_SUITE
