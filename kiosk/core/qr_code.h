// QR codes for item links (libqrencode). The UI draws the modules as squares.
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

} // namespace kiosk
