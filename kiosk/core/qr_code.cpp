#include "kiosk/core/qr_code.h"

#include <algorithm>
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

std::vector<QrBlock> darkBlocks(const QrCode& code) {
    std::vector<QrBlock> blocks;
    // Blocks still growing downwards: those whose run was in the row above.
    std::vector<std::size_t> open, stillOpen;
    for (int y = 0; y < code.size; ++y) {
        stillOpen.clear();
        for (int x = 0; x < code.size;) {
            if (!code.dark(x, y)) { ++x; continue; }
            int end = x + 1;
            while (end < code.size && code.dark(end, y)) ++end;
            const auto same = std::find_if(open.begin(), open.end(), [&](std::size_t b) {
                return blocks[b].x == x && blocks[b].width == end - x;
            });
            if (same != open.end()) {
                ++blocks[*same].height;
                stillOpen.push_back(*same);
            } else {
                blocks.push_back({x, y, end - x, 1});
                stillOpen.push_back(blocks.size() - 1);
            }
            x = end;
        }
        open.swap(stillOpen);
    }
    return blocks;
}

} // namespace kiosk
