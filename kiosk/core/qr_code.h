// QR codes for item links (libqrencode). The UI draws the dark modules as rectangles.
#pragma once
#include <string_view>
#include <vector>

namespace kiosk {

struct QrCode {
    int size = 0;                 // modules per side; 0 when encoding failed
    std::vector<bool> modules;    // row-major, true = dark
    bool dark(int x, int y) const { return modules[static_cast<std::size_t>(y * size + x)]; }
};

QrCode encodeQrCode(std::string_view text);

// A block of dark modules: columns [x, x + width), rows [y, y + height).
struct QrBlock {
    int x = 0, y = 0, width = 0, height = 0;
};
// The dark modules as few rectangles as a simple sweep finds: each row's runs of dark modules,
// a run continuing the same run of the row above as one taller rectangle. They cover every
// dark module exactly once and no light one. Drawn as rectangles, a code of a few hundred
// modules is a hundred or so drawing operations instead of one per module.
std::vector<QrBlock> darkBlocks(const QrCode& code);

} // namespace kiosk
