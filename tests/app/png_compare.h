// Compares a PNG with a golden PNG, with a tolerance: software rendering is deterministic on
// one machine, but font and library versions (and arm64) move a few pixels.
#pragma once
#include <filesystem>
#include <string>

namespace kiosk::test {

struct ImageDifference {
    bool loaded = false;          // both images could be read
    std::string error;
    int width = 0, height = 0;
    long differentPixels = 0;     // pixels with any channel off by more than the threshold
    double differentFraction = 0;
};

ImageDifference comparePng(const std::filesystem::path& actual, const std::filesystem::path& golden, int channelThreshold = 48);

// Checks `actual` against tests/goldens/<name>; with KIOSK_UPDATE_GOLDENS=1 in the
// environment it (re)writes the golden instead. Returns a description of the failure, or "".
std::string checkGolden(const std::filesystem::path& actual, const std::string& name, double allowedFraction = 0.004);

} // namespace kiosk::test
