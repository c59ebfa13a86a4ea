// Image checks for the content checker: every referenced image must decode and stay under
// the pixel limit; a progressive JPEG gets a warning (slower to decode on the kiosk). Decoding
// goes through image_decode.h, which refuses bombs from the headers.
#include "kiosk/core/content_reader.h"
#include "kiosk/core/image_decode.h"

namespace kiosk::content_detail {

void checkImage(ContentReader& reader, const fs::path& image, const fs::path& reportedIn, TextPosition at) {
    const std::string name = reader.relative(image);
    std::error_code ec;
    if (!fs::is_regular_file(image, ec)) return;   // reported as a missing file already
    auto bytes = readImageFile(image);
    if (!bytes) {
        reader.softProblem(reportedIn, "image '" + name + "' cannot be read (" + bytes.error() +
                                           "); the kiosk shows a placeholder", at);
        return;
    }
    auto info = probeImage(*bytes, reader.options().maxImagePixels);
    if (!info) {
        const bool tooLarge = info.error().find("more than the limit") != std::string::npos;
        reader.softProblem(reportedIn,
                           tooLarge ? "image '" + name + "' is " + info.error() + "; scale it down"
                                    : "image '" + name + "' is not a readable JPEG/PNG (" + info.error() +
                                          "); the kiosk shows a placeholder",
                           at);
        return;
    }
    auto decoded = decodeImage(*bytes, reader.options().maxImagePixels, 0);
    if (!decoded) {
        reader.softProblem(reportedIn, "image '" + name + "' does not decode (" + decoded.error() +
                                           "); the kiosk shows a placeholder", at);
        return;
    }
    if (isProgressiveJpeg(*bytes))
        reader.problem(reportedIn, Severity::Warning,
                       "image '" + name + "' is a progressive JPEG: the kiosk decodes it slower and with a buffer of the "
                       "whole image; save it as a baseline JPEG (`jpegtran -copy all -outfile out.jpg in.jpg` converts "
                       "it without loss)",
                       at);
}

} // namespace kiosk::content_detail
