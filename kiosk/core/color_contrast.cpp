#include "kiosk/core/color_contrast.h"

#include <algorithm>
#include <cmath>

namespace kiosk::color {
namespace {

double toLinear(double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); }
double toGamma(double c) {
    c = std::clamp(c, 0.0, 1.0);
    return c <= 0.0031308 ? c * 12.92 : 1.055 * std::pow(c, 1.0 / 2.4) - 0.055;
}

} // namespace

Srgb fromRgba(Rgba color) {
    return {static_cast<double>((color >> 24) & 0xFF) / 255.0, static_cast<double>((color >> 16) & 0xFF) / 255.0,
            static_cast<double>((color >> 8) & 0xFF) / 255.0};
}

Rgba toRgba(const Srgb& c, std::uint8_t alpha) {
    const auto byte = [](double v) { return static_cast<Rgba>(std::lround(std::clamp(v, 0.0, 1.0) * 255.0)); };
    return byte(c.r) << 24 | byte(c.g) << 16 | byte(c.b) << 8 | alpha;
}

Srgb over(const Srgb& top, double alpha, const Srgb& bottom) {
    alpha = std::clamp(alpha, 0.0, 1.0);
    return {top.r * alpha + bottom.r * (1 - alpha), top.g * alpha + bottom.g * (1 - alpha), top.b * alpha + bottom.b * (1 - alpha)};
}

double relativeLuminance(const Srgb& c) {
    return 0.2126 * toLinear(c.r) + 0.7152 * toLinear(c.g) + 0.0722 * toLinear(c.b);
}

double contrastRatio(const Srgb& a, const Srgb& b) {
    const double la = relativeLuminance(a), lb = relativeLuminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

const char* deficiencyName(Deficiency d) {
    switch (d) {
    case Deficiency::None: return "normal vision";
    case Deficiency::Protanopia: return "protanopia";
    case Deficiency::Deuteranopia: return "deuteranopia";
    case Deficiency::Tritanopia: return "tritanopia";
    }
    return "?";
}

Srgb simulate(const Srgb& c, Deficiency d) {
    static constexpr double kProtanopia[9] = {0.152286, 1.052583, -0.204868, 0.114503, 0.786281,
                                              0.099216, -0.003882, -0.048116, 1.051998};
    static constexpr double kDeuteranopia[9] = {0.367322, 0.860646, -0.227968, 0.280085, 0.672501,
                                                0.047413, -0.011820, 0.042940, 0.968881};
    static constexpr double kTritanopia[9] = {1.255528, -0.076749, -0.178779, -0.078411, 0.930809,
                                              0.147602, 0.004733, 0.691367, 0.303900};
    const double* m = nullptr;
    switch (d) {
    case Deficiency::None: return c;
    case Deficiency::Protanopia: m = kProtanopia; break;
    case Deficiency::Deuteranopia: m = kDeuteranopia; break;
    case Deficiency::Tritanopia: m = kTritanopia; break;
    }
    const double r = toLinear(c.r), g = toLinear(c.g), b = toLinear(c.b);
    return {toGamma(m[0] * r + m[1] * g + m[2] * b), toGamma(m[3] * r + m[4] * g + m[5] * b),
            toGamma(m[6] * r + m[7] * g + m[8] * b)};
}

Lab toLab(const Srgb& c) {
    const double r = toLinear(c.r), g = toLinear(c.g), b = toLinear(c.b);
    const double x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
    const double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    const double z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
    const auto f = [](double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116.0; };
    const double fx = f(x), fy = f(y), fz = f(z);
    return {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
}

double deltaE76(const Srgb& a, const Srgb& b) {
    const Lab la = toLab(a), lb = toLab(b);
    return std::sqrt((la.l - lb.l) * (la.l - lb.l) + (la.a - lb.a) * (la.a - lb.a) + (la.b - lb.b) * (la.b - lb.b));
}

} // namespace kiosk::color
