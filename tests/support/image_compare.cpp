#include "tests/support/image_compare.h"

#include <algorithm>
#include <cstdlib>
#include <memory>

#include <stb_image.h>
#include <stb_image_write.h>

namespace kiosk::testing {

RgbaImage readPng(const std::filesystem::path& file) {
    RgbaImage image;
    int w = 0, h = 0, channels = 0;
    std::unique_ptr<unsigned char, void (*)(void*)> pixels(stbi_load(file.c_str(), &w, &h, &channels, 4), stbi_image_free);
    if (!pixels) return image;
    image.width = w;
    image.height = h;
    image.rgba.assign(pixels.get(), pixels.get() + static_cast<std::size_t>(w) * h * 4);
    return image;
}

bool writePng(const std::filesystem::path& file, const RgbaImage& image) {
    if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
    return stbi_write_png(file.c_str(), image.width, image.height, 4, image.rgba.data(), image.width * 4) != 0;
}

std::string ImageDifference::describe() const {
    if (!loaded) return error;
    return std::to_string(differentPixels) + " pixels differ (" + std::to_string(differentFraction * 100) +
           "%); the worst " + std::to_string(kTilePx) + "x" + std::to_string(kTilePx) + " tile, at (" +
           std::to_string(worstTileX) + ", " + std::to_string(worstTileY) + "), has " +
           std::to_string(worstTileDifferentPixels) + " (allowed " + std::to_string(kMaxDifferentPixelsPerTile) + ")";
}

ImageDifference compareImages(const RgbaImage& actual, const RgbaImage& expected, int channelTolerance) {
    ImageDifference diff;
    if (actual.width <= 0 || expected.width <= 0) { diff.error = "an image is empty"; return diff; }
    if (actual.width != expected.width || actual.height != expected.height) {
        diff.error = "size " + std::to_string(actual.width) + "x" + std::to_string(actual.height) + " differs from " +
                     std::to_string(expected.width) + "x" + std::to_string(expected.height);
        return diff;
    }
    diff.loaded = true;
    diff.width = actual.width;
    diff.height = actual.height;
    const int tilesX = (actual.width + kTilePx - 1) / kTilePx, tilesY = (actual.height + kTilePx - 1) / kTilePx;
    std::vector<int> tiles(static_cast<std::size_t>(tilesX) * tilesY, 0);
    for (int y = 0; y < actual.height; ++y) {
        for (int x = 0; x < actual.width; ++x) {
            const std::size_t i = (static_cast<std::size_t>(y) * actual.width + x) * 4;
            for (int c = 0; c < 3; ++c) {
                if (std::abs(int(actual.rgba[i + c]) - int(expected.rgba[i + c])) > channelTolerance) {
                    ++diff.differentPixels;
                    ++tiles[static_cast<std::size_t>(y / kTilePx) * tilesX + x / kTilePx];
                    break;
                }
            }
        }
    }
    const auto worst = std::max_element(tiles.begin(), tiles.end());
    diff.worstTileDifferentPixels = *worst;
    const int index = static_cast<int>(worst - tiles.begin());
    diff.worstTileX = (index % tilesX) * kTilePx;
    diff.worstTileY = (index / tilesX) * kTilePx;
    diff.differentFraction = static_cast<double>(diff.differentPixels) / (static_cast<double>(actual.width) * actual.height);
    return diff;
}

ImageDifference comparePng(const std::filesystem::path& actual, const std::filesystem::path& expected, int channelTolerance) {
    const RgbaImage a = readPng(actual), e = readPng(expected);
    if (a.width == 0) { ImageDifference d; d.error = "cannot read " + actual.string(); return d; }
    if (e.width == 0) { ImageDifference d; d.error = "cannot read " + expected.string(); return d; }
    ImageDifference diff = compareImages(a, e, channelTolerance);
    if (!diff.loaded) diff.error = actual.string() + ": " + diff.error + " (" + expected.string() + ")";
    return diff;
}

std::filesystem::path goldenFile(const std::string& name) { return std::filesystem::path(KIOSK_SOURCE_DIR) / "tests/goldens" / name; }

namespace {
bool updatingGoldens() {
    const char* update = std::getenv("KIOSK_UPDATE_GOLDENS");
    return update && std::string(update) == "1";
}
} // namespace

std::string checkGolden(const RgbaImage& actual, const std::filesystem::path& golden) {
    if (updatingGoldens()) return writePng(golden, actual) ? "" : "cannot write " + golden.string();
    const RgbaImage expected = readPng(golden);
    if (expected.width == 0) return "no golden " + golden.string() + " (run with KIOSK_UPDATE_GOLDENS=1 and look at it)";
    const ImageDifference diff = compareImages(actual, expected);
    if (diff.matches()) return {};
    const auto saved = std::filesystem::temp_directory_path() / ("actual-" + golden.filename().string());
    writePng(saved, actual);
    return golden.string() + ": " + diff.describe() + "; actual image: " + saved.string();
}

std::string checkGolden(const std::filesystem::path& actualPng, const std::filesystem::path& golden) {
    const RgbaImage actual = readPng(actualPng);
    if (actual.width == 0) return "cannot read " + actualPng.string();
    return checkGolden(actual, golden);
}

} // namespace kiosk::testing
