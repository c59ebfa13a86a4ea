#include "kiosk/core/image_decode.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <fstream>
#include <optional>

#include <stb_image.h>
#include <zlib.h>

#include "kiosk/core/limits.h"

namespace kiosk {
namespace {

constexpr unsigned char kPngSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
constexpr std::size_t kPngChunkOverheadBytes = 12;   // length, type, CRC
constexpr std::size_t kInflateWindowBytes = 64 * 1024;

bool isPng(std::string_view bytes) {
    return bytes.size() >= sizeof kPngSignature && std::memcmp(bytes.data(), kPngSignature, sizeof kPngSignature) == 0;
}
bool isJpeg(std::string_view bytes) {
    return bytes.size() >= 3 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
           static_cast<unsigned char>(bytes[1]) == 0xD8 && static_cast<unsigned char>(bytes[2]) == 0xFF;
}

std::uint32_t bigEndian32(const char* p) {
    const auto* u = reinterpret_cast<const unsigned char*>(p);
    return (std::uint32_t{u[0]} << 24) | (std::uint32_t{u[1]} << 16) | (std::uint32_t{u[2]} << 8) | u[3];
}

// Channels of a PNG colour type (IHDR); 0 for a type PNG does not define.
int pngChannels(unsigned colorType) {
    switch (colorType) {
    case 0: return 1;   // grey
    case 2: return 3;   // RGB
    case 3: return 1;   // palette
    case 4: return 2;   // grey and alpha
    case 6: return 4;   // RGBA
    default: return 0;
    }
}

// Bytes per row of raw PNG data for `width` pixels (filter byte included).
std::uint64_t pngRowBytes(std::uint64_t width, int bitsPerPixel) {
    return (width * static_cast<std::uint64_t>(bitsPerPixel) + 7) / 8 + 1;
}

// Checks the chunk layout and counts what the IDAT stream inflates to, never holding more
// than one window of it. The limit is what the image's header needs (Adam7 interlacing needs
// at most 7 extra filter bytes per row and a partial byte per pass: allowed for).
std::optional<std::string> checkPngStructure(std::string_view bytes, const ImageInfo& info) {
    std::size_t at = sizeof kPngSignature;
    int bitsPerPixel = 0;
    z_stream stream{};
    bool inflating = false;
    bool streamEnded = false;
    std::uint64_t inflated = 0;
    std::uint64_t allowed = 0;
    std::array<unsigned char, kInflateWindowBytes> window{};
    std::optional<std::string> problem;
    while (at < bytes.size() && !problem) {
        if (bytes.size() - at < kPngChunkOverheadBytes) { problem = "PNG chunk cut short"; break; }
        const std::uint32_t length = bigEndian32(bytes.data() + at);
        const std::string_view type = bytes.substr(at + 4, 4);
        if (length > bytes.size() - at - kPngChunkOverheadBytes) { problem = "PNG chunk longer than the file"; break; }
        const std::string_view data = bytes.substr(at + 8, length);
        at += kPngChunkOverheadBytes + length;
        if (type == "IHDR") {
            if (length < 13) { problem = "PNG header too short"; break; }
            const int depth = static_cast<unsigned char>(data[8]);
            const int colorType = static_cast<unsigned char>(data[9]);
            const int channels = pngChannels(static_cast<unsigned>(colorType));
            if (channels == 0 || depth == 0 || depth > 16) { problem = "PNG colour type or depth not supported"; break; }
            bitsPerPixel = channels * depth;
            const std::uint64_t w = static_cast<std::uint64_t>(info.width), h = static_cast<std::uint64_t>(info.height);
            allowed = h * pngRowBytes(w, bitsPerPixel) + 7 * (h + 8) + 64;
        } else if (type == "IDAT") {
            if (bitsPerPixel == 0) { problem = "PNG data before its header"; break; }
            if (streamEnded) continue;   // trailing data after the zlib stream: stb_image ignores it too
            if (!inflating) {
                if (inflateInit(&stream) != Z_OK) { problem = "cannot start zlib"; break; }
                inflating = true;
            }
            stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
            stream.avail_in = static_cast<uInt>(data.size());
            while (stream.avail_in > 0 && !streamEnded) {
                stream.next_out = window.data();
                stream.avail_out = static_cast<uInt>(window.size());
                const int status = inflate(&stream, Z_NO_FLUSH);
                inflated += window.size() - stream.avail_out;
                if (inflated > allowed) { problem = "PNG data inflates beyond what its pixels need (image bomb?)"; break; }
                if (status == Z_STREAM_END) streamEnded = true;
                else if (status != Z_OK) { problem = "PNG data is not a valid zlib stream"; break; }
            }
        } else if (type == "IEND") {
            break;
        }
    }
    if (inflating) inflateEnd(&stream);
    if (!problem && bitsPerPixel == 0) problem = "PNG has no header";
    return problem;
}

} // namespace

void DecodedImage::Free::operator()(unsigned char* pixels) const { stbi_image_free(pixels); }

Result<ImageInfo> probeImage(std::string_view bytes, std::int64_t maxPixels) {
    if (bytes.size() > limits::kMaxImageFileBytes)
        return Error{"file larger than " + std::to_string(limits::kMaxImageFileBytes) + " bytes"};
    const bool png = isPng(bytes);
    if (!png && !isJpeg(bytes)) return Error{"not a JPEG or PNG"};
    // stb_image takes an int length: fine below kMaxImageFileBytes.
    static_assert(limits::kMaxImageFileBytes < 0x7fffffff);
    ImageInfo info;
    if (!stbi_info_from_memory(reinterpret_cast<const stbi_uc*>(bytes.data()), static_cast<int>(bytes.size()),
                               &info.width, &info.height, &info.channels)) {
        const char* why = stbi_failure_reason();
        return Error{why ? why : "unreadable header"};
    }
    const std::int64_t pixels = static_cast<std::int64_t>(info.width) * info.height;
    if (info.width <= 0 || info.height <= 0 || pixels > maxPixels)
        return Error{std::to_string(info.width) + "x" + std::to_string(info.height) + " = " + std::to_string(pixels) +
                     " pixels, more than the limit of " + std::to_string(maxPixels)};
    if (png)
        if (auto problem = checkPngStructure(bytes, info)) return Error{*problem};
    return info;
}

Result<DecodedImage> decodeImage(std::string_view bytes, std::int64_t maxPixels, int desiredChannels) {
    auto info = probeImage(bytes, maxPixels);
    if (!info) return Error{info.error()};
    DecodedImage image;
    int width = 0, height = 0, channels = 0;
    image.pixels.reset(stbi_load_from_memory(reinterpret_cast<const stbi_uc*>(bytes.data()),
                                             static_cast<int>(bytes.size()), &width, &height, &channels, desiredChannels));
    if (!image.pixels) {
        const char* why = stbi_failure_reason();
        return Error{why ? why : "cannot decode"};
    }
    // The decoder read the same header the probe did; anything else is refused.
    if (width != info->width || height != info->height) return Error{"image size changed while decoding"};
    image.width = width;
    image.height = height;
    image.channels = desiredChannels ? desiredChannels : channels;
    return image;
}

Result<std::string> readImageFile(const std::filesystem::path& file) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (ec) return Error{ec.message()};
    if (size > limits::kMaxImageFileBytes)
        return Error{"file larger than " + std::to_string(limits::kMaxImageFileBytes) + " bytes"};
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error{"cannot open"};
    std::string bytes(static_cast<std::size_t>(size), '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    return bytes;
}

namespace {

// A frame header: marker (2), length (2), precision (1), height (2), width (2), components (1).
constexpr std::size_t kJpegFrameHeaderBytes = 10;
constexpr int kMaxJpegSegments = 4096;   // before the frame header; more is no JPEG a camera writes

// Walks a JPEG's marker segments to its frame header (start-of-frame marker), reading through
// read(at, out, n) (false when fewer than n bytes are there): where the header starts, or
// nothing (no JPEG, cut short, a scan or the end before any frame header). Its marker and
// length are there to read; the fields after them may not be.
template <typename Read>
std::optional<std::size_t> jpegFrameHeader(Read&& read) {
    std::array<unsigned char, 4> at{};
    if (!read(0, at.data(), 2) || at[0] != 0xFF || at[1] != 0xD8) return std::nullopt;
    // Marker segments after SOI: 0xFF, a marker byte, then a big-endian length that counts itself.
    std::size_t offset = 2;
    for (int segment = 0; segment < kMaxJpegSegments; ++segment) {
        if (!read(offset, at.data(), 4) || at[0] != 0xFF) return std::nullopt;
        const unsigned marker = at[1];
        if (marker == 0xFF) { ++offset; continue; }   // fill byte
        if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) return offset;
        if (marker == 0xD9 || marker == 0xDA) return std::nullopt;   // end of image, or scan data before any frame
        const std::size_t length = static_cast<std::size_t>(at[2]) << 8 | at[3];
        if (length < 2) return std::nullopt;
        offset += 2 + length;
    }
    return std::nullopt;
}

// A header's size, or why it is none.
Result<ImageInfo> checkedSize(const ImageInfo& info) {
    if (info.width <= 0 || info.height <= 0)
        return Error{"no size in the header (" + std::to_string(info.width) + "x" + std::to_string(info.height) + ")"};
    return info;
}

// The size a JPEG's frame header gives, read through read() as above.
template <typename Read>
Result<ImageInfo> jpegSize(Read&& read) {
    std::array<unsigned char, kJpegFrameHeaderBytes> frame{};
    const std::optional<std::size_t> at = jpegFrameHeader(read);
    if (!at || !read(*at, frame.data(), frame.size())) return Error{"JPEG without a frame header"};
    ImageInfo info;
    info.height = static_cast<int>(frame[5] << 8 | frame[6]);
    info.width = static_cast<int>(frame[7] << 8 | frame[8]);
    info.channels = frame[9];
    return checkedSize(info);
}

auto memoryReader(std::string_view bytes) {
    return [bytes](std::size_t at, unsigned char* out, std::size_t n) {
        if (at > bytes.size() || bytes.size() - at < n) return false;
        std::memcpy(out, bytes.data() + at, n);
        return true;
    };
}

// The signature (8), then the IHDR chunk: length (4), "IHDR", width (4), height (4), depth, colour type.
constexpr std::size_t kPngHeaderBytes = 8 + 8 + 10;

} // namespace

bool isProgressiveJpeg(std::string_view bytes) {
    const std::optional<std::size_t> frame = jpegFrameHeader(memoryReader(bytes));
    if (!frame) return false;
    const unsigned marker = static_cast<unsigned char>(bytes[*frame + 1]);
    return marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE;
}

Result<ImageInfo> imageSizeFromHeader(std::string_view bytes) {
    if (isJpeg(bytes)) return jpegSize(memoryReader(bytes));
    if (!isPng(bytes)) return Error{"not a JPEG or PNG"};
    if (bytes.size() < kPngHeaderBytes || bytes.substr(12, 4) != "IHDR") return Error{"PNG without its header"};
    ImageInfo info;
    info.width = static_cast<int>(std::min<std::uint32_t>(bigEndian32(bytes.data() + 16), 0x7fffffff));
    info.height = static_cast<int>(std::min<std::uint32_t>(bigEndian32(bytes.data() + 20), 0x7fffffff));
    info.channels = std::max(1, pngChannels(static_cast<unsigned char>(bytes[25])));
    return checkedSize(info);
}

Result<ImageInfo> readImageSize(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error{"cannot open"};
    std::string head(kPngHeaderBytes, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    if (!isJpeg(head)) return imageSizeFromHeader(head);
    // A JPEG's frame header may come after large EXIF or ICC segments: the walk reads each
    // segment's marker and length, and skips its body.
    return jpegSize([&](std::size_t at, unsigned char* out, std::size_t n) {
        in.clear();
        in.seekg(static_cast<std::streamoff>(at));
        in.read(reinterpret_cast<char*>(out), static_cast<std::streamsize>(n));
        return static_cast<std::size_t>(in.gcount()) == n;
    });
}

} // namespace kiosk
