// kiosk-publish as curators use it beyond check: build publishes only what the exhibition uses
// and nothing on an error; the translation round trip on the sample (export, edit, import,
// check) in XLIFF and CSV; `new` skeletons that check clean but for their TODO texts.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "kiosk/core/image_decode.h"
#include "tests/content/content_fixture.h"
#include "tests/support/process.h"

using kiosk::testing::ProcessResult;
using kiosk::testing::runShell;
using kiosk::testing::shellQuoted;

using namespace content_test;

namespace {

ProcessResult publish(const std::string& arguments) {
    return runShell(shellQuoted(KIOSK_PUBLISH_EXE) + " " + arguments + " 2>&1");
}

std::string readText(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void writeText(const fs::path& file, const std::string& text) { std::ofstream(file, std::ios::binary) << text; }

fs::path copySample(const ScratchDir& dir) {
    const fs::path target = dir.path() / "sample";
    fs::copy(fs::path(KIOSK_SOURCE_DIR) / "content", target, fs::copy_options::recursive);
    return target;
}

std::size_t countOf(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
    return n;
}

} // namespace

TEST_SUITE("content.tools") {

TEST_CASE("build publishes only the files the exhibition uses and lists the others") {
    ScratchDir dir("build-stray");
    const auto folder = makeExhibition(dir);
    writeText(folder / "notes.docx", "a curator's notes");
    writeText(folder / "items/alpha/item.json~", "an editor's backup");
    fs::copy_file(folder / "items/alpha/cover.png", folder / "items/alpha/unused.png");
    const auto key = dir.path() / "keys/release.key";
    REQUIRE(publish("keygen --out " + shellQuoted((dir.path() / "keys").string())).exitCode == 0);
    const auto out = dir.path() / "tree";
    const auto result = publish("build " + shellQuoted(folder.string()) + " --key " + shellQuoted(key.string()) + " --out " + shellQuoted(out.string()));
    INFO(result.output);
    REQUIRE(result.exitCode == 0);
    CHECK(result.output.find("0 errors, 0 warnings: publishable") != std::string::npos);   // check's report first
    CHECK(result.output.find("skipped (not used by the exhibition): notes.docx") != std::string::npos);
    CHECK(result.output.find("skipped (not used by the exhibition): items/alpha/item.json~") != std::string::npos);
    CHECK(result.output.find("skipped (not used by the exhibition): items/alpha/unused.png") != std::string::npos);
    const std::string manifest = readText(out / "channels/stable/manifest.json");
    CHECK(manifest.find("notes.docx") == std::string::npos);
    CHECK(manifest.find("unused.png") == std::string::npos);
    CHECK(manifest.find("items/alpha/cover.png") != std::string::npos);
    CHECK(manifest.find("facts/revenue.csv") != std::string::npos);
    CHECK(manifest.find("images/attract.png") != std::string::npos);
    CHECK(manifest.find("strings/en.json") != std::string::npos);
}

TEST_CASE("build publishes nothing when check finds an error, and prints check's messages") {
    ScratchDir dir("build-error");
    const auto folder = makeExhibition(dir, "unknown-field");
    const auto key = dir.path() / "keys/release.key";
    REQUIRE(publish("keygen --out " + shellQuoted((dir.path() / "keys").string())).exitCode == 0);
    const auto out = dir.path() / "tree";
    const auto result = publish("build " + shellQuoted(folder.string()) + " --key " + shellQuoted(key.string()) + " --out " + shellQuoted(out.string()));
    INFO(result.output);
    CHECK(result.exitCode == 1);
    CHECK(result.output.find("did you mean 'title'?") != std::string::npos);
    CHECK(result.output.find("nothing was published") != std::string::npos);
    CHECK_FALSE(fs::exists(out / "channels"));
}

TEST_CASE("translations: export, edit, import, check on the sample (XLIFF)") {
    ScratchDir dir("xliff");
    const auto folder = copySample(dir);
    const auto xliff = dir.path() / "fr.xlf";
    auto result = publish("translations export " + shellQuoted(folder.string()) + " --lang fr --format xliff --out " + shellQuoted(xliff.string()));
    INFO(result.output);
    REQUIRE(result.exitCode == 0);
    std::string text = readText(xliff);
    CHECK(text.find("<xliff version=\"1.2\"") != std::string::npos);
    CHECK(text.find("source-language=\"en\" target-language=\"fr\"") != std::string::npos);
    const std::string id = "items/ne-zha-2/item.json#/summary";
    REQUIRE(text.find("<trans-unit id=\"" + id + "\"") != std::string::npos);
    CHECK(text.find("<note>One or two sentences, shown on cards and at the top of the page (item &quot;Ne Zha 2&quot;)</note>") !=
          std::string::npos);
    // The translator edits one target.
    const auto unit = text.find("<trans-unit id=\"" + id + "\"");
    const auto targetStart = text.find("<target", unit);
    const auto targetEnd = text.find("</target>", targetStart) + 9;
    text.replace(targetStart, targetEnd - targetStart, "<target state=\"translated\">Un dieu enfant &amp; rebelle, « révisé ».</target>");
    writeText(xliff, text);
    const std::string before = readText(folder / "items/ne-zha-2/item.json");
    result = publish("translations import " + shellQuoted(folder.string()) + " " + shellQuoted(xliff.string()));
    INFO(result.output);
    REQUIRE(result.exitCode == 0);
    CHECK(result.output.find("items/ne-zha-2/item.json:") != std::string::npos);
    CHECK(result.output.find("/summary: fr changed") != std::string::npos);
    CHECK(result.output.find("fr: 0 added, 1 changed") != std::string::npos);
    CHECK(result.output.find("1 file changed") != std::string::npos);
    const std::string after = readText(folder / "items/ne-zha-2/item.json");
    // Only that text changed: the rest of the file is byte for byte the same.
    const auto oldFr = before.find("\"fr\"", before.find("\"summary\""));
    const auto oldEnd = before.find('"', before.find('"', before.find(':', oldFr) + 1) + 1);
    const std::string expected = before.substr(0, before.find('"', before.find(':', oldFr) + 1)) +
                                 "\"Un dieu enfant & rebelle, « révisé ».\"" + before.substr(oldEnd + 1);
    CHECK(after == expected);
    result = publish("check " + shellQuoted(folder.string()));
    INFO(result.output);
    CHECK(result.exitCode == 0);
    // Importing again changes nothing.
    result = publish("translations import " + shellQuoted(folder.string()) + " " + shellQuoted(xliff.string()));
    CHECK(result.output.find("0 added, 0 changed") != std::string::npos);
    CHECK(result.output.find("0 files changed") != std::string::npos);
}

TEST_CASE("translations: a new language through a spreadsheet (CSV), then check") {
    ScratchDir dir("csv-translation");
    const auto folder = makeExhibition(dir);
    // Declare French; no French text exists yet.
    std::string exhibition = readText(folder / "exhibition.json");
    exhibition.replace(exhibition.find("{\"code\": \"ar\""), 0, "{\"code\": \"fr\", \"name\": \"Français\", \"dir\": \"ltr\"},\n    ");
    writeText(folder / "exhibition.json", exhibition);
    const auto csv = dir.path() / "fr.csv";
    auto result = publish("translations export " + shellQuoted(folder.string()) + " --lang fr --format csv --out " + shellQuoted(csv.string()));
    INFO(result.output);
    REQUIRE(result.exitCode == 0);
    std::string text = readText(csv);
    REQUIRE(text.rfind("source_language,target_language,id,source,translation,note\n", 0) == 0);
    CHECK(text.find("en,fr,items/alpha/item.json#/story,\"A story.\n\nTwo paragraphs.\",,") != std::string::npos);
    // The translator fills every translation with the source text prefixed "FR ", as a spreadsheet would save it.
    std::string filled = "source_language,target_language,id,source,translation,note\n";
    // A row starts "en,fr,<id>,"; other lines continue a multi-line text. (No std::regex: GCC 12
    // warns about its own <regex> under -O1 with the sanitizers, and warnings are errors.)
    const std::string rowStart = "en,fr,";
    std::size_t rows = 0;
    std::istringstream lines(text);
    std::string line;
    std::getline(lines, line);
    while (std::getline(lines, line)) {
        if (line.rfind(rowStart, 0) != 0) continue;   // continuation lines of multi-line texts
        const std::size_t idEnd = line.find(',', rowStart.size());
        if (idEnd == std::string::npos || idEnd == rowStart.size()) continue;
        const std::string id = line.substr(rowStart.size(), idEnd - rowStart.size());
        filled += "en,fr," + id + ",,\"FR " + id + "\",\n";
        ++rows;
    }
    REQUIRE(rows > 10);
    writeText(csv, filled);
    result = publish("translations import " + shellQuoted(folder.string()) + " " + shellQuoted(csv.string()));
    INFO(result.output);
    REQUIRE(result.exitCode == 0);
    CHECK(result.output.find("fr: " + std::to_string(rows) + " added, 0 changed") != std::string::npos);
    CHECK(readText(folder / "items/alpha/item.json").find("\"fr\": \"FR items/alpha/item.json#/title\"") != std::string::npos);
    result = publish("check " + shellQuoted(folder.string()));
    INFO(result.output);
    CHECK(result.exitCode == 0);
    CHECK(result.output.find("fr       Français: complete") != std::string::npos);
}

TEST_CASE("translations: bad input is refused with its line, and nothing is written") {
    ScratchDir dir("translation-bad");
    const auto folder = makeExhibition(dir);
    const std::string before = readText(folder / "items/alpha/item.json");
    writeText(dir.path() / "bad.csv", "source_language,target_language,id,source,translation,note\nen,ar,items/alpha/item.json#/title,Alpha,\"unclosed\n");
    auto result = publish("translations import " + shellQuoted(folder.string()) + " " + shellQuoted((dir.path() / "bad.csv").string()));
    CHECK(result.exitCode == 1);
    CHECK(result.output.find("line 2: a quoted field is not closed") != std::string::npos);
    writeText(dir.path() / "bad.xlf", "<xliff version=\"1.2\"><file target-language=\"ar\"><body><trans-unit id=\"x\">");
    result = publish("translations import " + shellQuoted(folder.string()) + " " + shellQuoted((dir.path() / "bad.xlf").string()));
    CHECK(result.exitCode == 1);
    CHECK(result.output.find("not valid XML") != std::string::npos);
    writeText(dir.path() / "unknown.csv", "source_language,target_language,id,source,translation,note\nen,ar,items/ghost/item.json#/title,,شبح,\n");
    result = publish("translations import " + shellQuoted(folder.string()) + " " + shellQuoted((dir.path() / "unknown.csv").string()));
    CHECK(result.exitCode == 1);
    CHECK(result.output.find("items/ghost/item.json#/title: error: no such text") != std::string::npos);
    CHECK(readText(folder / "items/alpha/item.json") == before);
    result = publish("translations export " + shellQuoted(folder.string()) + " --lang de --out " + shellQuoted((dir.path() / "de.xlf").string()));
    CHECK(result.exitCode == 1);
    CHECK(result.output.find("language 'de' is not declared in exhibition.json (declared: en, zh-Hans, ar)") != std::string::npos);
}

TEST_CASE("translations: files beyond the limits and XML entity bombs are refused, and nothing is written") {
    ScratchDir dir("translation-limits");
    const auto folder = makeExhibition(dir);
    const std::string before = readText(folder / "items/alpha/item.json");
    const std::string header = "source_language,target_language,id,source,translation,note\n";
    const auto refused = [&](const std::string& name, const std::string& text, const std::string& expected) {
        writeText(dir.path() / name, text);
        auto result = publish("translations import " + shellQuoted(folder.string()) + " " + shellQuoted((dir.path() / name).string()));
        CHECK_MESSAGE(result.exitCode == 1, name);
        CHECK_MESSAGE(result.output.find(expected) != std::string::npos, name << ": " << result.output);
    };
    // Larger than 16 MiB: refused from its size, before it is read.
    refused("huge.csv", header + std::string(16 * 1024 * 1024, 'x'), "larger than 16 MiB");
    // One field of 256 KiB + 1 byte, quoted or not.
    refused("long.csv", header + "en,ar,items/alpha/item.json#/title,Alpha," + std::string(256 * 1024 + 1, 'a') + ",\n",
            "line 2: a field is longer than 256 KiB");
    refused("long-quoted.csv", header + "en,ar,items/alpha/item.json#/title,\"" + std::string(256 * 1024 + 1, 'a') + "\",,\n",
            "line 2: a field is longer than 256 KiB");
    // 65 columns.
    std::string wide = header;
    for (int i = 0; i < 65; ++i) wide += "x,";
    refused("wide.csv", wide + "\n", "line 2: more than 64 columns");
    // The "billion laughs": entities are refused before expat expands them.
    refused("laughs.xlf",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE xliff [\n <!ENTITY a \"hahahahahahahahahaha\">\n"
            " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n]>\n"
            "<xliff version=\"1.2\"><file target-language=\"ar\"><body><trans-unit id=\"items/alpha/item.json#/title\">"
            "<source>&c;</source><target>&c;</target></trans-unit></body></file></xliff>\n",
            "a <!DOCTYPE> is not allowed");
    // Elements nested 65 deep inside a target.
    std::string deep = "<xliff version=\"1.2\"><file target-language=\"ar\"><body><trans-unit id=\"items/alpha/item.json#/title\"><target>";
    for (int i = 0; i < 65; ++i) deep += "<g>";
    refused("deep.xlf", deep + "x", "nested deeper than 64");
    // An XLIFF text longer than 256 KiB.
    refused("long.xlf",
            "<xliff version=\"1.2\"><file target-language=\"ar\"><body><trans-unit id=\"items/alpha/item.json#/title\"><target>" +
                std::string(256 * 1024 + 1, 'a') + "</target></trans-unit></body></file></xliff>\n",
            "a text is longer than 256 KiB");
    CHECK(readText(folder / "items/alpha/item.json") == before);
}

TEST_CASE("preview: contact sheets of item pages, one column per language") {
    ScratchDir dir("sheet");
    const auto folder = makeExhibition(dir);
    const auto sheet = dir.path() / "sheet.png";
    const auto result = publish("preview " + shellQuoted(folder.string()) + " --out " + shellQuoted(sheet.string()) +
                                " --lang en,ar --kiosk " + shellQuoted(KIOSK_EXE));
    INFO(result.output);
    REQUIRE(result.exitCode == 0);
    CHECK(result.output.find("columns en, ar; rows alpha, beta") != std::string::npos);
    auto bytes = kiosk::readImageFile(sheet);
    REQUIRE(bytes);
    auto info = kiosk::probeImage(*bytes, 100000000);
    REQUIRE(info);
    CHECK(info->width == 12 + 2 * (480 + 12));
    CHECK(info->height == 12 + 2 * (270 + 12));
    // A subset, and refusals.
    CHECK(publish("preview " + shellQuoted(folder.string()) + " --out " + shellQuoted(sheet.string()) + " --items beta --kiosk " +
                  shellQuoted(KIOSK_EXE)).exitCode == 0);
    const auto unknown = publish("preview " + shellQuoted(folder.string()) + " --out " + shellQuoted(sheet.string()) + " --items gamma");
    CHECK(unknown.exitCode == 2);
    CHECK(unknown.output.find("no item 'gamma'") != std::string::npos);
}

TEST_CASE("new: skeletons that check clean but for the TODO texts") {
    ScratchDir dir("new");
    const auto folder = dir.path() / "my-show";
    REQUIRE(publish("new exhibition " + shellQuoted(folder.string()) + " --languages en,ar").exitCode == 0);
    REQUIRE(publish("new category " + shellQuoted(folder.string()) + " textiles").exitCode == 0);
    REQUIRE(publish("new category " + shellQuoted(folder.string()) + " ceramics").exitCode == 0);
    REQUIRE(publish("new item " + shellQuoted(folder.string()) + " silk-road --category textiles").exitCode == 0);
    REQUIRE(publish("new fact " + shellQuoted(folder.string()) + " trade --series exports,imports").exitCode == 0);
    CHECK(fs::exists(folder / ".schema/item.schema.json"));
    CHECK(readText(folder / "items/silk-road/item.json").find("\"$schema\": \"../../.schema/item.schema.json\"") != std::string::npos);
    CHECK(readText(folder / "exhibition.json").find("{\"code\": \"ar\"") == std::string::npos);   // pretty-printed, not one line
    CHECK(readText(folder / "exhibition.json").find("\"dir\": \"rtl\"") != std::string::npos);
    const auto result = publish("check " + shellQuoted(folder.string()));
    INFO(result.output);
    CHECK(result.exitCode == 0);
    CHECK(result.output.find("0 errors") != std::string::npos);
    CHECK(result.output.find("is still the placeholder of 'kiosk-publish new': write the text") != std::string::npos);
    CHECK(result.output.find("2 categories, 1 items, 1 facts") != std::string::npos);
    // Never overwrites.
    const auto again = publish("new item " + shellQuoted(folder.string()) + " silk-road --category textiles");
    CHECK(again.exitCode == 1);
    CHECK(again.output.find("already exists; nothing was changed") != std::string::npos);
    CHECK(countOf(readText(folder / "categories.json"), "\"id\"") == 2);
}

}
