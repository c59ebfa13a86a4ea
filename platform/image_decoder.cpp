#include "platform/image_decoder.h"

#include <stb_image_resize.h>
#include <turbojpeg.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <memory>

#include "kiosk/core/image_decode.h"
#include "kiosk/core/limits.h"

namespace kiosk::platform {
namespace {

// The size that exactly covers the target with the image's aspect (one side the target's, the
// other at least it), at most limits::kMaxTextureSidePx a side. A picture smaller than its place
// is enlarged here, once, so that the renderer copies it in every frame instead of filtering it:
// a 1600x1000 attract slide at 1080p is 1920x1200 (2.8 MB more than as it is), and its
// cross-fade two copies instead of two bilinear passes over the screen.
void coverSize(int w, int h, int coverW, int coverH, int& outW, int& outH) {
    double scale = std::max(static_cast<double>(coverW) / w, static_cast<double>(coverH) / h);
    const double maxSide = static_cast<double>(limits::kMaxTextureSidePx) / std::max(w, h);
    scale = std::min(scale, maxSide);
    outW = std::max(1, static_cast<int>(std::lround(w * scale)));
    outH = std::max(1, static_cast<int>(std::lround(h * scale)));
}

// Straight RGBA bytes -> premultiplied 0xAARRGGBB pixels.
bool premultiplyInto(const std::uint8_t* rgba, std::size_t count, std::uint32_t* out) {
    bool opaque = true;
    for (std::size_t i = 0; i < count; ++i) {
        const std::uint8_t* p = rgba + i * 4;
        const std::uint32_t a = p[3];
        std::uint32_t r = p[0], g = p[1], b = p[2];
        if (a != 255) {
            opaque = false;
            r = (r * a + 127) / 255;
            g = (g * a + 127) / 255;
            b = (b * a + 127) / 255;
        }
        out[i] = a << 24 | r << 16 | g << 8 | b;
    }
    return opaque;
}

// One output pixel's sample: where it falls in the source (pixel centres aligned), as the two
// source indexes either side and the weight of the second, in 1/256.
struct Sample {
    int first = 0, second = 0, weight = 0;
};
Sample sampleAt(int out, int outSize, int inSize) {
    const double at = (out + 0.5) * inSize / outSize - 0.5;
    const double clamped = std::clamp(at, 0.0, static_cast<double>(inSize - 1));
    Sample s;
    s.first = static_cast<int>(clamped);
    s.second = std::min(s.first + 1, inSize - 1);
    s.weight = static_cast<int>(std::lround((clamped - s.first) * 256.0));
    if (s.weight == 256) { s.first = s.second; s.weight = 0; }
    return s;
}

// a * (256 - weight) + b * weight, / 256 rounded, for the four bytes of two pixels at once (two
// lanes of two 16-bit channels; 255 * 256 fits a lane).
std::uint32_t blend(std::uint32_t a, std::uint32_t b, std::uint32_t weight) {
    const std::uint32_t keep = 256 - weight;
    const std::uint32_t low = ((a & 0x00FF00FFu) * keep + (b & 0x00FF00FFu) * weight + 0x00800080u) >> 8;
    const std::uint32_t high = ((a >> 8 & 0x00FF00FFu) * keep + (b >> 8 & 0x00FF00FFu) * weight + 0x00800080u) >> 8;
    return (low & 0x00FF00FFu) | (high & 0x00FF00FFu) << 8;
}

} // namespace

void enlargeBilinear(const std::uint32_t* from, int width, int height, std::uint32_t* to, int toWidth, int toHeight) {
    if (width <= 0 || height <= 0 || toWidth < width || toHeight < height) return;
    std::vector<Sample> columns(static_cast<std::size_t>(toWidth));
    for (int x = 0; x < toWidth; ++x) columns[static_cast<std::size_t>(x)] = sampleAt(x, toWidth, width);
    // Last row first: an output row is written only where the source rows still to be read (up
    // to the second of its own sample) end before it starts. The first rows, where that does not
    // hold, read a copy of the source rows they need.
    const bool inPlace = from == to;
    int firstSafe = 0;   // rows from here on may be written over the source
    if (inPlace) {
        firstSafe = toHeight;
        while (firstSafe > 0) {
            const int y = firstSafe - 1;
            const std::int64_t rowStart = static_cast<std::int64_t>(y) * toWidth;
            const std::int64_t sourceEnd = static_cast<std::int64_t>(sampleAt(y, toHeight, height).second + 1) * width;
            if (rowStart < sourceEnd) break;
            --firstSafe;
        }
    }
    std::vector<std::uint32_t> head;
    if (firstSafe > 0) head.assign(from, from + static_cast<std::ptrdiff_t>(sampleAt(firstSafe - 1, toHeight, height).second + 1) * width);
    // Source rows enlarged across (the two last used): the rows going up reuse them.
    struct Widened { int row = -1; std::vector<std::uint32_t> pixels; };
    Widened cache[2];
    for (Widened& w : cache) w.pixels.resize(static_cast<std::size_t>(toWidth));
    int next = 0;
    const auto widened = [&](int row, bool fromHead) -> const std::uint32_t* {
        for (const Widened& w : cache)
            if (w.row == row) return w.pixels.data();
        Widened& w = cache[next];
        next ^= 1;
        const std::uint32_t* source = (fromHead ? head.data() : from) + static_cast<std::ptrdiff_t>(row) * width;
        for (int x = 0; x < toWidth; ++x) {
            const Sample& c = columns[static_cast<std::size_t>(x)];
            w.pixels[static_cast<std::size_t>(x)] = blend(source[c.first], source[c.second], static_cast<std::uint32_t>(c.weight));
        }
        w.row = row;
        return w.pixels.data();
    };
    for (int y = toHeight - 1; y >= 0; --y) {
        // Below firstSafe the source rows come from the copy: the same pixels, so rows already
        // widened from the buffer stay good.
        const bool readingHead = y < firstSafe;
        const Sample row = sampleAt(y, toHeight, height);
        const std::uint32_t* r0 = widened(row.first, readingHead);
        const std::uint32_t* r1 = widened(row.second, readingHead);
        std::uint32_t* out = to + static_cast<std::ptrdiff_t>(y) * toWidth;
        const auto weight = static_cast<std::uint32_t>(row.weight);
        for (int x = 0; x < toWidth; ++x) out[x] = blend(r0[x], r1[x], weight);
    }
}

namespace {

Error outOfMemory(int width, int height) { return Error{"out of memory for " + std::to_string(width) + "x" + std::to_string(height)}; }

Result<PixelBuffer> allocate(int width, int height) {
    PixelBuffer buffer(static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
    if (buffer.empty()) return outOfMemory(width, height);
    return buffer;
}

bool enlarges(int w, int h, int outW, int outH) { return outW >= w && outH >= h && (outW > w || outH > h); }

// Straight RGBA of `w` x `h` -> a DecodedImage covering coverW x coverH (resized once).
Result<DecodedImage> fromRgba(const std::uint8_t* rgba, int w, int h, int coverW, int coverH) {
    int outW = 0, outH = 0;
    coverSize(w, h, coverW, coverH, outW, outH);
    if (enlarges(w, h, outW, outH)) {
        // Premultiplied into the start of the texture's buffer, then enlarged there.
        auto buffer = allocate(outW, outH);
        if (!buffer) return Error{buffer.error()};
        DecodedImage image;
        image.opaque = premultiplyInto(rgba, static_cast<std::size_t>(w) * static_cast<std::size_t>(h), buffer->data());
        enlargeBilinear(buffer->data(), w, h, buffer->data(), outW, outH);
        image.width = outW;
        image.height = outH;
        image.pixels = std::move(*buffer);
        return image;
    }
    std::vector<std::uint8_t> resized;
    if (outW != w || outH != h) {
        resized.resize(static_cast<std::size_t>(outW) * static_cast<std::size_t>(outH) * 4);
        if (!stbir_resize_uint8(rgba, w, h, 0, resized.data(), outW, outH, 0, 4)) return Error{"cannot scale"};
        rgba = resized.data();
    }
    DecodedImage image = DecodedImage::fromStraightRgba(rgba, outW, outH);
    if (image.pixels.empty()) return outOfMemory(outW, outH);
    return image;
}

bool isJpeg(const std::vector<unsigned char>& bytes) {
    return bytes.size() > 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF;
}

Result<DecodedImage> decodeJpeg(const std::vector<unsigned char>& bytes, int coverW, int coverH, bool exactCover) {
    std::unique_ptr<void, int (*)(tjhandle)> handle(tjInitDecompress(), tjDestroy);
    if (!handle) return Error{"JPEG decoder unavailable"};
    int w = 0, h = 0, subsampling = 0, colorspace = 0;
    if (tjDecompressHeader3(handle.get(), bytes.data(), static_cast<unsigned long>(bytes.size()), &w, &h, &subsampling,
                            &colorspace) != 0)
        return Error{tjGetErrorStr2(handle.get())};
    if (w <= 0 || h <= 0 || static_cast<long long>(w) * h > limits::kMaxImagePixels)
        return Error{"too large: " + std::to_string(w) + "x" + std::to_string(h)};
    int wantW = 0, wantH = 0;
    coverSize(w, h, coverW, coverH, wantW, wantH);
    // The smallest DCT scaling that still gives at least the wanted size.
    int count = 0;
    const tjscalingfactor* factors = tjGetScalingFactors(&count);
    tjscalingfactor best{1, 1};
    int bestW = w;
    for (int i = 0; factors && i < count; ++i) {
        const int sw = TJSCALED(w, factors[i]), sh = TJSCALED(h, factors[i]);
        if (sw >= wantW && sh >= wantH && sw < bestW) { best = factors[i]; bestW = sw; }
    }
    const int decodedW = TJSCALED(w, best), decodedH = TJSCALED(h, best);
    int outW = 0, outH = 0;
    coverSize(decodedW, decodedH, coverW, coverH, outW, outH);
    // Larger than wanted by at most 1.25x per side, the DCT-scaled pixels are kept as they are
    // (the renderer scales when it draws): a 4000x3000 photo for 1920x1080 stays 2000x1500
    // (12 MB) instead of a second 11 MB buffer at 1920x1440 and a resize pass. Not when the
    // place wants its exact size (a card: the renderer then copies instead of scaling).
    if (!exactCover && decodedW >= outW && decodedH >= outH && decodedW * 4 <= outW * 5 && decodedH * 4 <= outH * 5 &&
        std::max(decodedW, decodedH) <= limits::kMaxTextureSidePx) {
        outW = decodedW;
        outH = decodedH;
    }
    // Straight into the texture's pixel format: BGRA with A = 255 is premultiplied a8r8g8b8.
    // A picture smaller than its place goes into the start of the texture's buffer and is
    // enlarged there (no second buffer).
    const bool enlarge = enlarges(decodedW, decodedH, outW, outH);
    auto decoded = enlarge ? allocate(outW, outH) : allocate(decodedW, decodedH);
    if (!decoded) return Error{decoded.error()};
    if (tjDecompress2(handle.get(), bytes.data(), static_cast<unsigned long>(bytes.size()),
                      reinterpret_cast<unsigned char*>(decoded->data()), decodedW, decodedW * 4, decodedH, TJPF_BGRA,
                      TJFLAG_ACCURATEDCT) != 0)
        return Error{tjGetErrorStr2(handle.get())};   // damaged data too: stb_image judges it then
    DecodedImage image;
    image.width = outW;
    image.height = outH;
    if (enlarge) enlargeBilinear(decoded->data(), decodedW, decodedH, decoded->data(), outW, outH);
    if (enlarge || (outW == decodedW && outH == decodedH)) {
        image.pixels = std::move(*decoded);
        return image;
    }
    // Larger than the place even at the best DCT scale: one resize (every channel alike).
    auto resized = allocate(outW, outH);
    if (!resized) return Error{resized.error()};
    if (!stbir_resize_uint8(reinterpret_cast<const unsigned char*>(decoded->data()), decodedW, decodedH, 0,
                            reinterpret_cast<unsigned char*>(resized->data()), outW, outH, 0, 4))
        return Error{"cannot scale"};
    image.pixels = std::move(*resized);
    return image;
}

} // namespace

Result<DecodedImage> decodeImageForDisplay(const std::filesystem::path& file, int coverWidth, int coverHeight, bool exactCover) {
    // File size, signature, dimensions and PNG inflation are checked before pixels are allocated
    // (kiosk/core/image_decode.h): a bomb gets a placeholder, not the memory.
    auto read = readImageFile(file);
    if (!read) return Error{read.error()};
    if (read->empty()) return Error{"empty file"};
    const std::vector<unsigned char> bytes(read->begin(), read->end());   // turbojpeg wants unsigned bytes
    if (isJpeg(bytes)) {
        auto jpeg = decodeJpeg(bytes, coverWidth, coverHeight, exactCover);
        if (jpeg) return jpeg;
        // A JPEG libturbojpeg refuses (rare variants): stb_image may still read it.
    }
    auto decoded = kiosk::decodeImage(*read, limits::kMaxImagePixels, 4);
    if (!decoded) return Error{decoded.error()};
    return fromRgba(decoded->pixels.get(), decoded->width, decoded->height, coverWidth, coverHeight);
}

DecodedImage DecodedImage::fromStraightRgba(const std::uint8_t* rgba, int width, int height) {
    DecodedImage image;
    image.pixels = PixelBuffer(static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
    if (image.pixels.empty()) return image;
    image.width = width;
    image.height = height;
    image.opaque = premultiplyInto(rgba, image.pixels.size(), image.pixels.data());
    return image;
}

} // namespace kiosk::platform
