// Decoding the images curators publish (JPEG and PNG, through Debian's stb_image) with the
// limits applied BEFORE stb_image allocates anything: an image bomb (a tiny file that claims
// or inflates to gigabytes) is refused from its headers, not discovered by running out of memory.
//
// What is checked, in order, on the bytes in memory:
//  1. size <= limits::kMaxImageFileBytes (readImageFile checks before reading);
//  2. a JPEG or PNG signature (stb_image also reads GIF, PSD, HDR, TGA, ... which the content
//     format does not allow: less decoder code reachable from outside input);
//  3. the header's width x height <= maxPixels (stbi_info_from_memory);
//  4. PNG only: every chunk lies inside the file (stb_image grows its buffer to a chunk's
//     claimed length before reading it), and the IDAT stream inflates (counted with zlib, in
//     a fixed 64 KiB window) to no more than the header's dimensions need (stb_image's zlib
//     output grows without bound otherwise).
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "kiosk/core/result.h"

namespace kiosk {

struct ImageInfo {
    int width = 0;
    int height = 0;
    int channels = 0;   // as stored
};

struct DecodedImage {
    struct Free { void operator()(unsigned char* pixels) const; };
    std::unique_ptr<unsigned char, Free> pixels;   // width * height * channels bytes
    int width = 0;
    int height = 0;
    int channels = 0;   // of `pixels`: the desired count, or as stored when 0 was asked
};

// Checks 2-4 above. Errors are short and human ("not a JPEG or PNG", "4100x4100 = ... pixels,
// more than the limit of ...", "PNG data inflates beyond its 2x2 pixels (image bomb?)").
Result<ImageInfo> probeImage(std::string_view bytes, std::int64_t maxPixels);

// probeImage(), then decodes. desiredChannels 0 keeps the stored channel count.
Result<DecodedImage> decodeImage(std::string_view bytes, std::int64_t maxPixels, int desiredChannels);

// True for a progressive JPEG (its frame header is SOF2, SOF6, SOF10 or SOF14). Such a file
// decodes slower on the kiosk and needs a buffer of coefficients for the whole image before
// the first line comes out; the content checker suggests saving it as baseline. False for
// anything else, including bytes that are no JPEG or end before a frame header.
bool isProgressiveJpeg(std::string_view bytes);

// The width, height and stored channels a PNG's IHDR or a JPEG's frame header gives, reading
// only the header (a JPEG's segments before its frame header are skipped, not read): to size
// a place to a picture before it is decoded. Nothing is decoded or checked beyond the header;
// errors are short reasons ("not a JPEG or PNG", "JPEG without a frame header").
Result<ImageInfo> readImageSize(const std::filesystem::path& file);
// The same from bytes: a prefix of the file with the header in it is enough.
Result<ImageInfo> imageSizeFromHeader(std::string_view bytes);

// Reads a file of at most limits::kMaxImageFileBytes (the size is checked before reading).
Result<std::string> readImageFile(const std::filesystem::path& file);

} // namespace kiosk
