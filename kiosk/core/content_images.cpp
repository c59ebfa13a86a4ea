// Image checks for the content checker: every referenced image must decode and stay under
// the pixel limit. stb_image comes from Debian's libstb (a small data library, no SDL).
#include <stb_image.h>

#include "kiosk/core/content_reader.h"

namespace kiosk::content_detail {

void checkImage(ContentReader& reader, const fs::path& image, const fs::path& reportedIn, TextPosition at) {
    const std::string name = reader.relative(image);
    std::error_code ec;
    if (!fs::is_regular_file(image, ec)) return;   // reported as a missing file already
    int width = 0, height = 0, channels = 0;
    if (!stbi_info(image.c_str(), &width, &height, &channels)) {
        const char* why = stbi_failure_reason();
        reader.softProblem(reportedIn, "image '" + name + "' is not a readable JPEG/PNG (" + (why ? why : "unknown") +
                                           "); the kiosk shows a placeholder", at);
        return;
    }
    const long long pixels = static_cast<long long>(width) * height;
    if (width <= 0 || height <= 0 || pixels > reader.options().maxImagePixels) {
        reader.softProblem(reportedIn, "image '" + name + "' is " + std::to_string(width) + "x" + std::to_string(height) +
                                           " = " + std::to_string(pixels) + " pixels, more than the limit of " +
                                           std::to_string(reader.options().maxImagePixels) + "; scale it down", at);
        return;
    }
    unsigned char* decoded = stbi_load(image.c_str(), &width, &height, &channels, 0);
    if (!decoded) {
        const char* why = stbi_failure_reason();
        reader.softProblem(reportedIn, "image '" + name + "' does not decode (" + (why ? why : "unknown") +
                                           "); the kiosk shows a placeholder", at);
        return;
    }
    stbi_image_free(decoded);
}

} // namespace kiosk::content_detail
