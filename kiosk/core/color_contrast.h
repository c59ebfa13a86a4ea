// Colour rules for readable screens, with no drawing library: WCAG 2 contrast ratios, alpha
// blending as the renderer does it (in sRGB), colour-vision deficiency simulation and colour
// differences. The theme (kiosk/ui/theme) lists the pairs it draws; tests/ui checks them here.
#pragma once
#include <cstdint>

#include "kiosk/core/content_model.h"   // Rgba = 0xRRGGBBAA

namespace kiosk::color {

// WCAG 2.x success criterion 1.4.3 (AA): normal text, and large text (>= 24 px bold, which
// is 18.66 px bold at 96 dpi or larger: every bold role from 24 px up counts as large here).
inline constexpr double kMinTextContrast = 4.5;
inline constexpr double kMinLargeTextContrast = 3.0;
inline constexpr float kLargeBoldTextMinPx = 24.0f;
// WCAG 1.4.11: graphics that carry meaning (chart bars and lines) against their panel.
inline constexpr double kMinGraphicsContrast = 3.0;
// Chart series: pairwise CIE76 colour difference in L*a*b*, for normal vision and under each
// simulated deficiency (full dichromacy). ~2.3 is "just noticeable"; these keep series apart at a glance.
inline constexpr double kMinSeriesDeltaE = 25.0;
inline constexpr double kMinSeriesDeltaEDeficient = 12.0;

struct Srgb {
    double r = 0, g = 0, b = 0;   // 0..1, gamma-encoded
};

Srgb fromRgba(Rgba color);
Rgba toRgba(const Srgb& color, std::uint8_t alpha = 0xFF);
// `top` with opacity `alpha` (0..1) over an opaque `bottom`, blended per channel in sRGB as the
// renderer does.
Srgb over(const Srgb& top, double alpha, const Srgb& bottom);

double relativeLuminance(const Srgb& color);             // WCAG 2: 0 (black) .. 1 (white)
double contrastRatio(const Srgb& a, const Srgb& b);      // 1 .. 21, symmetric

enum class Deficiency { None, Protanopia, Deuteranopia, Tritanopia };
const char* deficiencyName(Deficiency d);
// How a colour looks to a viewer with full dichromacy (Machado, Oliveira & Fernandes 2009,
// severity 1.0, applied in linear RGB).
Srgb simulate(const Srgb& color, Deficiency d);

struct Lab {
    double l = 0, a = 0, b = 0;
};
Lab toLab(const Srgb& color);                            // CIE L*a*b*, D65 white
double deltaE76(const Srgb& a, const Srgb& b);           // Euclidean distance in L*a*b*

} // namespace kiosk::color
