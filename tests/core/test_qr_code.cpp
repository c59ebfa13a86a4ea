#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "kiosk/core/qr_code.h"

using namespace kiosk;

namespace {

// How many blocks cover each module.
std::vector<int> coverage(const QrCode& code, const std::vector<QrBlock>& blocks) {
    std::vector<int> covered(static_cast<std::size_t>(code.size * code.size), 0);
    for (const QrBlock& b : blocks) {
        REQUIRE(b.width > 0);
        REQUIRE(b.height > 0);
        REQUIRE(b.x >= 0);
        REQUIRE(b.y >= 0);
        REQUIRE(b.x + b.width <= code.size);
        REQUIRE(b.y + b.height <= code.size);
        for (int y = b.y; y < b.y + b.height; ++y)
            for (int x = b.x; x < b.x + b.width; ++x) ++covered[static_cast<std::size_t>(y * code.size + x)];
    }
    return covered;
}

void checkExactCover(const QrCode& code) {
    const std::vector<QrBlock> blocks = darkBlocks(code);
    const std::vector<int> covered = coverage(code, blocks);
    int dark = 0;
    for (int y = 0; y < code.size; ++y)
        for (int x = 0; x < code.size; ++x) {
            const int c = covered[static_cast<std::size_t>(y * code.size + x)];
            if (code.dark(x, y)) {
                ++dark;
                CHECK_MESSAGE(c == 1, "dark module " << x << "," << y << " covered " << c << " times");
            } else {
                CHECK_MESSAGE(c == 0, "light module " << x << "," << y << " covered " << c << " times");
            }
        }
    CHECK(static_cast<int>(blocks.size()) <= dark);
}

} // namespace

TEST_CASE("a QR code of an item link encodes, with its finder patterns") {
    const QrCode code = encodeQrCode("https://www.ciie.org/zbh/en/");
    REQUIRE(code.size >= 21);
    CHECK((code.size - 17) % 4 == 0);   // versions are 21, 25, 29, ... modules wide
    // The top-left finder pattern: a dark 7x7 ring, a light ring inside, a dark 3x3 centre.
    for (int i = 0; i < 7; ++i) {
        CHECK(code.dark(i, 0));
        CHECK(code.dark(i, 6));
        CHECK(code.dark(0, i));
        CHECK(code.dark(6, i));
    }
    CHECK_FALSE(code.dark(1, 1));
    CHECK(code.dark(3, 3));
    CHECK_FALSE(code.dark(7, 7));   // the separator
    CHECK(encodeQrCode("").size == 0);
}

TEST_CASE("the dark blocks of a QR code cover every dark module once and no light one, in far fewer rectangles") {
    for (const std::string& link : std::vector<std::string>{"https://www.ciie.org/zbh/en/", "https://example.org/items/jingdezhen-porcelain?lang=zh-Hans",
                                   std::string(300, 'a')}) {
        CAPTURE(link);
        const QrCode code = encodeQrCode(link);
        REQUIRE(code.size > 0);
        checkExactCover(code);
        int dark = 0;
        for (bool m : code.modules) dark += m ? 1 : 0;
        // Runs of dark modules, and the finder patterns' solid rows, make far fewer blocks.
        CHECK(static_cast<int>(darkBlocks(code).size()) * 2 < dark);
    }
}

TEST_CASE("dark blocks of hand-made patterns: a solid square is one block, a checkerboard one per module, stacked runs merge") {
    QrCode solid;
    solid.size = 5;
    solid.modules.assign(25, true);
    REQUIRE(darkBlocks(solid).size() == 1);
    CHECK(darkBlocks(solid)[0].width == 5);
    CHECK(darkBlocks(solid)[0].height == 5);
    checkExactCover(solid);

    QrCode checker;
    checker.size = 6;
    for (int i = 0; i < 36; ++i) checker.modules.push_back(((i / 6) + (i % 6)) % 2 == 0);
    CHECK(darkBlocks(checker).size() == 18);
    checkExactCover(checker);

    // Two rows of the same run, then a wider run below: two blocks, not three.
    QrCode steps;
    steps.size = 4;
    steps.modules = {false, true, true, false,
                     false, true, true, false,
                     true, true, true, true,
                     false, false, false, false};
    const std::vector<QrBlock> blocks = darkBlocks(steps);
    CHECK(blocks.size() == 2);
    checkExactCover(steps);

    CHECK(darkBlocks(QrCode{}).empty());
}
