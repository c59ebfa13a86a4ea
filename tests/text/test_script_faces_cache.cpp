// The font faces cache (text/script_faces_cache.h) against a real fontconfig: a configuration of
// our own (FONTCONFIG_FILE) with a font folder the test fills, re-read as a restart would.
#include <cstdlib>
#include <fstream>

#include <doctest/doctest.h>
#include <fontconfig/fontconfig.h>

#include "kiosk/text/script_faces_cache.h"
#include "tests/support/temp_dir.h"

using namespace kiosk::text;
using kiosk::testing::TempDir;
using kiosk::testing::readFile;
using kiosk::testing::writeFile;

namespace {

// Points fontconfig at a configuration with one font folder (`fonts`) while it lives; fontconfig
// reads it again on each restart() (what a new kiosk process does), and the system's afterwards.
struct OwnFontconfig {
    std::filesystem::path fonts;
    explicit OwnFontconfig(const std::filesystem::path& root) : fonts(root / "fonts") {
        std::filesystem::create_directories(fonts);
        // In a folder of its own: fontconfig's folders are stamped, and the test's other
        // folders (fontconfig's cache, the kiosk's data) are created later.
        writeFile(root / "conf" / "fonts.conf", "<?xml version=\"1.0\"?>\n<fontconfig>\n  <dir>" + fonts.string() + "</dir>\n  <cachedir>" +
                                           (root / "fc-cache").string() + "</cachedir>\n</fontconfig>\n");
        ::setenv("FONTCONFIG_FILE", (root / "conf" / "fonts.conf").c_str(), 1);
    }
    static void restart() { REQUIRE(FcInitReinitialize() == FcTrue); }
    ~OwnFontconfig() {
        ::unsetenv("FONTCONFIG_FILE");
        FcInitReinitialize();
    }
};

std::string systemFont(const std::string& language) {
    const FaceSpec face = findFace(language, false);   // from the system's configuration
    REQUIRE_MESSAGE(!face.file.empty(), "no system font for " << language);
    return face.file;
}

bool usesFile(const std::vector<FaceSpec>& faces, const std::filesystem::path& file) {
    for (const FaceSpec& face : faces)
        if (face.file == file.string()) return true;
    return false;
}

} // namespace

TEST_SUITE("text") {

TEST_CASE("font faces cache: a restart takes the faces from the file, a font installed makes it stale") {
    const std::string latin = systemFont("en"), arabic = systemFont("ar");
    TempDir dir("faces-cache");
    OwnFontconfig config(dir.path);
    std::filesystem::copy_file(latin, config.fonts / std::filesystem::path(latin).filename());
    OwnFontconfig::restart();
    const auto file = dir.path / "data" / "font-faces.cache";

    const ScriptFaces first = findScriptFacesCached(file);
    CHECK_FALSE(first.fromCache);
    CHECK(first.note == "missing");
    REQUIRE(!first.regular.empty());
    CHECK(usesFile(first.regular, config.fonts / std::filesystem::path(latin).filename()));
    CHECK_FALSE(usesFile(first.regular, config.fonts / std::filesystem::path(arabic).filename()));
    REQUIRE(std::filesystem::exists(file));

    OwnFontconfig::restart();
    const ScriptFaces second = findScriptFacesCached(file);
    CHECK(second.fromCache);
    REQUIRE(second.regular.size() == first.regular.size());
    REQUIRE(second.bold.size() == first.bold.size());
    for (std::size_t i = 0; i < first.regular.size(); ++i) {
        CHECK(second.regular[i].file == first.regular[i].file);
        CHECK(second.regular[i].index == first.regular[i].index);
        CHECK(second.regular[i].language == first.regular[i].language);
        CHECK(second.regular[i].sizeFactor == doctest::Approx(first.regular[i].sizeFactor));
    }

    // An Arabic font installed into the folder: the folder's time changes, fontconfig is asked
    // again and the new face is used.
    std::filesystem::copy_file(arabic, config.fonts / std::filesystem::path(arabic).filename());
    OwnFontconfig::restart();
    const ScriptFaces third = findScriptFacesCached(file);
    CHECK_FALSE(third.fromCache);
    CHECK(third.note.rfind("stale: " + config.fonts.string(), 0) == 0);
    CHECK(usesFile(third.regular, config.fonts / std::filesystem::path(arabic).filename()));
    CHECK(findScriptFacesCached(file).fromCache);

    // The font removed again: stale, and the face is gone from the answer.
    std::filesystem::remove(config.fonts / std::filesystem::path(arabic).filename());
    OwnFontconfig::restart();
    const ScriptFaces fourth = findScriptFacesCached(file);
    CHECK_FALSE(fourth.fromCache);
    CHECK(fourth.note.rfind("stale: ", 0) == 0);
    CHECK_FALSE(usesFile(fourth.regular, config.fonts / std::filesystem::path(arabic).filename()));
}

TEST_CASE("font faces cache: corrupt, truncated or foreign files and another environment are not used") {
    TempDir dir("faces-cache-bad");
    const auto file = dir.path / "font-faces.cache";
    const ScriptFaces fresh = findScriptFacesCached(file);
    REQUIRE(findScriptFacesCached(file).fromCache);
    const std::string good = readFile(file);
    REQUIRE(good.find("\nend\t") != std::string::npos);

    struct Case {
        const char* what;
        std::string text;
        const char* note;
    };
    std::string wrongFace = good;
    wrongFace.replace(wrongFace.find("\nface\t") + 1, 5, "fake\t");
    std::string badStamp = good;
    badStamp.replace(badStamp.find("\nstamp\t") + 7, 1, "x");
    const Case cases[] = {
        {"garbage", "\x01\x02 not a cache", "corrupt: "},
        {"empty", "", "corrupt: "},
        {"no end line (cut by a power loss)", good.substr(0, good.find("\nend\t") + 1), "corrupt: truncated"},
        // (cut inside a path, the stamp of a path that does not exist: "stale")
        {"cut in the middle", good.substr(0, good.size() / 2), ""},
        {"an unknown record", wrongFace, "corrupt: "},
        {"a stamp that is not a number", badStamp, "corrupt: "},
        {"another kiosk version", std::string(good).replace(good.find("version\t") + 8, 1, "9"), "stale: another kiosk version"},
        {"text after the end", good + "face\tregular\t0\t1000\ten\t/x.ttf\n", "corrupt: text after the end"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.what);
        writeFile(file, c.text);
        const ScriptFaces faces = findScriptFacesCached(file);
        CHECK_FALSE(faces.fromCache);
        CHECK(faces.note.rfind(c.note, 0) == 0);
        CHECK(faces.regular.size() == fresh.regular.size());
        CHECK(readFile(file) == good);   // written again
        CHECK(findScriptFacesCached(file).fromCache);
    }

    // fontconfig reads FC_LANG: a kiosk started with another one asks fontconfig again.
    ::setenv("FC_LANG", "th", 1);
    const ScriptFaces other = findScriptFacesCached(file);
    ::unsetenv("FC_LANG");
    CHECK_FALSE(other.fromCache);
    CHECK(other.note.rfind("stale: the environment changed (FC_LANG=", 0) == 0);

    // No file at all: fontconfig every time, nothing written.
    CHECK_FALSE(findScriptFacesCached({}).fromCache);
}

} // TEST_SUITE
