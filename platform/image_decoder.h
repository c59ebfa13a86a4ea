// Decodes an image file at the size it is shown at, off the UI thread if wanted (no SDL here).
// JPEG goes through libturbojpeg with DCT scaling (a 4000x3000 photo for a 1920x1080 screen is
// decoded at 2000x1500 directly, never at full size); other formats through stb_image. Either
// way the result is downscaled once to the smallest size that still covers `coverWidth` x
// `coverHeight` (the largest place an image is drawn: the full screen), keeping its aspect.
#pragma once
#include <cstdint>
#include <filesystem>
#include <vector>

#include "kiosk/core/result.h"

namespace kiosk::platform {

struct DecodedImage {
    int width = 0, height = 0;
    std::vector<std::uint8_t> rgba;   // width * height * 4 bytes
};

// Errors are short reasons ("too large: 9000x9000", "not a JPEG or PNG", ...).
Result<DecodedImage> decodeImageForDisplay(const std::filesystem::path& file, int coverWidth, int coverHeight);

} // namespace kiosk::platform
