// One regression test per library that can throw on outside input (nlohmann-json, toml++,
// the number parsers, std::filesystem, stb_image): the input that throws or allocates without
// bound comes back as an error with a place, never as a terminate or an out-of-memory.
#include <doctest/doctest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include <zlib.h>

#include "kiosk/core/image_decode.h"
#include "kiosk/core/input_script.h"
#include "kiosk/core/json_positions.h"
#include "kiosk/core/json_text.h"
#include "kiosk/core/kiosk_config.h"
#include "kiosk/core/limits.h"
#include "kiosk/core/release_manifest.h"
#include "kiosk/core/release_signing.h"
#include "kiosk/core/ui_strings.h"

using namespace kiosk;
namespace fs = std::filesystem;

namespace {

class TempDir {
public:
    TempDir() {
        path_ = fs::temp_directory_path() / ("kiosk-outside-input-" + std::to_string(::getpid()) + "-" + std::to_string(count_++));
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir() { std::error_code ec; fs::remove_all(path_, ec); }
    const fs::path& path() const { return path_; }
private:
    static inline int count_ = 0;
    fs::path path_;
};

void write(const fs::path& file, const std::string& text) {
    std::ofstream out(file, std::ios::binary);
    out << text;
}

std::string bigEndian(std::uint32_t v) {
    return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}

std::string pngChunk(const std::string& type, const std::string& data, std::uint32_t claimedLength = 0) {
    const std::string body = type + data;
    const auto crc = crc32(0, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()));
    return bigEndian(claimedLength ? claimedLength : static_cast<std::uint32_t>(data.size())) + body +
           bigEndian(static_cast<std::uint32_t>(crc));
}

std::string zlibCompress(const std::string& raw) {
    uLongf size = compressBound(static_cast<uLong>(raw.size()));
    std::string out(size, '\0');
    REQUIRE(compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(raw.data()),
                      static_cast<uLong>(raw.size()), 9) == Z_OK);
    out.resize(size);
    return out;
}

// A PNG of width x height 8-bit grey pixels whose IDAT holds `raw` (filter bytes included).
std::string greyPng(std::uint32_t width, std::uint32_t height, const std::string& raw) {
    const std::string ihdr = bigEndian(width) + bigEndian(height) + std::string{8, 0, 0, 0, 0};
    return std::string("\x89PNG\r\n\x1a\n", 8) + pngChunk("IHDR", ihdr) + pngChunk("IDAT", zlibCompress(raw)) +
           pngChunk("IEND", "");
}

} // namespace

TEST_SUITE("core.outside_input") {

TEST_CASE("nlohmann-json: a number beyond a double is an error with its line, not an exception") {
    const std::string text = "{\n  \"id\": \"alpha\",\n  \"weight\": 1e999\n}\n";
    // The library itself throws out_of_range (not parse_error) for this input.
    const auto parseWithExceptions = [&] { const auto value = nlohmann::json::parse(text); return value.size(); };
    CHECK_THROWS_AS(parseWithExceptions(), nlohmann::json::out_of_range);
    ParsedJson parsed;
    CHECK_NOTHROW(parsed = parseJsonText(text, 64));
    REQUIRE(parsed.error);
    CHECK(parsed.error->message.find("number overflow") != std::string::npos);
    CHECK(positionOfOffset(text, parsed.error->offset).line == 3);

    const std::string syntax = "{\n\"a\": [1, 2,,]\n}";
    parsed = parseJsonText(syntax, 64);
    REQUIRE(parsed.error);
    CHECK(positionOfOffset(syntax, parsed.error->offset).line == 2);

    // Nesting is refused before the parser allocates a level.
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    parsed = parseJsonText(deep, 64);
    REQUIRE(parsed.error);
    CHECK(parsed.error->message.find("nested deeper than 64") != std::string::npos);
    CHECK(parseJsonText("[[1]]", 2).error == std::nullopt);
    CHECK(parseJsonText("[[[1]]]", 2).error != std::nullopt);
    CHECK(parseJsonText("[\"[[[[\"]", 2).error == std::nullopt);   // brackets inside strings do not count
}

TEST_CASE("nlohmann-json: UI-string files with an overflowing number or too many bytes are reported") {
    TempDir dir;
    write(dir.path() / "en.json", "{\"back\": \"Back\"}");
    write(dir.path() / "fr.json", "{\n\"back\": 1e999\n}");
    write(dir.path() / "de.json", std::string(limits::kMaxUiStringsFileBytes + 1, ' '));
    write(dir.path() / "it.json", "[\"not\", \"an object\"]");
    UiStrings strings;
    std::vector<std::string> problems;
    CHECK_NOTHROW(problems = strings.loadBuiltIn(dir.path()));
    REQUIRE(problems.size() == 3);
    std::string all;
    for (const auto& p : problems) all += p + "\n";
    INFO(all);
    CHECK(all.find("fr.json:2: invalid JSON: number overflow") != std::string::npos);
    CHECK(all.find("de.json: file too large") != std::string::npos);
    CHECK(all.find("it.json: a strings file must hold a JSON object") != std::string::npos);
    CHECK(strings.get("back", "en", nullptr) == "Back");
}

TEST_CASE("nlohmann-json: manifests that overflow or nest deep are refused, not thrown") {
    CHECK_FALSE(parseManifest("{\"format\": 1e999}"));
    CHECK_FALSE(parseManifest("{\"format\": 1, \"version\": 1e999}"));
    const auto deep = parseManifest("{\"x\":" + std::string(1000, '[') + std::string(1000, ']') + "}");
    REQUIRE_FALSE(deep);
    CHECK(deep.error() == "manifest nested too deep");
    CHECK_FALSE(parsePublicKey("zz" + std::string(62, '0')));
    CHECK_FALSE(parsePublicKey(std::string(100000, 'a')));
}

TEST_CASE("toml++: overflowing numbers and broken syntax are errors with their line") {
    auto config = parseKioskConfig("[kiosk]\nidle_timeout_seconds = 99999999999999999999999\n", "k.toml", "/tmp");
    REQUIRE_FALSE(config);
    CHECK(config.error().rfind("k.toml:2:", 0) == 0);
    config = parseKioskConfig("[kiosk]\n\nidle_timeout_seconds = inf\n", "k.toml", "/tmp");
    REQUIRE_FALSE(config);
    CHECK(config.error() == "k.toml:3:24: [kiosk] 'idle_timeout_seconds' must be a whole number");
    config = parseKioskConfig("[sync]\nmax_bytes = 1e999\n", "k.toml", "/tmp");
    REQUIRE_FALSE(config);
    CHECK(config.error().rfind("k.toml:2:", 0) == 0);
    config = parseKioskConfig("a = " + std::string(5000, '[') + "\n", "k.toml", "/tmp");
    CHECK_FALSE(config);
    TempDir dir;
    write(dir.path() / "big.toml", "# " + std::string(limits::kMaxConfigFileBytes, 'x') + "\n");
    config = loadKioskConfig(dir.path() / "big.toml");
    REQUIRE_FALSE(config);
    CHECK(config.error().find("config file larger than") != std::string::npos);
}

TEST_CASE("number parsing in scripts: out-of-range numbers and endless lines are errors with their line") {
    auto script = parseInputScript("wait 10\nwait 99999999999999999999\n", "s.txt");
    REQUIRE_FALSE(script);
    CHECK(script.error().rfind("s.txt:2: usage: wait MS", 0) == 0);
    script = parseInputScript("tap 1e999 5\n", "s.txt");
    REQUIRE_FALSE(script);
    CHECK(script.error().rfind("s.txt:1: ", 0) == 0);
    script = parseInputScript("tap \"" + std::string(limits::kMaxScriptLineBytes, 'x') + "\"\n", "s.txt");
    REQUIRE_FALSE(script);
    CHECK(script.error() == "s.txt:1: line longer than " + std::to_string(limits::kMaxScriptLineBytes) + " bytes");
}

TEST_CASE("stb_image: bombs are refused from their headers, before decoding") {
    // A valid 2x2 picture decodes.
    const std::string raw2x2 = std::string{0, 10, 20, 0, 30, 40};
    auto image = decodeImage(greyPng(2, 2, raw2x2), 16, 4);
    REQUIRE(image);
    CHECK(image->width == 2);
    CHECK(image->channels == 4);

    // 1x1 pixel claimed, 32 MiB of zeros in a ~32 KiB zlib stream: stb_image alone would grow its
    // output buffer to 32 MiB and more; the probe stops counting after what 1x1 needs.
    const std::string bomb = greyPng(1, 1, std::string(32u * 1024 * 1024, '\0'));
    CHECK(bomb.size() < 64 * 1024);
    auto refused = probeImage(bomb, 16);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().find("image bomb") != std::string::npos);

    // A chunk that claims a gigabyte: stb_image reallocates to the claimed length before reading.
    const std::string ihdr = bigEndian(1) + bigEndian(1) + std::string{8, 0, 0, 0, 0};
    const std::string liar = std::string("\x89PNG\r\n\x1a\n", 8) + pngChunk("IHDR", ihdr) +
                             pngChunk("IDAT", zlibCompress(std::string(2, '\0')), 1u << 30) + pngChunk("IEND", "");
    refused = probeImage(liar, 16);
    REQUIRE_FALSE(refused);
    CHECK(refused.error() == "PNG chunk longer than the file");

    // More pixels than the limit: refused from the header.
    refused = probeImage(greyPng(5000, 5000, std::string(10, '\0')), limits::kMaxImagePixels);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().find("more than the limit") != std::string::npos);

    // Other formats stb_image would read are not content.
    CHECK(probeImage("GIF89a\x01\x00\x01\x00", 16).error() == "not a JPEG or PNG");
    CHECK(probeImage("", 16).error() == "not a JPEG or PNG");

    TempDir dir;
    const auto fixture = fs::path(KIOSK_SOURCE_DIR) / "tests/fixtures/content/good/images/attract.png";
    auto bytes = readImageFile(fixture);
    REQUIRE(bytes);
    CHECK(decodeImage(*bytes, limits::kMaxImagePixels, 0));
}

TEST_CASE("a progressive JPEG is told from a baseline one by its frame header, whatever the bytes") {
    const auto slurp = [](const fs::path& file) {
        std::ifstream in(file, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    const fs::path source(KIOSK_SOURCE_DIR);
    const std::string progressive = slurp(source / "tests/fixtures/content/bad/progressive-jpeg/items/alpha/cover.jpg");
    const std::string baseline = slurp(source / "content/images/attract.jpg");
    REQUIRE(progressive.size() > 100);
    REQUIRE(baseline.size() > 100);
    CHECK(kiosk::isProgressiveJpeg(progressive));
    CHECK_FALSE(kiosk::isProgressiveJpeg(baseline));
    CHECK_FALSE(kiosk::isProgressiveJpeg(slurp(source / "tests/fixtures/content/good/images/attract.png")));
    // Cut anywhere before its frame header: not progressive (and, under ASan, nothing is read
    // beyond the bytes given); with the header's marker and length in: progressive.
    const std::size_t frame = progressive.find("\xFF\xC2");
    REQUIRE(frame != std::string::npos);
    for (std::size_t cut = 0; cut < frame + 4; ++cut) {
        const std::string prefix = progressive.substr(0, cut);   // its own allocation: ASan sees overreads
        CHECK_FALSE(kiosk::isProgressiveJpeg(prefix));
    }
    CHECK(kiosk::isProgressiveJpeg(progressive.substr(0, frame + 4)));
    std::string broken = progressive;
    broken[4] = '\0';
    broken[5] = '\1';   // the first segment's length is 1: shorter than its own length field
    CHECK_FALSE(kiosk::isProgressiveJpeg(broken));
    CHECK_FALSE(kiosk::isProgressiveJpeg(std::string("\xFF\xD8\xFF\xDA\x00\x02", 6)));   // scan before any frame
}

TEST_CASE("an image's size is read from its header alone, and cut or foreign headers are errors") {
    const auto slurp = [](const fs::path& file) {
        std::ifstream in(file, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    const fs::path source(KIOSK_SOURCE_DIR);
    // The header's size is the decoded picture's, for the sample's JPEGs and a fixture PNG.
    for (const fs::path& file : {source / "content/images/attract.jpg", source / "tests/fixtures/content/good/images/attract.png",
                                 source / "tests/fixtures/content/bad/progressive-jpeg/items/alpha/cover.jpg"}) {
        CAPTURE(file);
        const std::string bytes = slurp(file);
        auto decoded = decodeImage(bytes, limits::kMaxImagePixels, 0);
        REQUIRE(decoded);
        auto size = readImageSize(file);
        REQUIRE(size);
        CHECK(size->width == decoded->width);
        CHECK(size->height == decoded->height);
        CHECK(size->channels == decoded->channels);
    }
    // Cut anywhere before the end of the frame header: an error, and nothing read beyond the
    // bytes given (ASan); a prefix with the header in is enough.
    const std::string jpeg = slurp(source / "content/images/attract.jpg");
    const std::size_t frame = jpeg.find("\xFF\xC0");
    REQUIRE(frame != std::string::npos);
    for (std::size_t cut = 0; cut < frame + 10; ++cut) {
        const std::string prefix = jpeg.substr(0, cut);
        CHECK_FALSE(imageSizeFromHeader(prefix));
    }
    CHECK(imageSizeFromHeader(jpeg.substr(0, frame + 10)));
    const std::string png = greyPng(7, 3, std::string(3 * 8, '\0'));
    auto pngSize = imageSizeFromHeader(png.substr(0, 33));
    REQUIRE(pngSize);
    CHECK(pngSize->width == 7);
    CHECK(pngSize->height == 3);
    for (std::size_t cut = 0; cut < 26; ++cut) CHECK_FALSE(imageSizeFromHeader(png.substr(0, cut)));

    // A JPEG with 100 KiB of segments before its frame header (a large EXIF or ICC profile):
    // found by skipping them.
    TempDir dir;
    std::string padded = jpeg.substr(0, 2);
    for (int i = 0; i < 2; ++i) padded += std::string("\xFF\xE2\xC8\x00", 4) + std::string(0xC800 - 2, 'x');
    padded += jpeg.substr(2);
    const fs::path paddedFile = dir.path() / "padded.jpg";
    std::ofstream(paddedFile, std::ios::binary) << padded;
    auto paddedSize = readImageSize(paddedFile);
    REQUIRE(paddedSize);
    CHECK(paddedSize->width == readImageSize(source / "content/images/attract.jpg")->width);

    // Not an image, a zero size, a missing file: errors with a reason.
    CHECK(imageSizeFromHeader("GIF89a\x01\x00\x01\x00").error() == "not a JPEG or PNG");
    std::string zero = jpeg;
    zero[frame + 5] = zero[frame + 6] = '\0';
    CHECK(imageSizeFromHeader(zero).error().find("no size") != std::string::npos);
    CHECK_FALSE(readImageSize(dir.path() / "missing.jpg"));
}

TEST_CASE("std::filesystem: odd paths come back as errors, not exceptions") {
    CHECK_FALSE(readImageFile(std::string(100000, 'x')));          // ENAMETOOLONG
    CHECK_FALSE(readImageFile(std::string("a\0b", 3)));            // embedded NUL
    CHECK_FALSE(readImageFile("/nonexistent/dir/x.png"));
    CHECK_FALSE(loadInputScript(std::string(100000, 'y')));
    CHECK_FALSE(loadKioskConfig(std::string(100000, 'z')));
    UiStrings strings;
    CHECK_NOTHROW((void)strings.loadBuiltIn(std::string(100000, 'w')));
}

}
