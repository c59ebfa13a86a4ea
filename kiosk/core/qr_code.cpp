#include "kiosk/core/qr_code.h"

#include <string>

#include <qrencode.h>

namespace kiosk {

QrCode encodeQrCode(std::string_view text) {
    QrCode out;
    if (text.empty()) return out;
    const std::string data(text);
    QRcode* code = QRcode_encodeString8bit(data.c_str(), 0, QR_ECLEVEL_M);
    if (!code) return out;
    out.size = code->width;
    out.modules.resize(static_cast<std::size_t>(code->width * code->width));
    for (int i = 0; i < code->width * code->width; ++i) out.modules[static_cast<std::size_t>(i)] = code->data[i] & 1;
    QRcode_free(code);
    return out;
}

} // namespace kiosk
