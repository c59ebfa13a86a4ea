// Comparing rendered images with goldens: one tolerance policy for every golden (app screens,
// text renders).
//   - A pixel differs when one of its colour channels is off by more than kChannelTolerance
//     (font hinting and library versions move edges by a shade, not a glyph).
//   - Images match when no kTilePx x kTilePx tile has more than kMaxDifferentPixelsPerTile
//     differing pixels. Noise is spread thin; a missing or changed caption, even a short one,
//     is many differing pixels in one place, which a whole-image budget (the old 0.4% = 8,294
//     pixels at 1080p) let through.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace kiosk::testing {

inline constexpr int kChannelTolerance = 48;            // of 255
inline constexpr int kTilePx = 32;
inline constexpr int kMaxDifferentPixelsPerTile = 64;   // of 1,024 (6%)

struct RgbaImage {
    int width = 0, height = 0;
    std::vector<std::uint8_t> rgba;   // width * height * 4
};

// Reads a PNG (any channel count) as RGBA; empty (width 0) when it cannot be read.
RgbaImage readPng(const std::filesystem::path& file);
bool writePng(const std::filesystem::path& file, const RgbaImage& image);

struct ImageDifference {
    bool loaded = false;           // both images could be read and have the same size
    std::string error;
    int width = 0, height = 0;
    long differentPixels = 0;      // pixels with a channel off by more than kChannelTolerance
    double differentFraction = 0;
    int worstTileDifferentPixels = 0;
    int worstTileX = 0, worstTileY = 0;   // its top-left corner (px)
    // The policy above: no tile over kMaxDifferentPixelsPerTile.
    bool matches() const { return loaded && worstTileDifferentPixels <= kMaxDifferentPixelsPerTile; }
    std::string describe() const;
};

// `channelTolerance`: kChannelTolerance for goldens; 0 for checks that two renders on the same
// machine are identical (then differentPixels must be 0).
ImageDifference compareImages(const RgbaImage& actual, const RgbaImage& expected, int channelTolerance = kChannelTolerance);
ImageDifference comparePng(const std::filesystem::path& actual, const std::filesystem::path& expected,
                           int channelTolerance = kChannelTolerance);

// tests/goldens/<name> in the source tree.
std::filesystem::path goldenFile(const std::string& name);

// Checks `actual` against the golden file `golden` (tests/goldens/...); with
// KIOSK_UPDATE_GOLDENS=1 in the environment it (re)writes the golden instead. Returns a
// description of the failure, or "".
std::string checkGolden(const RgbaImage& actual, const std::filesystem::path& golden);
std::string checkGolden(const std::filesystem::path& actualPng, const std::filesystem::path& golden);

} // namespace kiosk::testing
