#include <doctest/doctest.h>

#include <array>
#include <utility>

#include "kiosk/core/display_rotation.h"

using namespace kiosk;

TEST_SUITE("core.display_rotation") {

TEST_CASE("90 and 270 swap the UI's sides, 0 and 180 do not") {
    int w = 0, h = 0;
    Rotation{90}.logicalSize(1920, 1080, w, h);
    CHECK(w == 1080);
    CHECK(h == 1920);
    Rotation{180}.logicalSize(1920, 1080, w, h);
    CHECK(w == 1920);
    CHECK(h == 1080);
    CHECK(Rotation::valid(270));
    CHECK_FALSE(Rotation::valid(45));
    CHECK_FALSE(Rotation::valid(-90));
}

TEST_CASE("corners land where a clockwise turn puts them") {
    // Panel 1920x1080; at 90 the UI is 1080x1920 and its top-left goes to the panel's top-right.
    float px = 0, py = 0;
    Rotation{90}.logicalToPanel(0, 0, 1920, 1080, px, py);
    CHECK(px == 1920);
    CHECK(py == 0);
    Rotation{90}.logicalToPanel(1080, 0, 1920, 1080, px, py);   // UI top-right -> panel bottom-right
    CHECK(px == 1920);
    CHECK(py == 1080);
    Rotation{270}.logicalToPanel(0, 0, 1920, 1080, px, py);     // -> panel bottom-left
    CHECK(px == 0);
    CHECK(py == 1080);
    Rotation{180}.logicalToPanel(10, 20, 1920, 1080, px, py);
    CHECK(px == 1910);
    CHECK(py == 1060);
}

TEST_CASE("touch mapping undoes the picture's turn") {
    for (int degrees : std::array{0, 90, 180, 270}) {
        CAPTURE(degrees);
        const Rotation r{degrees};
        int w = 0, h = 0;
        r.logicalSize(1920, 1080, w, h);
        const std::array<std::pair<float, float>, 3> points = {{{0.0f, 0.0f}, {100.5f, 37.0f}, {static_cast<float>(w), static_cast<float>(h)}}};
        for (auto [x, y] : points) {
            float px = 0, py = 0, bx = 0, by = 0;
            r.logicalToPanel(x, y, 1920, 1080, px, py);
            CHECK(px >= 0);
            CHECK(px <= 1920);
            CHECK(py >= 0);
            CHECK(py <= 1080);
            r.panelToLogical(px, py, 1920, 1080, bx, by);
            CHECK(bx == doctest::Approx(x));
            CHECK(by == doctest::Approx(y));
        }
    }
}

}
