// Content that used to throw through the loader (and abort kiosk-publish and the kiosk), and
// the other hostile inputs the content fuzz target produced: each is now a problem at its
// file and line, and the tools keep running.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>

#include "kiosk/core/content_loader.h"
#include "kiosk/core/limits.h"
#include "tests/content/content_fixture.h"
#include "tests/support/process.h"

using kiosk::testing::ProcessResult;
using kiosk::testing::runShell;
using kiosk::testing::shellQuoted;

using namespace kiosk;
using namespace content_test;

namespace {

void write(const fs::path& file, const std::string& text) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << text;
}

bool hasProblem(const ContentLoadResult& result, const std::string& file, int line, const std::string& part) {
    for (const auto& problem : result.problems)
        if (problem.file == file && problem.line == line && problem.message.find(part) != std::string::npos) return true;
    return false;
}

std::string allProblems(const ContentLoadResult& result) {
    std::string out;
    for (const auto& problem : result.problems) out += "  " + problem.toString().substr(0, 300) + "\n";
    std::replace(out.begin(), out.end(), '\0', '?');   // a NUL in a path would end the test's output
    return out;
}

} // namespace

TEST_SUITE("content") {

TEST_CASE("hostile: \"weight\": 1e999 in an item is an error at its line, and kiosk-publish check exits 1, not 134") {
    ScratchDir dir("hostile-overflow");
    const auto folder = makeExhibition(dir);
    write(folder / "items/alpha/item.json", "{\n  \"id\": \"alpha\",\n  \"category\": \"games\",\n  \"weight\": 1e999\n}\n");
    ContentLoadResult result;
    CHECK_NOTHROW(result = loadExhibition(folder));
    INFO(allProblems(result));
    CHECK(hasProblem(result, "items/alpha/item.json", 4, "invalid JSON: number overflow"));
    REQUIRE(result.snapshot);   // the rest of the exhibition still loads
    CHECK(result.snapshot->findItem("alpha") == nullptr);
    CHECK(result.snapshot->findItem("beta") != nullptr);

    const auto check = runShell(shellQuoted(KIOSK_PUBLISH_EXE) + " check " + shellQuoted(folder.string()) + " 2>&1");
    INFO(check.output);
    CHECK(check.exitCode == 1);
    CHECK(check.output.find("items/alpha/item.json:4:") != std::string::npos);
}

TEST_CASE("hostile: the kiosk shows an exhibition with an overflowing number and keeps running") {
    ScratchDir dir("hostile-kiosk");
    const auto folder = makeExhibition(dir);
    write(folder / "categories.json", "[{\"id\": \"games\", \"order\": -1e999}]");
    const auto run = runShell(shellQuoted(KIOSK_EXE) + " --headless --content " + shellQuoted(folder.string()) +
                                " --data " + shellQuoted((dir.path() / "data").string()) + " --frames 3 2>&1");
    INFO(run.output);
    CHECK(run.exitCode != 134);
    CHECK(run.exitCode != -1);   // not killed by a signal
}

TEST_CASE("hostile: facts CSV with nan, inf or thousands of columns is an error at its line") {
    ScratchDir dir("hostile-csv");
    SUBCASE("nan") {
        const auto folder = makeExhibition(dir);
        write(folder / "facts/revenue.csv", "label,revenue\n2022,17.3\n2023,nan\n");
        const auto result = loadExhibition(folder);
        INFO(allProblems(result));
        CHECK(hasProblem(result, "facts/revenue.csv", 3, "'nan' is not a number"));
    }
    SUBCASE("inf") {
        const auto folder = makeExhibition(dir);
        write(folder / "facts/revenue.csv", "label,revenue\n2022,1e999\n2023,-inf\n");
        const auto result = loadExhibition(folder);
        INFO(allProblems(result));
        CHECK(hasProblem(result, "facts/revenue.csv", 2, "'1e999' is not a number"));
    }
    SUBCASE("columns") {
        const auto folder = makeExhibition(dir);
        std::string header = "label";
        for (int i = 0; i < 200000; ++i) header += ",s" + std::to_string(i);
        write(folder / "facts/revenue.csv", header + "\n");
        const auto result = loadExhibition(folder);
        INFO(allProblems(result).substr(0, 2000));
        CHECK(hasProblem(result, "facts/revenue.csv", 1, "too many columns (200001, limit 64)"));
    }
}

TEST_CASE("hostile: odd image paths and image bombs are problems, not crashes") {
    ScratchDir dir("hostile-paths");
    const auto folder = makeExhibition(dir);
    write(folder / "items/alpha/item.json",
          "{\"id\": \"alpha\", \"category\": \"games\", \"title\": \"A\", \"images\": [\n"
          "{\"file\": \"" + std::string(300, 'x') + "/" + std::string(5000, 'y') + ".png\"},\n"
          "{\"file\": \"a\\u0000b.png\"},\n"
          "{\"file\": \".\"},\n"
          "{\"file\": \"bomb.png\"}\n]}\n");
    // 1x1 pixel claimed, an IDAT chunk claims 1 GiB: stb_image would grow its buffer to that first.
    const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + std::string("\0\0\0\x0dIHDR\0\0\0\1\0\0\0\1\x08\0\0\0\0\0\0\0\0", 25) +
                            std::string("\x40\0\0\0IDAT\x78\x9c", 10) + std::string(32, '\0');
    write(folder / "items/alpha/bomb.png", png);
    ContentLoadOptions options;
    options.decodeImages = true;
    ContentLoadResult result;
    CHECK_NOTHROW(result = loadExhibition(folder, options));
    INFO(allProblems(result));
    CHECK(hasProblem(result, "items/alpha/item.json", 5, "not a readable JPEG/PNG (PNG chunk longer than the file)"));
}

}
