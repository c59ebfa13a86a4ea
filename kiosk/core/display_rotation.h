// Screen rotation (`[display] rotation = 0|90|180|270`): panels mounted rotated, which KMS on
// the Raspberry Pi (vc4) cannot scan out at 90/270. The kiosk draws the UI in the logical
// orientation into a texture and turns the picture clockwise by `degrees` when presenting;
// touch positions, which arrive in panel coordinates, are turned back. Pure math, tested in
// tests/core; platform/display.cpp applies it.
#pragma once

namespace kiosk {

struct Rotation {
    int degrees = 0;   // 0, 90, 180 or 270, clockwise

    static bool valid(int degrees) { return degrees == 0 || degrees == 90 || degrees == 180 || degrees == 270; }
    bool swapsSides() const { return degrees == 90 || degrees == 270; }

    // The UI's size for a panel of `panelW` x `panelH` pixels.
    void logicalSize(int panelW, int panelH, int& w, int& h) const {
        w = swapsSides() ? panelH : panelW;
        h = swapsSides() ? panelW : panelH;
    }
    // Where a logical point (x, y) ends up on the panel (the picture turned clockwise).
    void logicalToPanel(float x, float y, int panelW, int panelH, float& px, float& py) const;
    // Where a touch at panel point (px, py) lands in the UI (the inverse).
    void panelToLogical(float px, float py, int panelW, int panelH, float& x, float& y) const;
};

} // namespace kiosk
