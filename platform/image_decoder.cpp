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

// The size that covers the target with the image's aspect (never larger than the image).
void coverSize(int w, int h, int coverW, int coverH, int& outW, int& outH) {
    double scale = std::max(static_cast<double>(coverW) / w, static_cast<double>(coverH) / h);
    const double maxSide = static_cast<double>(limits::kMaxTextureSidePx) / std::max(w, h);
    scale = std::min({scale, maxSide, 1.0});
    outW = std::max(1, static_cast<int>(std::lround(w * scale)));
    outH = std::max(1, static_cast<int>(std::lround(h * scale)));
}

Result<DecodedImage> resizedOnce(DecodedImage image, int coverW, int coverH) {
    int w = 0, h = 0;
    coverSize(image.width, image.height, coverW, coverH, w, h);
    if (w == image.width && h == image.height) return image;
    DecodedImage out{w, h, std::vector<std::uint8_t>(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4)};
    if (!stbir_resize_uint8(image.rgba.data(), image.width, image.height, 0, out.rgba.data(), w, h, 0, 4))
        return Error{"cannot scale"};
    return out;
}

bool isJpeg(const std::vector<unsigned char>& bytes) {
    return bytes.size() > 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF;
}

Result<DecodedImage> decodeJpeg(const std::vector<unsigned char>& bytes, int coverW, int coverH) {
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
    DecodedImage image;
    image.width = TJSCALED(w, best);
    image.height = TJSCALED(h, best);
    image.rgba.resize(static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height) * 4);
    if (tjDecompress2(handle.get(), bytes.data(), static_cast<unsigned long>(bytes.size()), image.rgba.data(), image.width,
                      image.width * 4, image.height, TJPF_RGBA, TJFLAG_ACCURATEDCT) != 0)
        return Error{tjGetErrorStr2(handle.get())};   // damaged data too: stb_image judges it then
    return resizedOnce(std::move(image), coverW, coverH);
}

} // namespace

Result<DecodedImage> decodeImageForDisplay(const std::filesystem::path& file, int coverWidth, int coverHeight) {
    // File size, signature, dimensions and PNG inflation are checked before pixels are allocated
    // (kiosk/core/image_decode.h): a bomb gets a placeholder, not the memory.
    auto read = readImageFile(file);
    if (!read) return Error{read.error()};
    if (read->empty()) return Error{"empty file"};
    const std::vector<unsigned char> bytes(read->begin(), read->end());
    if (isJpeg(bytes)) {
        auto jpeg = decodeJpeg(bytes, coverWidth, coverHeight);
        if (jpeg) return jpeg;
        // A JPEG libturbojpeg refuses (rare variants): stb_image may still read it.
    }
    auto decoded = kiosk::decodeImage(*read, limits::kMaxImagePixels, 4);
    if (!decoded) return Error{decoded.error()};
    const std::size_t size = static_cast<std::size_t>(decoded->width) * static_cast<std::size_t>(decoded->height) * 4;
    DecodedImage image{decoded->width, decoded->height,
                       std::vector<std::uint8_t>(decoded->pixels.get(), decoded->pixels.get() + size)};
    return resizedOnce(std::move(image), coverWidth, coverHeight);
}

} // namespace kiosk::platform
