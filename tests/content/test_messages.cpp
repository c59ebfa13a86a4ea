// Messages for curators: one test per message, with its exact text. Each names the file, the
// line of the mistake (not the line where a parser noticed it), what is wrong and how to fix
// it, and comes alone: no follow-on messages about things that only failed because of it.
#include <doctest/doctest.h>

#include <fstream>

#include "kiosk/core/content_loader.h"
#include "tests/content/content_fixture.h"

using namespace kiosk;
using namespace content_test;

namespace {

std::string readText(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void writeText(const fs::path& file, const std::string& text) { std::ofstream(file, std::ios::binary) << text; }

// Replaces the first `from` in a file of the exhibition by `to`.
void edit(const fs::path& folder, const std::string& file, const std::string& from, const std::string& to) {
    std::string text = readText(folder / file);
    const auto at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, file << " has no '" << from << "'");
    text.replace(at, from.size(), to);
    writeText(folder / file, text);
}

std::vector<std::string> messages(const ContentLoadResult& result) {
    std::vector<std::string> out;
    for (const auto& problem : result.problems) out.push_back(problem.toString());
    return out;
}

ContentLoadResult check(const fs::path& folder) {
    ContentLoadOptions options;
    options.decodeImages = true;
    return loadExhibition(folder, options);
}

using Lines = std::vector<std::string>;

} // namespace

TEST_SUITE("content.messages") {

TEST_CASE("a comma after the last entry is reported at that comma, alone") {
    ScratchDir dir("trailing-comma");
    const auto folder = makeExhibition(dir);
    edit(folder, "items/alpha/item.json", "\"kiosk_tags\": []", "\"kiosk_tags\": [],");
    const auto result = check(folder);
    CHECK(messages(result) == Lines{"items/alpha/item.json:20:19: error: invalid JSON: a comma after the last entry, "
                                    "before '}': remove this comma (JSON allows no comma before a closing bracket)"});
    REQUIRE(result.snapshot);
    // Alpha is featured and left out: its own error says why, no "featured item does not exist".
    REQUIRE(result.brokenItems.size() == 1);
    CHECK(result.brokenItems[0].folder == "alpha");
}

TEST_CASE("a trailing comma in a list is reported at the comma") {
    ScratchDir dir("trailing-comma-list");
    const auto folder = makeExhibition(dir);
    edit(folder, "items/alpha/item.json", "\"tags\": [\"game\"]", "\"tags\": [\"game\",]");
    CHECK(messages(check(folder)) == Lines{"items/alpha/item.json:16:18: error: invalid JSON: a comma after the last "
                                           "entry, before ']': remove this comma (JSON allows no comma before a closing bracket)"});
}

TEST_CASE("a missing comma is reported at the end of the entry that lacks it") {
    ScratchDir dir("missing-comma");
    const auto folder = makeExhibition(dir);
    edit(folder, "items/alpha/item.json", "\"category\": \"games\",", "\"category\": \"games\"");
    CHECK(messages(check(folder)) == Lines{"items/alpha/item.json:3:21: error: invalid JSON: a comma is missing after "
                                           "this entry: add ',' at the end of this line"});
}

TEST_CASE("a required text that is missing is an error saying what to add") {
    ScratchDir dir("required");
    const auto folder = makeExhibition(dir);
    edit(folder, "items/beta/item.json", "  \"origin\": {\"en\": \"Peru\", \"zh-Hans\": \"秘鲁\", \"ar\": \"بيرو\"},\n", "");
    const auto result = check(folder);
    CHECK(messages(result) == Lines{"items/beta/item.json:1:1: error: missing required field 'origin': add "
                                    "\"origin\": {\"en\": \"...\"} (a text in each language)"});
    REQUIRE(result.snapshot);
    CHECK(result.snapshot->findItem("beta") == nullptr);
    CHECK(result.snapshot->featured == std::vector<std::string>{"alpha"});
}

TEST_CASE("a typo of a required field: one error with the suggestion, not a second 'missing'") {
    ScratchDir dir("sumary");
    const auto folder = makeExhibition(dir);
    edit(folder, "items/alpha/item.json", "\"summary\"", "\"sumary\"");
    const auto result = check(folder);
    CHECK(messages(result) == Lines{"items/alpha/item.json:5:3: error: unknown field 'sumary' in an item: did you mean "
                                    "'summary'? Rename it (the kiosk ignores fields it does not know)"});
    CHECK(result.hasErrors());
}

TEST_CASE("an unknown field that resembles none is a warning listing the known ones") {
    ScratchDir dir("unknown");
    const auto folder = makeExhibition(dir);
    edit(folder, "categories.json", "\"color\": \"#3D8BC8\"", "\"colour_scheme\": \"blue\"");
    CHECK(messages(check(folder)) == Lines{"categories.json:11:5: warning: unknown field 'colour_scheme' in a category "
                                           "is ignored (known fields: id, title, summary, image, color)"});
}

TEST_CASE("text in the wrong script for its language is a warning") {
    ScratchDir dir("script");
    const auto folder = makeExhibition(dir);
    SUBCASE("Arabic under en") {
        edit(folder, "items/alpha/item.json", "\"origin\": {\"en\": \"China\"", "\"origin\": {\"en\": \"الصين\"");
        CHECK(messages(check(folder)) == Lines{"items/alpha/item.json:7:14: warning: the 'en' text of 'origin' is written "
                                               "in Arabic letters: is it under the right language code? (move it to its "
                                               "language, or translate it)"});
    }
    SUBCASE("an English sentence under zh-Hans") {
        edit(folder, "items/alpha/item.json", "\"zh-Hans\": \"第一件展品\"", "\"zh-Hans\": \"The first item of the show\"");
        CHECK(messages(check(folder)) == Lines{"items/alpha/item.json:5:39: warning: the 'zh-Hans' text of 'summary' is "
                                               "written in Latin letters: is it under the right language code? (move it "
                                               "to its language, or translate it)"});
    }
    SUBCASE("a title kept in English under zh-Hans is fine") {
        edit(folder, "items/alpha/item.json", "\"zh-Hans\": \"阿尔法\"", "\"zh-Hans\": \"Alpha\"");
        CHECK(messages(check(folder)).empty());
    }
    SUBCASE("a Latin name inside Chinese text is fine") {
        edit(folder, "items/alpha/item.json", "\"zh-Hans\": \"中国\"", "\"zh-Hans\": \"UNESCO 中国\"");
        CHECK(messages(check(folder)).empty());
    }
}

TEST_CASE("a picture name with the wrong letter case gets the right one") {
    ScratchDir dir("case");
    const auto folder = makeExhibition(dir);
    edit(folder, "items/alpha/item.json", "\"file\": \"cover.png\"", "\"file\": \"Cover.PNG\"");
    CHECK(messages(check(folder)) == Lines{"items/alpha/item.json:11:7: error: missing file: 'Cover.PNG' is not in "
                                           "items/alpha/: did you mean 'cover.png'? (letter case matters: the kiosk's "
                                           "system tells 'A' from 'a')"});
}

TEST_CASE("a misspelt picture name gets the closest file") {
    ScratchDir dir("misspelt");
    const auto folder = makeExhibition(dir);
    edit(folder, "items/alpha/item.json", "\"file\": \"cover.png\"", "\"file\": \"covr.png\"");
    CHECK(messages(check(folder)) == Lines{"items/alpha/item.json:11:7: error: missing file: 'covr.png' is not in "
                                           "items/alpha/: did you mean 'cover.png'?"});
}

TEST_CASE("a picture that is nowhere near says what to do") {
    ScratchDir dir("nowhere");
    const auto folder = makeExhibition(dir);
    edit(folder, "items/alpha/item.json", "\"file\": \"cover.png\"", "\"file\": \"photos/museum-2024.jpg\"");
    CHECK(messages(check(folder)) == Lines{"items/alpha/item.json:11:7: error: missing file: 'photos/museum-2024.jpg' is "
                                           "not in items/alpha/photos/: copy the file there or correct the name"});
}

TEST_CASE("an unknown category suggests the closest id and lists them") {
    ScratchDir dir("category");
    const auto folder = makeExhibition(dir);
    edit(folder, "items/alpha/item.json", "\"category\": \"games\"", "\"category\": \"game\"");
    CHECK(messages(check(folder)) == Lines{"items/alpha/item.json:3:3: error: unknown category 'game' (did you mean "
                                           "'games'?): use one of the ids in categories.json (games, crafts)"});
}

TEST_CASE("an unknown fact id suggests the closest one") {
    ScratchDir dir("fact");
    const auto folder = makeExhibition(dir);
    edit(folder, "items/alpha/item.json", "\"facts\": [\"revenue\"]", "\"facts\": [\"revenu\"]");
    CHECK(messages(check(folder)) == Lines{"items/alpha/item.json:17:13: error: unknown fact 'revenu' (did you mean "
                                           "'revenue'?): name a file of facts/ without '.json'"});
}

TEST_CASE("a duplicated item id names the folder that has it already") {
    ScratchDir dir("duplicate");
    const auto folder = makeExhibition(dir);
    fs::create_directories(folder / "items/alpha-copy");
    fs::copy_file(folder / "items/alpha/item.json", folder / "items/alpha-copy/item.json");
    fs::copy_file(folder / "items/alpha/cover.png", folder / "items/alpha-copy/cover.png");
    CHECK(messages(check(folder)) ==
          Lines{"items/alpha-copy/item.json:2:3: warning: item id 'alpha' differs from its folder name 'alpha-copy'",
                "items/alpha-copy/item.json:2:3: error: duplicate item id 'alpha': items/alpha/item.json already uses it; "
                "give each item its own id (usually its folder name)"});
}

TEST_CASE("CSV: a missing value names the row and the column, without follow-on messages") {
    ScratchDir dir("csv-missing");
    const auto folder = makeExhibition(dir);
    edit(folder, "facts/revenue.json", "\"series\": {", "\"series\": {\"costs\": {\"en\": \"Costs\"}, ");
    writeText(folder / "facts/revenue.csv", "label,revenue,costs\n2022,17.3,4.1\n2023,16.4\n2024,18.6,4.4\n");
    const auto result = check(folder);
    CHECK(messages(result) == Lines{"facts/revenue.csv:3: error: row '2023' has no value for 'costs': add it after a ','"});
    // Alpha links the fact: no "unknown fact" about it, the CSV's message is the one to fix.
    REQUIRE(result.snapshot);
    CHECK(result.snapshot->findItem("alpha") != nullptr);
}

TEST_CASE("CSV: an empty cell names its column") {
    ScratchDir dir("csv-empty");
    const auto folder = makeExhibition(dir);
    writeText(folder / "facts/revenue.csv", "label,revenue\n2022,17.3\n2023,\n");
    CHECK(messages(check(folder)) == Lines{"facts/revenue.csv:3: error: row '2023' has no value for 'revenue': write a "
                                           "number (every row needs one per column)"});
}

TEST_CASE("CSV: a French spreadsheet's semicolons are explained") {
    ScratchDir dir("csv-semicolon");
    const auto folder = makeExhibition(dir);
    writeText(folder / "facts/revenue.csv", "label;revenue\n2022;17,3\n");
    CHECK(messages(check(folder)) ==
          Lines{"facts/revenue.csv:1: error: the columns are separated by ';', not ',' (a spreadsheet set to another "
                "language?): add \"csv\": {\"separator\": \";\", \"decimal\": \",\"} to facts/revenue.json, or save the "
                "file with ',' between columns"});
}

TEST_CASE("CSV: semicolons and decimal commas are read when the fact file declares them") {
    ScratchDir dir("csv-declared");
    const auto folder = makeExhibition(dir);
    edit(folder, "facts/revenue.json", "\"data\": \"revenue.csv\",", "\"data\": \"revenue.csv\", \"csv\": {\"separator\": \";\", \"decimal\": \",\"},");
    writeText(folder / "facts/revenue.csv", "label;revenue\n2022;17,3\n2023; 16,4\n");
    const auto result = check(folder);
    CHECK(messages(result).empty());
    REQUIRE(result.snapshot);
    const Fact* fact = result.snapshot->findFact("revenue");
    REQUIRE(fact);
    CHECK(fact->series.front().values == std::vector<double>{17.3, 16.4});
}

TEST_CASE("CSV: a decimal comma in a comma file is explained") {
    ScratchDir dir("csv-decimal");
    const auto folder = makeExhibition(dir);
    writeText(folder / "facts/revenue.csv", "label,revenue\n2022,\"17,3\"\n");
    CHECK(messages(check(folder)) ==
          Lines{"facts/revenue.csv:2: error: row '2022', column 'revenue': '17,3' is not a number: a decimal comma? write "
                "17.3, or declare \"csv\": {\"decimal\": \",\"} in facts/revenue.json"});
}

TEST_CASE("CSV: a word instead of a number says how numbers are written") {
    ScratchDir dir("csv-word");
    const auto folder = makeExhibition(dir);
    writeText(folder / "facts/revenue.csv", "label,revenue\n2022,17.3\n2023,sixteen\n");
    CHECK(messages(check(folder)) ==
          Lines{"facts/revenue.csv:3: error: row '2023', column 'revenue': 'sixteen' is not a number: write digits only, "
                "with '.' as the decimal point (no units, currency or % signs), e.g. 16.4"});
}

TEST_CASE("CSV (RFC 4180): a doubled quote inside a quoted cell is one quote") {
    ScratchDir dir("csv-doubled-quote");
    const auto folder = makeExhibition(dir);
    writeText(folder / "facts/revenue.csv", "label,revenue\n\"The \"\"big\"\" year\",17.3\n\"\"\"\",16.4\n");
    const auto result = check(folder);
    CHECK(messages(result).empty());
    REQUIRE(result.snapshot);
    const Fact* fact = result.snapshot->findFact("revenue");
    REQUIRE(fact);
    CHECK(fact->labels == std::vector<std::string>{"The \"big\" year", "\""});
    CHECK(fact->series.front().values == std::vector<double>{17.3, 16.4});
}

TEST_CASE("CSV (RFC 4180): a quoted cell may span lines, and later problems name their own line") {
    ScratchDir dir("csv-multiline");
    const auto folder = makeExhibition(dir);
    writeText(folder / "facts/revenue.csv", "label,revenue\r\n\"2022,\r\nfirst half\",17.3\r\n2023,16.4\r\n");
    const auto result = check(folder);
    CHECK(messages(result).empty());
    REQUIRE(result.snapshot);
    const Fact* fact = result.snapshot->findFact("revenue");
    REQUIRE(fact);
    CHECK(fact->labels == std::vector<std::string>{"2022,\nfirst half", "2023"});
    // The bad figure is on the file's 5th line (the label above spans lines 2 and 3)...
    writeText(folder / "facts/revenue.csv", "label,revenue\n\"2022\nfirst half\",17.3\n2023,16.4\n2024,sixteen\n");
    CHECK(messages(check(folder)) ==
          Lines{"facts/revenue.csv:5: error: row '2024', column 'revenue': 'sixteen' is not a number: write digits only, "
                "with '.' as the decimal point (no units, currency or % signs), e.g. 16.4"});
    // ...and a figure after a label that spans lines is on the line where it is written.
    writeText(folder / "facts/revenue.csv", "label,revenue\n\"2022\nfirst half\",lots\n");
    CHECK(messages(check(folder)) ==
          Lines{"facts/revenue.csv:3: error: row '2022\nfirst half', column 'revenue': 'lots' is not a number: write "
                "digits only, with '.' as the decimal point (no units, currency or % signs), e.g. 16.4"});
}

TEST_CASE("CSV (RFC 4180): a quoted cell that is never closed is one error at its opening quote") {
    ScratchDir dir("csv-unclosed");
    const auto folder = makeExhibition(dir);
    writeText(folder / "facts/revenue.csv", "label,revenue\n2022,17.3\n\"2023,16.4\n2024,18.6\n");
    CHECK(messages(check(folder)) ==
          Lines{"facts/revenue.csv:3: error: a quoted cell starts here and is never closed: add the closing '\"' (a '\"' "
                "inside a quoted cell is written twice: \"\")"});
}

TEST_CASE("CSV: spaces, tabs and no-break spaces around a number are ignored the same on both sides") {
    ScratchDir dir("csv-whitespace");
    const auto folder = makeExhibition(dir);
    writeText(folder / "facts/revenue.csv",
              "label,revenue\n2021, 17.3\n2022,17.3 \n2023,\t17.3\t\n2024,\" 17.3 \"\n2025, \"17.3\" \n"
              "2026,\xC2\xA0" "17.3\n2027,17.3\xC2\xA0\n");
    const auto result = check(folder);
    CHECK(messages(result).empty());
    REQUIRE(result.snapshot);
    const Fact* fact = result.snapshot->findFact("revenue");
    REQUIRE(fact);
    CHECK(fact->series.front().values == std::vector<double>(7, 17.3));
    // A word with spaces on either side is quoted the same way in the message: without them.
    writeText(folder / "facts/revenue.csv", "label,revenue\n2022, sixteen\n2023,sixteen \n");
    const Lines lines = messages(check(folder));
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].find("'sixteen' is not a number") != std::string::npos);
    CHECK(lines[1].find("'sixteen' is not a number") != std::string::npos);
}

TEST_CASE("CSV: one error per bad cell, and none about columns when a quoted cell holds the separator") {
    ScratchDir dir("csv-per-cell");
    const auto folder = makeExhibition(dir);
    edit(folder, "facts/revenue.json", "\"series\": {", "\"series\": {\"costs\": {\"en\": \"Costs\"}, ");
    writeText(folder / "facts/revenue.csv", "label,revenue,costs\n2022,abc,\n2023,\"1,5\",4\n");
    CHECK(messages(check(folder)) ==
          Lines{"facts/revenue.csv:2: error: row '2022', column 'revenue': 'abc' is not a number: write digits only, "
                "with '.' as the decimal point (no units, currency or % signs), e.g. 16.4",
                "facts/revenue.csv:2: error: row '2022' has no value for 'costs': write a number (every row needs one per column)",
                "facts/revenue.csv:3: error: row '2023', column 'revenue': '1,5' is not a number: a decimal comma? write "
                "1.5, or declare \"csv\": {\"decimal\": \",\"} in facts/revenue.json"});
}

TEST_CASE("chart series keep the order of the CSV's columns") {
    ScratchDir dir("series-order");
    const auto folder = makeExhibition(dir);
    edit(folder, "facts/revenue.json", "\"series\": {", "\"series\": {\"zeta\": {\"en\": \"Zeta\"}, \"alpha\": {\"en\": \"Alpha\"}, ");
    writeText(folder / "facts/revenue.csv", "label,zeta,revenue,alpha\n2022,1,2,3\n");
    const auto result = check(folder);
    REQUIRE(result.snapshot);
    const Fact* fact = result.snapshot->findFact("revenue");
    REQUIRE(fact);
    REQUIRE(fact->series.size() == 3);
    CHECK(fact->series[0].id == "zeta");
    CHECK(fact->series[1].id == "revenue");
    CHECK(fact->series[2].id == "alpha");
    CHECK(fact->series[2].values == std::vector<double>{3});
}

TEST_CASE("a featured item that does not exist suggests the closest") {
    ScratchDir dir("featured");
    const auto folder = makeExhibition(dir);
    edit(folder, "exhibition.json", "\"featured\": [\"alpha\", \"beta\"]", "\"featured\": [\"alpah\", \"beta\"]");
    CHECK(messages(check(folder)) == Lines{"exhibition.json:15:16: error: featured item 'alpah' does not exist (did you "
                                           "mean 'alpha'?): name an item folder of items/"});
}

TEST_CASE("a broken categories.json gives one message, not one per item") {
    ScratchDir dir("categories-broken");
    const auto folder = makeExhibition(dir);
    edit(folder, "categories.json", "\"color\": \"#3D8BC8\"", "\"color\": \"#3D8BC8\",");
    CHECK(messages(check(folder)).size() == 1);
}

} // TEST_SUITE
