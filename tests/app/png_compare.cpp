#include "png_compare.h"

#include <cstdlib>
#include <memory>

#include <stb_image.h>

namespace kiosk::test {

ImageDifference comparePng(const std::filesystem::path& actual, const std::filesystem::path& golden, int channelThreshold) {
    ImageDifference diff;
    int aw, ah, ac, gw, gh, gc;
    std::unique_ptr<unsigned char, void (*)(void*)> a(stbi_load(actual.c_str(), &aw, &ah, &ac, 4), stbi_image_free);
    std::unique_ptr<unsigned char, void (*)(void*)> g(stbi_load(golden.c_str(), &gw, &gh, &gc, 4), stbi_image_free);
    if (!a) { diff.error = "cannot read " + actual.string(); return diff; }
    if (!g) { diff.error = "cannot read golden " + golden.string(); return diff; }
    if (aw != gw || ah != gh) {
        diff.error = "size " + std::to_string(aw) + "x" + std::to_string(ah) + " differs from the golden's " +
                     std::to_string(gw) + "x" + std::to_string(gh);
        return diff;
    }
    diff.loaded = true;
    diff.width = aw;
    diff.height = ah;
    const long pixels = static_cast<long>(aw) * ah;
    for (long i = 0; i < pixels; ++i) {
        for (int c = 0; c < 3; ++c) {
            if (std::abs(int(a.get()[i * 4 + c]) - int(g.get()[i * 4 + c])) > channelThreshold) {
                ++diff.differentPixels;
                break;
            }
        }
    }
    diff.differentFraction = static_cast<double>(diff.differentPixels) / static_cast<double>(pixels);
    return diff;
}

std::string checkGolden(const std::filesystem::path& actual, const std::string& name, double allowedFraction) {
    const auto golden = std::filesystem::path(KIOSK_SOURCE_DIR) / "tests/goldens" / name;
    if (const char* update = std::getenv("KIOSK_UPDATE_GOLDENS"); update && std::string(update) == "1") {
        std::filesystem::create_directories(golden.parent_path());
        std::filesystem::copy_file(actual, golden, std::filesystem::copy_options::overwrite_existing);
        return {};
    }
    const ImageDifference diff = comparePng(actual, golden);
    if (!diff.loaded) return diff.error;
    if (diff.differentFraction > allowedFraction)
        return name + ": " + std::to_string(diff.differentPixels) + " pixels differ (" +
               std::to_string(diff.differentFraction * 100) + "%, allowed " + std::to_string(allowedFraction * 100) +
               "%); actual image: " + actual.string();
    return {};
}

} // namespace kiosk::test
