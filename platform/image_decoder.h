// Decodes an image file at the size it is shown at, off the UI thread if wanted (no SDL here).
// JPEG goes through libturbojpeg with DCT scaling (a 4000x3000 photo for a 1920x1080 screen is
// decoded at 2000x1500 directly, never at full size); other formats through stb_image. Either
// way the result is downscaled once to the smallest size that still covers `coverWidth` x
// `coverHeight` (the largest place an image is drawn: the full screen), keeping its aspect.
// The pixels come out as the software renderer draws them (premultiplied BGRA, one write into
// a PixelBuffer the texture then takes over), so that making a texture copies nothing.
#pragma once
#include <cstdint>
#include <filesystem>
#include <vector>

#include "kiosk/core/result.h"
#include "platform/pixel_buffer.h"

namespace kiosk::platform {

struct DecodedImage {
    int width = 0, height = 0;
    // width * height pixels 0xAARRGGBB, colour premultiplied by alpha (pixman's a8r8g8b8; in
    // memory B, G, R, A on little-endian machines).
    PixelBuffer pixels;
    bool opaque = true;   // every alpha is 255

    // From straight (not premultiplied) RGBA bytes, width * height * 4 of them.
    static DecodedImage fromStraightRgba(const std::uint8_t* rgba, int width, int height);
};

// Errors are short reasons ("too large: 9000x9000", "not a JPEG or PNG", ...).
// The image scaled to cover coverWidth x coverHeight with its aspect: one side exactly the
// cover's, the other at least it (enlarged once when smaller; at most limits::kMaxTextureSidePx
// a side). Without `exactCover`, a JPEG whose DCT-scaled size is larger than that by at most
// 1.25x is kept at that size (the whole display: no second buffer for a resize).
Result<DecodedImage> decodeImageForDisplay(const std::filesystem::path& file, int coverWidth, int coverHeight,
                                           bool exactCover = false);

// Bilinear enlargement of `from` (width x height pixels, rows packed) to `to` (toWidth x
// toHeight, rows packed), toWidth >= width and toHeight >= height, every byte channel alike
// (premultiplied pixels stay premultiplied). `to` may be `from` itself, a buffer of
// toWidth x toHeight pixels whose first width x height hold the picture: then no second
// buffer is needed (a 1600x1000 slide decoded straight into its 1920x1200 texture is enlarged
// there, instead of 6 MB more while both exist). Same pixels either way.
void enlargeBilinear(const std::uint32_t* from, int width, int height, std::uint32_t* to, int toWidth, int toHeight);

} // namespace kiosk::platform
