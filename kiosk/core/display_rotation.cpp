#include "kiosk/core/display_rotation.h"

namespace kiosk {

// Coordinates are continuous (pixel edges at whole numbers), so pixel (i, j) of a W-wide UI
// turned by 90 degrees lands at panel column H - 1 - j: a point at H - y.
void Rotation::logicalToPanel(float x, float y, int panelW, int panelH, float& px, float& py) const {
    switch (degrees) {
    case 90:  px = static_cast<float>(panelW) - y; py = x; break;
    case 180: px = static_cast<float>(panelW) - x; py = static_cast<float>(panelH) - y; break;
    case 270: px = y; py = static_cast<float>(panelH) - x; break;
    default:  px = x; py = y; break;
    }
}

void Rotation::panelToLogical(float px, float py, int panelW, int panelH, float& x, float& y) const {
    switch (degrees) {
    case 90:  x = py; y = static_cast<float>(panelW) - px; break;
    case 180: x = static_cast<float>(panelW) - px; y = static_cast<float>(panelH) - py; break;
    case 270: x = static_cast<float>(panelH) - py; y = px; break;
    default:  x = px; y = py; break;
    }
}

} // namespace kiosk
