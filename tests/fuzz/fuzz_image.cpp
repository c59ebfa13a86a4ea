// libFuzzer target for image decoding as the kiosk does it (kiosk/core/image_decode.h): the
// input is an image file; it is asked whether it is a progressive JPEG, probed and, when
// accepted, decoded to RGBA and as stored.
// The pixel limit is lowered to 1 megapixel here so that run_fuzz.sh can set a malloc limit
// (-malloc_limit_mb=64) that any allocation beyond what an accepted image needs breaks: an
// image bomb that gets past the probe is reported as a crash, not lost in noise.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "kiosk/core/image_decode.h"

namespace {
constexpr std::int64_t kFuzzMaxPixels = 1024 * 1024;
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    (void)kiosk::isProgressiveJpeg(bytes);   // the content checker asks it of every JPEG
    auto info = kiosk::probeImage(bytes, kFuzzMaxPixels);
    if (!info) return 0;
    if (static_cast<std::int64_t>(info->width) * info->height > kFuzzMaxPixels) std::abort();
    for (int channels : {4, 0}) {
        auto image = kiosk::decodeImage(bytes, kFuzzMaxPixels, channels);
        if (!image) continue;
        if (image->width != info->width || image->height != info->height) std::abort();
        // Touch the last pixel: the buffer must be as large as the header says.
        const std::size_t bytesTotal = static_cast<std::size_t>(image->width) * image->height * image->channels;
        volatile unsigned char last = image->pixels.get()[bytesTotal - 1];
        (void)last;
    }
    return 0;
}
