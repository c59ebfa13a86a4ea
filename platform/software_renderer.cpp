#include "platform/software_renderer.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include <imgui.h>

#include "kiosk/core/log.h"

namespace kiosk::platform {

struct SoftwareRenderer::Op {
    enum class Kind : std::uint8_t { Fill, Glyph, Image, Gradient, Triangles };
    Kind kind = Kind::Fill;
    bool vertical = true;              // gradient: colour changes top to bottom (else left to right)
    pixman_box32_t clip{};             // ImGui's clip rectangle in target pixels
    pixman_box32_t box{};              // pixels the operation covers (unclipped)
    pixman_box32_t bounds{};           // box within clip: what it may change
    std::uint32_t color = 0;           // ImGui colour (0xAABBGGRR) of the shape, glyph or image tint
    std::uint32_t color2 = 0;          // gradient: the colour at the bottom (right) end
    SoftwareTexture* texture = nullptr;
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;   // destination rectangle (quads)
    float u0 = 0, v0 = 0, u1 = 0, v1 = 0;   // source rectangle in texels (textured quads)
    int firstTriangle = 0, triangleCount = 0;
    std::uint64_t hash = 0;
};

namespace {

constexpr std::size_t kMaxCachedSolids = 512;

// Pixel-centre rule: an edge at x covers the pixels whose centre is at or right of it.
int edgePixel(float x) { return static_cast<int>(std::ceil(x - 0.5f)); }

std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
    h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
    h *= 0xBF58476D1CE4E5B9ULL;
    return h ^ (h >> 31);
}

std::uint64_t floatBits(float f) {
    std::uint32_t bits;
    std::memcpy(&bits, &f, sizeof bits);
    return bits;
}

// ImGui colour (0xAABBGGRR, straight alpha) -> premultiplied 0xAARRGGBB.
std::uint32_t premultiplied(std::uint32_t imguiColor) {
    const std::uint32_t a = imguiColor >> 24, b = (imguiColor >> 16) & 0xFF, g = (imguiColor >> 8) & 0xFF, r = imguiColor & 0xFF;
    const auto pm = [a](std::uint32_t c) { return (c * a + 127) / 255; };
    return a << 24 | pm(r) << 16 | pm(g) << 8 | pm(b);
}

pixman_color_t pixmanColor(std::uint32_t argb) {
    const auto c16 = [](std::uint32_t c) { return static_cast<std::uint16_t>((c & 0xFF) * 257); };
    return {c16(argb >> 16), c16(argb >> 8), c16(argb), c16(argb >> 24)};
}

// Straight (not premultiplied) colour for gradient stops, which pixman premultiplies itself.
pixman_color_t straightColor(std::uint32_t imguiColor) {
    const auto c16 = [](std::uint32_t c) { return static_cast<std::uint16_t>((c & 0xFF) * 257); };
    return {c16(imguiColor), c16(imguiColor >> 8), c16(imguiColor >> 16), c16(imguiColor >> 24)};
}

std::int64_t area(const pixman_box32_t& b) {
    return b.x2 > b.x1 && b.y2 > b.y1 ? static_cast<std::int64_t>(b.x2 - b.x1) * (b.y2 - b.y1) : 0;
}

std::int64_t regionArea(pixman_region32_t& region) {
    int count = 0;
    const pixman_box32_t* boxes = pixman_region32_rectangles(&region, &count);
    std::int64_t sum = 0;
    for (int i = 0; i < count; ++i) sum += area(boxes[i]);
    return sum;
}

void subtractBox(pixman_region32_t& region, const pixman_box32_t& box) {
    pixman_region32_t cut;
    pixman_region32_init_with_extents(&cut, &box);
    pixman_region32_subtract(&region, &region, &cut);
    pixman_region32_fini(&cut);
}

bool intersect(const pixman_box32_t& a, const pixman_box32_t& b, pixman_box32_t& out) {
    out = {std::max(a.x1, b.x1), std::max(a.y1, b.y1), std::min(a.x2, b.x2), std::min(a.y2, b.y2)};
    return out.x1 < out.x2 && out.y1 < out.y2;
}

void setTransform(pixman_image_t* image, double scaleX, double offsetX, double scaleY, double offsetY) {
    pixman_transform_t t;
    pixman_transform_init_identity(&t);
    t.matrix[0][0] = pixman_double_to_fixed(scaleX);
    t.matrix[0][2] = pixman_double_to_fixed(offsetX);
    t.matrix[1][1] = pixman_double_to_fixed(scaleY);
    t.matrix[1][2] = pixman_double_to_fixed(offsetY);
    pixman_image_set_transform(image, &t);
}

// A shape moves onto the pixel grid. Its extreme sides move to the pixel edge a rectangle's fill
// would have there (the pixel-centre rule), so that a shape that abuts a filled rectangle (a
// rounded band under a gradient) leaves no half-covered seam; the vertices of its lower half
// (left of the middle, above it) move with its low side, the others with its high side, so a
// rounded corner keeps its shape and comes to rest in the same place relative to the pixels as
// every other corner of that radius (the software renderer rasterizes it once). Along an axis
// without a straight side (a circle, a slanted line) the shape moves as a whole, its low extreme
// to a pixel edge. No vertex moves by more than half a pixel (and 1/128 px of rounding). Returns
// the pixels the shape may cover.
pixman_box32_t snapToPixelGrid(pixman_triangle_t* tris, int count) {
    if (count <= 0) return {0, 0, 0, 0};
    pixman_fixed_t minX = tris[0].p1.x, maxX = minX, minY = tris[0].p1.y, maxY = minY;
    for (int i = 0; i < count; ++i)
        for (const pixman_point_fixed_t* p : {&tris[i].p1, &tris[i].p2, &tris[i].p3}) {
            minX = std::min(minX, p->x); maxX = std::max(maxX, p->x);
            minY = std::min(minY, p->y); maxY = std::max(maxY, p->y);
        }
    const auto straight = [&](bool vertical, pixman_fixed_t at) {
        // Two distinct corners on that line.
        bool found = false;
        pixman_fixed_t other = 0;
        for (int i = 0; i < count; ++i)
            for (const pixman_point_fixed_t* p : {&tris[i].p1, &tris[i].p2, &tris[i].p3}) {
                if ((vertical ? p->x : p->y) != at) continue;
                const pixman_fixed_t along = vertical ? p->y : p->x;
                if (!found) { found = true; other = along; }
                else if (along != other) return true;
            }
        return false;
    };
    const auto snapped = [](pixman_fixed_t v) { return pixman_int_to_fixed(edgePixel(static_cast<float>(pixman_fixed_to_double(v)))); };
    // Per axis: the shift of the low half and of the high half, and where the halves meet.
    struct Axis { pixman_fixed_t low = 0, high = 0, middle = 0; };
    const auto axis = [&](bool vertical, pixman_fixed_t min, pixman_fixed_t max) {
        Axis a;
        a.middle = min + (max - min) / 2;
        a.low = snapped(min) - min;
        a.high = straight(vertical, min) || straight(vertical, max) ? snapped(max) - max : a.low;
        return a;
    };
    const Axis x = axis(true, minX, maxX), y = axis(false, minY, maxY);
    // Then to 1/64 px: ImGui computes the vertices in floats at their place on the screen, so the
    // same shape elsewhere differs in the last bits; rounded, it is the same shape again.
    const auto quantized = [](pixman_fixed_t v) {
        constexpr pixman_fixed_t kStep = pixman_fixed_1 / 64;
        return static_cast<pixman_fixed_t>(std::floor((static_cast<double>(v) + kStep / 2) / kStep) * kStep);
    };
    for (int i = 0; i < count; ++i)
        for (pixman_point_fixed_t* p : {&tris[i].p1, &tris[i].p2, &tris[i].p3}) {
            p->x = quantized(p->x + (p->x < x.middle ? x.low : x.high));
            p->y = quantized(p->y + (p->y < y.middle ? y.low : y.high));
        }
    const auto pixel = [](pixman_fixed_t v, bool up) {
        const double d = pixman_fixed_to_double(v);
        return static_cast<int>(up ? std::ceil(d) : std::floor(d));
    };
    return {pixel(minX + x.low, false), pixel(minY + y.low, false), pixel(maxX + x.high, true) + 1, pixel(maxY + y.high, true) + 1};
}

// How a convex fan of triangles (v0, v1, v2), (v0, v2, v3), ... (ImGui's filled rounded
// rectangles, pills and circles) splits into plain rectangles and the parts that need coverage.
// Bands are found only where the sides lie on pixel edges, as snapToPixelGrid() puts straight
// sides: a band is then whole pixels, filled with no partly covered row or column.
struct FanParts {
    // Rows [rowBand.y1, rowBand.y2) whose sides are the polygon's vertical edges at its leftmost
    // and rightmost x (`left`, `right`): a rectangle.
    bool rows = false;
    pixman_box32_t rowBand{};
    int left = 0, right = 0;
    // Whole columns [columnX1, columnX2) between the polygon's horizontal edges at its top and
    // bottom y (`top`, `bottom`): covered from top to bottom.
    bool columns = false;
    int columnX1 = 0, columnX2 = 0;
    int top = 0, bottom = 0;
};

// False when the triangles are no such fan; otherwise `parts` says which bands were found
// (none, when the fan has no straight sides long enough).
bool convexFanParts(const pixman_triangle_t* tris, int count, FanParts& parts) {
    constexpr int kMinBand = 8;   // rows or columns; below this the split is not worth it
    parts = FanParts{};
    if (count < 2) return false;
    std::vector<pixman_point_fixed_t> polygon{tris[0].p1, tris[0].p2, tris[0].p3};
    for (int i = 1; i < count; ++i) {
        const pixman_triangle_t& t = tris[i];
        if (t.p1.x != tris[0].p1.x || t.p1.y != tris[0].p1.y || t.p2.x != tris[i - 1].p3.x || t.p2.y != tris[i - 1].p3.y)
            return false;
        polygon.push_back(t.p3);
    }
    // Convex and consistently wound: every turn has the same sign (zero turns allowed).
    pixman_fixed_t minX = polygon[0].x, maxX = polygon[0].x, minY = polygon[0].y, maxY = polygon[0].y;
    for (const auto& p : polygon) {
        minX = std::min(minX, p.x); maxX = std::max(maxX, p.x);
        minY = std::min(minY, p.y); maxY = std::max(maxY, p.y);
    }
    int sign = 0;
    const std::size_t n = polygon.size();
    for (std::size_t i = 0; i < n; ++i) {
        const auto& a = polygon[i];
        const auto& b = polygon[(i + 1) % n];
        const auto& c = polygon[(i + 2) % n];
        const double cross = static_cast<double>(b.x - a.x) * static_cast<double>(c.y - b.y) -
                             static_cast<double>(b.y - a.y) * static_cast<double>(c.x - b.x);
        const int s = cross > 0 ? 1 : cross < 0 ? -1 : 0;
        if (s != 0 && sign != 0 && s != sign) return false;
        if (s != 0) sign = s;
    }
    if (minX == maxX || minY == maxY) return true;
    // The longest straight edges on the four extreme sides: vertical at minX and maxX
    // (spans of y), horizontal at minY and maxY (spans of x). An empty span is (0, -1).
    struct Span { pixman_fixed_t from = 0, to = -1; };
    Span leftSide, rightSide, topSide, bottomSide;
    const auto longer = [](Span& side, pixman_fixed_t a, pixman_fixed_t b) {
        const pixman_fixed_t from = std::min(a, b), to = std::max(a, b);
        if (to - from > side.to - side.from) side = {from, to};
    };
    for (std::size_t i = 0; i < n; ++i) {
        const auto& a = polygon[i];
        const auto& b = polygon[(i + 1) % n];
        if (a.x == b.x && a.y != b.y) {
            if (a.x == minX) longer(leftSide, a.y, b.y);
            if (a.x == maxX) longer(rightSide, a.y, b.y);
        } else if (a.y == b.y && a.x != b.x) {
            if (a.y == minY) longer(topSide, a.x, b.x);
            if (a.y == maxY) longer(bottomSide, a.x, b.x);
        }
    }
    if (leftSide.to >= leftSide.from && rightSide.to >= rightSide.from) {
        const double top = pixman_fixed_to_double(std::max(leftSide.from, rightSide.from));
        const double bottom = pixman_fixed_to_double(std::min(leftSide.to, rightSide.to));
        parts.rowBand = {0, static_cast<int>(std::ceil(top)), 0, static_cast<int>(std::floor(bottom))};
        parts.rows = parts.rowBand.y2 - parts.rowBand.y1 >= kMinBand && pixman_fixed_frac(minX) == 0 && pixman_fixed_frac(maxX) == 0;
        parts.left = pixman_fixed_to_int(minX);
        parts.right = pixman_fixed_to_int(maxX);
    }
    if (topSide.to >= topSide.from && bottomSide.to >= bottomSide.from) {
        parts.columnX1 = static_cast<int>(std::ceil(pixman_fixed_to_double(std::max(topSide.from, bottomSide.from))));
        parts.columnX2 = static_cast<int>(std::floor(pixman_fixed_to_double(std::min(topSide.to, bottomSide.to))));
        parts.top = pixman_fixed_to_int(minY);
        parts.bottom = pixman_fixed_to_int(maxY);
        parts.columns = parts.columnX2 - parts.columnX1 >= kMinBand && pixman_fixed_frac(minY) == 0 && pixman_fixed_frac(maxY) == 0;
    }
    return true;
}

// The part of a convex polygon inside `box` (Sutherland-Hodgman, one side of the box at a
// time), in the polygon's order. The new vertices lie on the box's sides, which are pixel
// edges: no sample point of pixman's rasterizer lies on them, so the part covers the pixels
// of the box as the whole polygon does.
std::vector<pixman_point_fixed_t> clipConvexPolygon(std::vector<pixman_point_fixed_t> polygon, const pixman_box32_t& box) {
    struct Side { bool vertical; pixman_fixed_t at; bool keepAbove; };
    const Side sides[4] = {{true, pixman_int_to_fixed(box.x1), true}, {true, pixman_int_to_fixed(box.x2), false},
                           {false, pixman_int_to_fixed(box.y1), true}, {false, pixman_int_to_fixed(box.y2), false}};
    std::vector<pixman_point_fixed_t> out;
    for (const Side& side : sides) {
        if (polygon.empty()) break;
        out.clear();
        const auto coordinate = [&](const pixman_point_fixed_t& p) { return side.vertical ? p.x : p.y; };
        const auto inside = [&](const pixman_point_fixed_t& p) { return side.keepAbove ? coordinate(p) >= side.at : coordinate(p) <= side.at; };
        const auto crossing = [&](const pixman_point_fixed_t& a, const pixman_point_fixed_t& b) {
            const std::int64_t ca = coordinate(a), cb = coordinate(b);
            const std::int64_t oa = side.vertical ? a.y : a.x, ob = side.vertical ? b.y : b.x;
            const std::int64_t other = oa + (ob - oa) * (side.at - ca) / (cb - ca);
            return side.vertical ? pixman_point_fixed_t{side.at, static_cast<pixman_fixed_t>(other)}
                                 : pixman_point_fixed_t{static_cast<pixman_fixed_t>(other), side.at};
        };
        for (std::size_t i = 0; i < polygon.size(); ++i) {
            const pixman_point_fixed_t& a = polygon[i];
            const pixman_point_fixed_t& b = polygon[(i + 1) % polygon.size()];
            const bool aIn = inside(a), bIn = inside(b);
            if (aIn) out.push_back(a);
            if (aIn != bIn) out.push_back(crossing(a, b));
        }
        polygon.swap(out);
    }
    return polygon;
}

} // namespace

SoftwareRenderer::SoftwareRenderer() = default;

SoftwareRenderer::~SoftwareRenderer() {
    for (auto& [color, image] : solids_) pixman_image_unref(image);
    for (auto& [key, strip] : gradients_) pixman_image_unref(strip.image);
}

pixman_image_t* SoftwareRenderer::linearGradient(const pixman_point_fixed_t& p1, const pixman_point_fixed_t& p2,
                                                 std::uint32_t color, std::uint32_t color2) {
    const pixman_gradient_stop_t stops[2] = {{pixman_int_to_fixed(0), straightColor(color)},
                                             {pixman_int_to_fixed(1), straightColor(color2)}};
    pixman_image_t* gradient = pixman_image_create_linear_gradient(&p1, &p2, stops, 2);
    if (gradient) pixman_image_set_repeat(gradient, PIXMAN_REPEAT_PAD);
    return gradient;
}

pixman_image_t* SoftwareRenderer::gradientStrip(const Op& op) {
    // The gradient's colour depends on one coordinate only: a strip kGradientStripPx across of
    // the gradient's pixels (relative to the box's corner), repeated across the box. pixman
    // evaluates a gradient with per-pixel arithmetic; the strip is copied with SIMD instead.
    const pixman_box32_t& b = op.box;
    const int length = op.vertical ? b.y2 - b.y1 : b.x2 - b.x1;
    if (length <= 0) return nullptr;
    const float from = op.vertical ? op.y0 - static_cast<float>(b.y1) : op.x0 - static_cast<float>(b.x1);
    const float to = op.vertical ? op.y1 - static_cast<float>(b.y1) : op.x1 - static_cast<float>(b.x1);
    std::uint64_t key = mix(op.vertical, static_cast<std::uint64_t>(op.color) << 32 | op.color2);
    key = mix(key, static_cast<std::uint64_t>(static_cast<std::uint32_t>(length)));
    key = mix(key, floatBits(from) << 32 | floatBits(to));
    const auto same = [&](const GradientStrip& g) {
        return g.vertical == op.vertical && g.color == op.color && g.color2 == op.color2 && g.length == length && g.from == from &&
               g.to == to;
    };
    const auto [first, last] = gradients_.equal_range(key);
    for (auto it = first; it != last; ++it)
        if (same(it->second)) {
            it->second.lastUsed = frameNumber_;
            return it->second.image;
        }
    if (gradientBytes_ > kGradientCacheBytes) {
        // Strips of frames before this one go (they are remade in a few microseconds each).
        for (auto it = gradients_.begin(); it != gradients_.end();) {
            if (it->second.lastUsed >= frameNumber_) { ++it; continue; }
            gradientBytes_ -= it->second.pixels.size() * sizeof(std::uint32_t);
            pixman_image_unref(it->second.image);
            it = gradients_.erase(it);
        }
    }
    GradientStrip strip;
    strip.vertical = op.vertical;
    strip.color = op.color;
    strip.color2 = op.color2;
    strip.length = length;
    strip.from = from;
    strip.to = to;
    strip.lastUsed = frameNumber_;
    const int w = op.vertical ? kGradientStripPx : length, h = op.vertical ? length : kGradientStripPx;
    strip.pixels.assign(static_cast<std::size_t>(w) * static_cast<std::size_t>(h), 0);
    strip.image = pixman_image_create_bits(PIXMAN_a8r8g8b8, w, h, strip.pixels.data(), w * 4);
    if (!strip.image) return nullptr;
    const pixman_point_fixed_t p1 = op.vertical ? pixman_point_fixed_t{0, pixman_double_to_fixed(from)}
                                                : pixman_point_fixed_t{pixman_double_to_fixed(from), 0};
    const pixman_point_fixed_t p2 = op.vertical ? pixman_point_fixed_t{0, pixman_double_to_fixed(to)}
                                                : pixman_point_fixed_t{pixman_double_to_fixed(to), 0};
    if (pixman_image_t* gradient = linearGradient(p1, p2, op.color, op.color2)) {
        pixman_image_composite32(PIXMAN_OP_SRC, gradient, nullptr, strip.image, 0, 0, 0, 0, 0, 0, w, h);
        pixman_image_unref(gradient);
    }
    pixman_image_set_repeat(strip.image, PIXMAN_REPEAT_NORMAL);
    gradientBytes_ += strip.pixels.size() * sizeof(std::uint32_t);
    return gradients_.emplace(key, std::move(strip))->second.image;
}

SoftwareTexture* SoftwareRenderer::adoptTexture(PixelBuffer pixels, int width, int height, bool opaque) {
    if (width <= 0 || height <= 0 || pixels.size() != static_cast<std::size_t>(width) * static_cast<std::size_t>(height)) return nullptr;
    auto texture = std::make_unique<SoftwareTexture>();
    texture->width = width;
    texture->height = height;
    texture->pixels = std::move(pixels);
    texture->opaque = opaque;
    // a8r8g8b8 even when opaque (every alpha byte is 255, so the colours are the same): pixman's
    // SIMD paths for a filtered image through a solid mask (the attract loop's cross-fade) take
    // a8r8g8b8 sources only; with x8r8g8b8 a cross-fade frame fell to the generic path, 25 ms
    // instead of 10 ms at 1080p.
    texture->image = pixman_image_create_bits(PIXMAN_a8r8g8b8, width, height, texture->pixels.data(), width * 4);
    if (!texture->image) return nullptr;
    pixman_image_set_repeat(texture->image, PIXMAN_REPEAT_PAD);   // bilinear edges sample the edge, not black
    texture->serial = nextSerial_++;
    return texture.release();
}

SoftwareTexture* SoftwareRenderer::createAlphaTexture(const std::uint8_t* alpha, int width, int height) {
    if (width <= 0 || height <= 0) return nullptr;
    auto texture = std::make_unique<SoftwareTexture>();
    texture->width = width;
    texture->height = height;
    texture->alphaOnly = true;
    const int stride = (width + 3) & ~3;
    texture->storage.resize(static_cast<std::size_t>(stride / 4) * static_cast<std::size_t>(height));
    auto* bytes = reinterpret_cast<std::uint8_t*>(texture->storage.data());
    for (int y = 0; y < height; ++y)
        std::memcpy(bytes + static_cast<std::ptrdiff_t>(y) * stride, alpha + static_cast<std::ptrdiff_t>(y) * width,
                    static_cast<std::size_t>(width));
    texture->image = pixman_image_create_bits(PIXMAN_a8, width, height, texture->storage.data(), stride);
    if (!texture->image) return nullptr;
    texture->serial = nextSerial_++;
    return texture.release();
}

SoftwareTexture* SoftwareRenderer::wrapAlphaTexture(const std::uint8_t* alpha, int width, int height, std::shared_ptr<const void> keeper) {
    if (width <= 0 || height <= 0 || width % 4 != 0 || !keeper) return createAlphaTexture(alpha, width, height);
    auto texture = std::make_unique<SoftwareTexture>();
    texture->width = width;
    texture->height = height;
    texture->alphaOnly = true;
    texture->keeper = std::move(keeper);
    // pixman only reads a mask: the pointer loses its const, never its contents (the glyph
    // atlas read from its cache is a read-only mapping).
    texture->image = pixman_image_create_bits(PIXMAN_a8, width, height,
                                              reinterpret_cast<std::uint32_t*>(const_cast<std::uint8_t*>(alpha)), width);
    if (!texture->image) return nullptr;
    texture->serial = nextSerial_++;
    return texture.release();
}

void SoftwareRenderer::destroyTexture(SoftwareTexture* texture) {
    if (!texture) return;
    if (texture->image) pixman_image_unref(texture->image);
    delete texture;
}

pixman_image_t* SoftwareRenderer::solid(std::uint32_t premultipliedArgb) {
    if (auto it = solids_.find(premultipliedArgb); it != solids_.end()) return it->second;
    if (solids_.size() >= kMaxCachedSolids) {
        for (auto& [color, image] : solids_) pixman_image_unref(image);
        solids_.clear();
    }
    const pixman_color_t color = pixmanColor(premultipliedArgb);
    pixman_image_t* image = pixman_image_create_solid_fill(&color);
    solids_.emplace(premultipliedArgb, image);
    return image;
}

void SoftwareRenderer::buildOps(const ImDrawData& data, int targetWidth, int targetHeight) {
    ops_.clear();
    triangles_.clear();
    const ImVec2 offset = data.DisplayPos;
    const pixman_box32_t targetBox{0, 0, targetWidth, targetHeight};
    for (int n = 0; n < data.CmdListsCount; ++n) {
        const ImDrawList* list = data.CmdLists[n];
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            if (cmd.UserCallback) continue;   // the kiosk uses none (and no render state to reset)
            // Clip rectangle as ImGui's SDL_Renderer backend rounds it (truncation).
            const float cx0 = cmd.ClipRect.x - offset.x, cy0 = cmd.ClipRect.y - offset.y;
            const float cx1 = cmd.ClipRect.z - offset.x, cy1 = cmd.ClipRect.w - offset.y;
            if (cx1 <= cx0 || cy1 <= cy0) continue;
            const int clipX = static_cast<int>(cx0), clipY = static_cast<int>(cy0);
            pixman_box32_t clip{clipX, clipY, clipX + static_cast<int>(cx1 - cx0), clipY + static_cast<int>(cy1 - cy0)};
            if (!intersect(clip, targetBox, clip)) continue;
            auto* texture = static_cast<SoftwareTexture*>(cmd.TextureId);
            const ImDrawVert* vtx = list->VtxBuffer.Data + cmd.VtxOffset;
            const ImDrawIdx* idx = list->IdxBuffer.Data + cmd.IdxOffset;
            const unsigned count = cmd.ElemCount - cmd.ElemCount % 3;

            const auto pushOp = [&](Op& op) {
                if (!intersect(op.box, clip, op.bounds)) return;
                op.clip = clip;
                std::uint64_t h = mix(static_cast<std::uint64_t>(op.kind), op.vertical);
                h = mix(h, static_cast<std::uint64_t>(op.clip.x1) << 32 | static_cast<std::uint32_t>(op.clip.y1));
                h = mix(h, static_cast<std::uint64_t>(op.clip.x2) << 32 | static_cast<std::uint32_t>(op.clip.y2));
                h = mix(h, static_cast<std::uint64_t>(op.color) << 32 | op.color2);
                h = mix(h, op.texture ? op.texture->serial : 0);
                h = mix(h, static_cast<std::uint64_t>(op.box.x1) << 32 | static_cast<std::uint32_t>(op.box.y1));
                h = mix(h, static_cast<std::uint64_t>(op.box.x2) << 32 | static_cast<std::uint32_t>(op.box.y2));
                for (float f : {op.x0, op.y0, op.x1, op.y1, op.u0, op.v0, op.u1, op.v1}) h = mix(h, floatBits(f));
                for (int t = op.firstTriangle; t < op.firstTriangle + op.triangleCount; ++t) {
                    const pixman_triangle_t& tri = triangles_[static_cast<std::size_t>(t)];
                    for (const pixman_point_fixed_t& p : {tri.p1, tri.p2, tri.p3})
                        h = mix(h, static_cast<std::uint64_t>(static_cast<std::uint32_t>(p.x)) << 32 | static_cast<std::uint32_t>(p.y));
                }
                op.hash = h;
                ops_.push_back(op);
            };

            // Consecutive triangles of one colour become one batch (one coverage mask), a filled
            // polygon (fan) at most; strokes (quads of a polyline) stay together.
            Op batch;
            bool batchOpen = false;
            bool batchIsFan = true;   // every triangle so far continues the first one's fan
            const auto closeBatch = [&] {
                if (!batchOpen) return;
                batchOpen = false;
                batch.box = snapToPixelGrid(triangles_.data() + batch.firstTriangle, batch.triangleCount);
                // A convex fan (ImGui's filled rounded rectangles, pills) is mostly plain
                // rectangles: the rows between its vertical sides and the columns between its
                // horizontal top and bottom. Rasterizing coverage costs about 15 passes a pixel,
                // so only what is left (the corners) is rasterized.
                FanParts fan;
                if (!splitShapes_ || !convexFanParts(triangles_.data() + batch.firstTriangle, batch.triangleCount, fan) ||
                    (!fan.rows && !fan.columns)) {
                    pushOp(batch);
                    return;
                }
                // A part of the shape to rasterize: the fan clipped to the part's box, so that its
                // mask depends on that corner only (every corner of a radius is the same mask,
                // whatever the size of its shape).
                std::vector<pixman_point_fixed_t> polygon;
                for (int i = 0; i < batch.triangleCount; ++i) {
                    const pixman_triangle_t& t = triangles_[static_cast<std::size_t>(batch.firstTriangle + i)];
                    if (i == 0) polygon.insert(polygon.end(), {t.p1, t.p2});
                    polygon.push_back(t.p3);
                }
                const auto pushPart = [&](Op part) {
                    const std::vector<pixman_point_fixed_t> clipped = clipConvexPolygon(polygon, part.box);
                    if (clipped.size() < 3) return;
                    part.firstTriangle = static_cast<int>(triangles_.size());
                    part.triangleCount = static_cast<int>(clipped.size()) - 2;
                    for (std::size_t i = 2; i < clipped.size(); ++i) triangles_.push_back({clipped[0], clipped[i - 1], clipped[i]});
                    pushOp(part);
                };
                // A rectangle of the shape's colour.
                const auto pushFill = [&](const pixman_box32_t& box) {
                    if (box.x1 >= box.x2 || box.y1 >= box.y2) return;
                    Op fill;
                    fill.kind = Op::Kind::Fill;
                    fill.color = batch.color;
                    fill.x0 = static_cast<float>(box.x1); fill.x1 = static_cast<float>(box.x2);
                    fill.y0 = static_cast<float>(box.y1); fill.y1 = static_cast<float>(box.y2);
                    fill.box = box;
                    pushOp(fill);
                };
                // Rows [strip.box.y1, strip.box.y2) of the shape: the corners left and right of
                // the whole columns rasterized, the columns filled.
                const auto pushStrip = [&](Op strip) {
                    if (strip.box.y1 >= strip.box.y2) return;
                    if (!fan.columns || fan.columnX1 <= strip.box.x1 || fan.columnX2 >= strip.box.x2) {
                        pushPart(strip);
                        return;
                    }
                    Op leftCorner = strip, rightCorner = strip;
                    leftCorner.box.x2 = fan.columnX1;
                    rightCorner.box.x1 = fan.columnX2;
                    pushPart(leftCorner);
                    pushFill({fan.columnX1, std::max(strip.box.y1, fan.top), fan.columnX2, std::min(strip.box.y2, fan.bottom)});
                    pushPart(rightCorner);
                };
                if (!fan.rows) {
                    pushStrip(batch);
                    return;
                }
                const pixman_box32_t& band = fan.rowBand;
                Op top = batch, bottom = batch;
                top.box.y2 = band.y1;
                bottom.box.y1 = band.y2;
                pushStrip(top);
                pushFill({fan.left, band.y1, fan.right, band.y2});
                pushStrip(bottom);
            };
            const auto addTriangle = [&](const ImDrawVert& a, const ImDrawVert& b, const ImDrawVert& c) {
                // One colour a triangle: ImGui's anti-aliasing is off with this renderer, so the
                // three corners agree; otherwise the most opaque corner's colour is taken.
                std::uint32_t color = a.col;
                for (const ImDrawVert* v : {&b, &c})
                    if ((v->col >> 24) > (color >> 24)) color = v->col;
                if ((color >> 24) == 0) return;
                const auto fixed = [&](const ImDrawVert& v) {
                    return pixman_point_fixed_t{pixman_double_to_fixed(v.pos.x - offset.x), pixman_double_to_fixed(v.pos.y - offset.y)};
                };
                const pixman_triangle_t triangle{fixed(a), fixed(b), fixed(c)};
                if (batchOpen && batch.color != color) closeBatch();
                if (batchOpen) {
                    // One shape a batch: a fan (a filled polygon) ends where a triangle does not
                    // continue it. Two translucent layers must blend twice, and separate small
                    // shapes (rounded-corner masks) must not share one large coverage mask.
                    const pixman_triangle_t& last = triangles_.back();
                    const pixman_triangle_t& first = triangles_[static_cast<std::size_t>(batch.firstTriangle)];
                    const bool continuesFan = triangle.p1.x == first.p1.x && triangle.p1.y == first.p1.y &&
                                              triangle.p2.x == last.p3.x && triangle.p2.y == last.p3.y;
                    if (batchIsFan && !continuesFan && batch.triangleCount >= 3) closeBatch();
                    else if (!continuesFan) batchIsFan = false;
                }
                const float minX = std::min({a.pos.x, b.pos.x, c.pos.x}) - offset.x, maxX = std::max({a.pos.x, b.pos.x, c.pos.x}) - offset.x;
                const float minY = std::min({a.pos.y, b.pos.y, c.pos.y}) - offset.y, maxY = std::max({a.pos.y, b.pos.y, c.pos.y}) - offset.y;
                const pixman_box32_t box{static_cast<int>(std::floor(minX)), static_cast<int>(std::floor(minY)),
                                         static_cast<int>(std::ceil(maxX)) + 1, static_cast<int>(std::ceil(maxY)) + 1};
                if (!batchOpen) {
                    batch = Op{};
                    batch.kind = Op::Kind::Triangles;
                    batch.color = color;
                    batch.firstTriangle = static_cast<int>(triangles_.size());
                    batch.box = box;
                    batchOpen = true;
                    batchIsFan = true;
                } else {
                    batch.box = {std::min(batch.box.x1, box.x1), std::min(batch.box.y1, box.y1),
                                 std::max(batch.box.x2, box.x2), std::max(batch.box.y2, box.y2)};
                }
                triangles_.push_back(triangle);
                ++batch.triangleCount;
            };

            for (unsigned i = 0; i < count;) {
                // An axis-aligned quad as ImGui writes it: (a, b, c), (a, c, d), a and c diagonal.
                if (i + 6 <= count && idx[i + 3] == idx[i] && idx[i + 4] == idx[i + 2]) {
                    const ImDrawVert& a = vtx[idx[i]];
                    const ImDrawVert& b = vtx[idx[i + 1]];
                    const ImDrawVert& c = vtx[idx[i + 2]];
                    const ImDrawVert& d = vtx[idx[i + 5]];
                    const bool diagonal = a.pos.x != c.pos.x && a.pos.y != c.pos.y;
                    const bool corners = diagonal &&
                        ((b.pos.x == c.pos.x && b.pos.y == a.pos.y && d.pos.x == a.pos.x && d.pos.y == c.pos.y) ||
                         (b.pos.x == a.pos.x && b.pos.y == c.pos.y && d.pos.x == c.pos.x && d.pos.y == a.pos.y));
                    // Texture coordinates that follow the corners (u with x, v with y).
                    const bool uvFollow = corners && b.uv.x == (b.pos.x == a.pos.x ? a.uv.x : c.uv.x) &&
                                          b.uv.y == (b.pos.y == a.pos.y ? a.uv.y : c.uv.y) &&
                                          d.uv.x == (d.pos.x == a.pos.x ? a.uv.x : c.uv.x) &&
                                          d.uv.y == (d.pos.y == a.pos.y ? a.uv.y : c.uv.y);
                    const bool untextured = a.uv.x == c.uv.x && a.uv.y == c.uv.y && b.uv.x == a.uv.x && b.uv.y == a.uv.y &&
                                            d.uv.x == a.uv.x && d.uv.y == a.uv.y;
                    if (corners && (untextured || uvFollow)) {
                        // Corners in order: top-left, top-right, bottom-right, bottom-left.
                        const ImDrawVert* tl = &a; const ImDrawVert* br = &c;
                        const ImDrawVert* tr = &b; const ImDrawVert* bl = &d;
                        const ImDrawVert* all[4] = {&a, &b, &c, &d};
                        for (const ImDrawVert* v : all) {
                            const bool left = v->pos.x == std::min(a.pos.x, c.pos.x), top = v->pos.y == std::min(a.pos.y, c.pos.y);
                            if (left && top) tl = v; else if (!left && top) tr = v; else if (!left && !top) br = v; else bl = v;
                        }
                        Op op;
                        op.x0 = tl->pos.x - offset.x; op.y0 = tl->pos.y - offset.y;
                        op.x1 = br->pos.x - offset.x; op.y1 = br->pos.y - offset.y;
                        op.box = {edgePixel(op.x0), edgePixel(op.y0), edgePixel(op.x1), edgePixel(op.y1)};
                        const bool oneColor = tl->col == tr->col && tl->col == br->col && tl->col == bl->col;
                        bool handled = true;
                        if (untextured || !texture) {
                            op.color = tl->col;
                            if (oneColor) op.kind = Op::Kind::Fill;
                            else if (tl->col == tr->col && bl->col == br->col) { op.kind = Op::Kind::Gradient; op.vertical = true; op.color2 = bl->col; }
                            else if (tl->col == bl->col && tr->col == br->col) { op.kind = Op::Kind::Gradient; op.vertical = false; op.color2 = tr->col; }
                            else handled = false;
                            if (handled && op.kind == Op::Kind::Fill && (op.color >> 24) == 0) { i += 6; continue; }
                        } else {
                            op.kind = texture->alphaOnly ? Op::Kind::Glyph : Op::Kind::Image;
                            op.texture = texture;
                            op.color = tl->col;
                            op.u0 = tl->uv.x * static_cast<float>(texture->width);
                            op.v0 = tl->uv.y * static_cast<float>(texture->height);
                            op.u1 = br->uv.x * static_cast<float>(texture->width);
                            op.v1 = br->uv.y * static_cast<float>(texture->height);
                            handled = oneColor && (op.color >> 24) != 0;
                            if (oneColor && (op.color >> 24) == 0) { i += 6; continue; }
                        }
                        if (handled) {
                            closeBatch();
                            if (op.box.x1 < op.box.x2 && op.box.y1 < op.box.y2) pushOp(op);
                            i += 6;
                            continue;
                        }
                    }
                }
                addTriangle(vtx[idx[i]], vtx[idx[i + 1]], vtx[idx[i + 2]]);
                i += 3;
            }
            closeBatch();
        }
    }
}

bool SoftwareRenderer::overwrites(const Op& op) {
    // Drawn with PIXMAN_OP_SRC over every pixel of the bounds: a solid fill, or an opaque image
    // without tint (bilinear samples of an opaque image with padded edges are opaque).
    if (op.kind == Op::Kind::Fill) return (op.color >> 24) == 0xFF;
    if (op.kind == Op::Kind::Image) return op.texture->opaque && op.color == 0xFFFFFFFFu;
    return false;
}

void SoftwareRenderer::drawOp(const Op& op, pixman_image_t* target, const pixman_region32_t& damage) {
    pixman_box32_t area;   // what this call may change: the operation within the damage's extents
    if (!intersect(op.bounds, *pixman_region32_extents(&damage), area)) return;
    const int w = area.x2 - area.x1, h = area.y2 - area.y1;
    switch (op.kind) {
    case Op::Kind::Fill: {
        const std::uint32_t color = premultiplied(op.color);
        pixman_image_composite32((color >> 24) == 0xFF ? PIXMAN_OP_SRC : PIXMAN_OP_OVER, solid(color), nullptr, target,
                                 0, 0, 0, 0, area.x1, area.y1, w, h);
        ++stats_.fills;
        break;
    }
    case Op::Kind::Glyph: {
        pixman_image_t* mask = op.texture->image;
        const float sx = (op.u1 - op.u0) / (op.x1 - op.x0), sy = (op.v1 - op.v0) / (op.y1 - op.y0);
        const int mx = static_cast<int>(std::lround(op.u0)), my = static_cast<int>(std::lround(op.v0));
        const bool oneToOne = std::fabs(sx - 1.0f) < 1e-3f && std::fabs(sy - 1.0f) < 1e-3f &&
                              std::fabs(op.u0 - static_cast<float>(mx)) < 1e-2f && std::fabs(op.v0 - static_cast<float>(my)) < 1e-2f;
        if (oneToOne) {
            pixman_image_set_transform(mask, nullptr);
            pixman_image_set_filter(mask, PIXMAN_FILTER_NEAREST, nullptr, 0);
            pixman_image_composite32(PIXMAN_OP_OVER, solid(premultiplied(op.color)), mask, target, 0, 0,
                                     mx + (area.x1 - op.box.x1), my + (area.y1 - op.box.y1), area.x1, area.y1, w, h);
        } else {
            // Mask coordinates before the transform are target coordinates.
            setTransform(mask, sx, op.u0 - op.x0 * sx, sy, op.v0 - op.y0 * sy);
            pixman_image_set_filter(mask, PIXMAN_FILTER_BILINEAR, nullptr, 0);
            pixman_image_composite32(PIXMAN_OP_OVER, solid(premultiplied(op.color)), mask, target, 0, 0,
                                     area.x1, area.y1, area.x1, area.y1, w, h);
            pixman_image_set_transform(mask, nullptr);
        }
        ++stats_.glyphs;
        break;
    }
    case Op::Kind::Image: {
        pixman_image_t* source = op.texture->image;
        const double sx = (op.u1 - op.u0) / (op.x1 - op.x0), sy = (op.v1 - op.v0) / (op.y1 - op.y0);
        // Drawn at its own size (the texture cache decodes places to exactly their size, rounded
        // up to whole pixels, which the cover crop may stretch by a pixel or two over a wide
        // place): within 0.4 % or one pixel, the image is copied at a whole-pixel offset instead
        // of filtered (a sharper picture at a fraction of the cost: no bilinear weights, and four
        // times fewer texels read than from a texture twice the size).
        const auto sameSize = [](float texels, float pixels) {
            return std::fabs(texels - pixels) < std::max(1.0f, pixels * (1.0f / 256.0f));
        };
        const bool oneToOne = sameSize(op.u1 - op.u0, op.x1 - op.x0) && sameSize(op.v1 - op.v0, op.y1 - op.y0);
        int srcX = area.x1, srcY = area.y1;
        if (oneToOne) {
            srcX += static_cast<int>(std::lround(op.u0 - op.x0));
            srcY += static_cast<int>(std::lround(op.v0 - op.y0));
            pixman_image_set_transform(source, nullptr);
            pixman_image_set_filter(source, PIXMAN_FILTER_NEAREST, nullptr, 0);
            ++stats_.imageCopies;
        } else {
            setTransform(source, sx, op.u0 - op.x0 * sx, sy, op.v0 - op.y0 * sy);
            pixman_image_set_filter(source, PIXMAN_FILTER_BILINEAR, nullptr, 0);
        }
        pixman_image_t* mask = nullptr;
        pixman_image_t* ownMask = nullptr;
        if (op.color != 0xFFFFFFFFu) {
            if ((op.color & 0x00FFFFFFu) == 0x00FFFFFFu) {
                mask = solid((op.color >> 24) << 24);   // only the alpha of a solid mask counts
            } else {
                // A coloured tint multiplies each channel: a component-alpha mask.
                const pixman_color_t color = pixmanColor(premultiplied(op.color));
                ownMask = pixman_image_create_solid_fill(&color);
                pixman_image_set_component_alpha(ownMask, 1);
                mask = ownMask;
            }
        }
        const bool opaque = op.texture->opaque && mask == nullptr;
        pixman_image_composite32(opaque ? PIXMAN_OP_SRC : PIXMAN_OP_OVER, source, mask, target,
                                 srcX, srcY, 0, 0, area.x1, area.y1, w, h);
        if (ownMask) pixman_image_unref(ownMask);
        pixman_image_set_transform(source, nullptr);
        ++stats_.images;
        break;
    }
    case Op::Kind::Gradient: {
        if (!cacheGradients_) {
            const pixman_point_fixed_t p1{pixman_double_to_fixed(op.x0), pixman_double_to_fixed(op.y0)};
            const pixman_point_fixed_t p2 = op.vertical ? pixman_point_fixed_t{p1.x, pixman_double_to_fixed(op.y1)}
                                                        : pixman_point_fixed_t{pixman_double_to_fixed(op.x1), p1.y};
            pixman_image_t* gradient = linearGradient(p1, p2, op.color, op.color2);
            if (!gradient) break;
            pixman_image_composite32(PIXMAN_OP_OVER, gradient, nullptr, target, area.x1, area.y1, 0, 0, area.x1, area.y1, w, h);
            pixman_image_unref(gradient);
        } else {
            pixman_image_t* strip = gradientStrip(op);
            if (!strip) break;
            pixman_image_composite32(PIXMAN_OP_OVER, strip, nullptr, target, area.x1 - op.box.x1, area.y1 - op.box.y1, 0, 0,
                                     area.x1, area.y1, w, h);
        }
        ++stats_.gradients;
        break;
    }
    case Op::Kind::Triangles: {
        // The coverage mask spans the operation's bounds (independent of the damage), so that
        // every pixel is rasterized exactly as in a full redraw; always from triangles relative
        // to its corner, so that a cached mask is the one rasterizing would make.
        const pixman_box32_t& b = op.bounds;
        const int mw = b.x2 - b.x1, mh = b.y2 - b.y1;
        const std::uint32_t* bits = shapeMask(op);
        pixman_image_t* mask = pixman_image_create_bits(PIXMAN_a8, mw, mh, const_cast<std::uint32_t*>(bits), (mw + 3) & ~3);
        if (!mask) break;
        pixman_image_composite32(PIXMAN_OP_OVER, solid(premultiplied(op.color)), mask, target, 0, 0,
                                 area.x1 - b.x1, area.y1 - b.y1, area.x1, area.y1, w, h);
        pixman_image_unref(mask);
        ++stats_.triangleBatches;
        stats_.triangles += op.triangleCount;
        break;
    }
    }
}

const std::uint32_t* SoftwareRenderer::coverageMask(const std::vector<pixman_triangle_t>& triangles, int width, int height) {
    const int stride = (width + 3) & ~3;
    const std::size_t words = static_cast<std::size_t>(stride / 4) * static_cast<std::size_t>(height);
    std::uint64_t key = mix(static_cast<std::uint64_t>(width), static_cast<std::uint64_t>(height));
    for (const pixman_triangle_t& t : triangles)
        for (const pixman_point_fixed_t& p : {t.p1, t.p2, t.p3})
            key = mix(key, static_cast<std::uint64_t>(static_cast<std::uint32_t>(p.x)) << 32 | static_cast<std::uint32_t>(p.y));
    const auto same = [&](const CachedMask& m) {
        return m.width == width && m.height == height && m.triangles.size() == triangles.size() &&
               std::memcmp(m.triangles.data(), triangles.data(), triangles.size() * sizeof(pixman_triangle_t)) == 0;
    };
    const auto [first, last] = maskCache_.equal_range(key);
    for (auto it = first; it != last; ++it)
        if (same(it->second)) {
            it->second.lastUsed = frameNumber_;
            ++stats_.maskCacheHits;
            return it->second.bits.data();
        }
    stats_.rasterizedPixels += static_cast<std::int64_t>(width) * height;
    const bool keep = words * 4 <= kMaskCacheBytes / 4;
    std::vector<std::uint32_t> fresh;
    std::vector<std::uint32_t>& bits = keep ? fresh : maskScratch_;
    if (bits.size() < words) bits.resize(words);
    std::memset(bits.data(), 0, words * 4);
    if (pixman_image_t* mask = pixman_image_create_bits(PIXMAN_a8, width, height, bits.data(), stride)) {
        pixman_add_triangles(mask, 0, 0, static_cast<int>(triangles.size()), triangles.data());
        pixman_image_unref(mask);
    }
    if (!keep) return maskScratch_.data();
    auto it = maskCache_.emplace(key, CachedMask{triangles, width, height, std::move(fresh), frameNumber_});
    maskCacheBytes_ += it->second.bytes();
    return it->second.bits.data();
}

std::size_t SoftwareRenderer::CachedMask::bytes() const {
    return bits.size() * sizeof(std::uint32_t) + triangles.size() * sizeof(pixman_triangle_t);
}

void SoftwareRenderer::trimMaskCache() {
    if (maskCacheBytes_ <= kMaskCacheBytes) return;
    // Called before a frame: the least recently used go first, down to three quarters of the
    // budget (not one at a time), never a mask the last frame drew.
    std::vector<std::pair<std::uint64_t, std::size_t>> uses;   // (frame last used, bytes)
    uses.reserve(maskCache_.size());
    for (const auto& entry : maskCache_) uses.emplace_back(entry.second.lastUsed, entry.second.bytes());
    std::sort(uses.begin(), uses.end());
    std::size_t remaining = maskCacheBytes_;
    std::uint64_t cutoff = 0;   // masks last used in this frame or before it go
    bool any = false;
    for (const auto& [used, bytes] : uses) {
        if (remaining <= kMaskCacheBytes / 4 * 3 || used >= frameNumber_) break;
        cutoff = used;
        any = true;
        remaining -= bytes;
    }
    if (!any) return;
    for (auto it = maskCache_.begin(); it != maskCache_.end();) {
        if (it->second.lastUsed <= cutoff) {
            maskCacheBytes_ -= it->second.bytes();
            it = maskCache_.erase(it);
        } else {
            ++it;
        }
    }
}

const std::uint32_t* SoftwareRenderer::shapeMask(const Op& op) {
    const pixman_box32_t& b = op.bounds;
    relativeTriangles_.assign(triangles_.begin() + op.firstTriangle, triangles_.begin() + op.firstTriangle + op.triangleCount);
    const pixman_fixed_t dx = pixman_int_to_fixed(b.x1), dy = pixman_int_to_fixed(b.y1);
    for (pixman_triangle_t& t : relativeTriangles_)
        for (pixman_point_fixed_t* p : {&t.p1, &t.p2, &t.p3}) { p->x -= dx; p->y -= dy; }
    return coverageMask(relativeTriangles_, b.x2 - b.x1, b.y2 - b.y1);
}

void SoftwareRenderer::prepare(const ImDrawData& data, int targetWidth, int targetHeight) {
    const SoftwareFrameStats lastFrame = stats_;   // lastFrame() stays the last render's
    stats_ = {};
    trimMaskCache();
    buildOps(data, targetWidth, targetHeight);
    for (const Op& op : ops_)
        if (op.kind == Op::Kind::Triangles) shapeMask(op);
    // The next render builds its own operations; the damage tiles still describe the target.
    preparedPixels_ += stats_.rasterizedPixels;
    stats_ = lastFrame;
}

void SoftwareRenderer::render(const ImDrawData& data, pixman_image_t* target, std::uint32_t clearRgba, bool damageOnly,
                              std::vector<pixman_box32_t>* damagedOut) {
    const int width = pixman_image_get_width(target), height = pixman_image_get_height(target);
    stats_ = {};
    trimMaskCache();   // what the previous frames left: masks of the last frame stay
    ++frameNumber_;
    buildOps(data, width, height);
    stats_.operations = static_cast<int>(ops_.size());

    // Tile hashes of this frame: the clear colour, then every operation touching the tile, in order.
    const int tilesX = (width + kDamageTilePx - 1) / kDamageTilePx, tilesY = (height + kDamageTilePx - 1) / kDamageTilePx;
    std::vector<std::uint64_t> tiles(static_cast<std::size_t>(tilesX) * static_cast<std::size_t>(tilesY), mix(0, clearRgba));
    for (const Op& op : ops_) {
        const int tx0 = std::max(0, op.bounds.x1 / kDamageTilePx), tx1 = std::min(tilesX - 1, (op.bounds.x2 - 1) / kDamageTilePx);
        const int ty0 = std::max(0, op.bounds.y1 / kDamageTilePx), ty1 = std::min(tilesY - 1, (op.bounds.y2 - 1) / kDamageTilePx);
        for (int ty = ty0; ty <= ty1; ++ty)
            for (int tx = tx0; tx <= tx1; ++tx) {
                std::uint64_t& t = tiles[static_cast<std::size_t>(ty) * static_cast<std::size_t>(tilesX) + static_cast<std::size_t>(tx)];
                t = mix(t, op.hash);
            }
    }
    const bool full = !damageOnly || tilesX != tilesX_ || tilesY != tilesY_ || tileHashes_.size() != tiles.size();
    std::vector<pixman_box32_t> boxes;
    if (full) {
        boxes.push_back({0, 0, width, height});
    } else {
        // Changed tiles, merged into runs along each row of tiles.
        for (int ty = 0; ty < tilesY; ++ty) {
            for (int tx = 0; tx < tilesX;) {
                const std::size_t at = static_cast<std::size_t>(ty) * static_cast<std::size_t>(tilesX) + static_cast<std::size_t>(tx);
                if (tiles[at] == tileHashes_[at]) { ++tx; continue; }
                int end = tx + 1;
                while (end < tilesX && tiles[at + static_cast<std::size_t>(end - tx)] != tileHashes_[at + static_cast<std::size_t>(end - tx)]) ++end;
                boxes.push_back({tx * kDamageTilePx, ty * kDamageTilePx, std::min(width, end * kDamageTilePx),
                                 std::min(height, (ty + 1) * kDamageTilePx)});
                tx = end;
            }
        }
    }
    tileHashes_ = std::move(tiles);
    tilesX_ = tilesX;
    tilesY_ = tilesY;
    stats_.fullRedraw = full;
    if (damagedOut) *damagedOut = boxes;
    if (boxes.empty()) return;   // nothing changed: the target already shows this frame

    pixman_region32_t damage;
    pixman_region32_init_rects(&damage, boxes.data(), static_cast<int>(boxes.size()));
    for (const pixman_box32_t& b : boxes) stats_.damagedPixels += static_cast<std::int64_t>(b.x2 - b.x1) * (b.y2 - b.y1);

    // Occluders: large operations that overwrite every pixel of their bounds (see overwrites()).
    // What lies under a later one is never seen, so it is not drawn: the clear under a
    // full-screen photo, a card's shadow and fill under the card and its image.
    occluders_.clear();
    if (cullOccluded_)
        for (std::size_t i = 0; i < ops_.size(); ++i)
            if (overwrites(ops_[i]) && area(ops_[i].bounds) >= kMinOccluderPixels) occluders_.push_back(i);

    // Clear, then replay every operation that touches the damage, each under its clip.
    pixman_region32_t visible;
    pixman_region32_init(&visible);
    pixman_region32_copy(&visible, &damage);
    for (std::size_t i : occluders_) subtractBox(visible, ops_[i].bounds);
    stats_.occludedPixels += regionArea(damage) - regionArea(visible);
    if (pixman_region32_not_empty(&visible)) {
        pixman_image_set_clip_region32(target, &visible);
        const std::uint32_t clear = 0xFF000000u | (clearRgba >> 8);
        const pixman_box32_t* extents = pixman_region32_extents(&visible);
        pixman_image_composite32(PIXMAN_OP_SRC, solid(clear), nullptr, target, 0, 0, 0, 0, extents->x1, extents->y1,
                                 extents->x2 - extents->x1, extents->y2 - extents->y1);
    }
    pixman_region32_t clipped;
    pixman_region32_init(&clipped);
    pixman_box32_t lastClip{0, 0, -1, -1};
    bool targetClipped = false;   // the target's clip region is `clipped` (not an operation's visible part)
    for (std::size_t i = 0; i < ops_.size(); ++i) {
        const Op& op = ops_[i];
        pixman_box32_t bounds = op.bounds;
        if (pixman_region32_contains_rectangle(&damage, &bounds) == PIXMAN_REGION_OUT) continue;
        if (std::memcmp(&op.clip, &lastClip, sizeof lastClip) != 0) {
            lastClip = op.clip;
            pixman_region32_intersect_rect(&clipped, &damage, op.clip.x1, op.clip.y1,
                                           static_cast<unsigned>(op.clip.x2 - op.clip.x1),
                                           static_cast<unsigned>(op.clip.y2 - op.clip.y1));
            targetClipped = false;
        }
        // Later occluders over this operation: only what they leave is drawn.
        bool covered = false;
        std::int64_t uncovered = 0;   // pixels the operation would draw without the occluders
        for (auto j = std::upper_bound(occluders_.begin(), occluders_.end(), i); j != occluders_.end(); ++j) {
            pixman_box32_t overlap;
            if (!intersect(ops_[*j].bounds, op.bounds, overlap)) continue;
            if (!covered) {
                covered = true;
                pixman_region32_intersect_rect(&visible, &clipped, op.bounds.x1, op.bounds.y1,
                                               static_cast<unsigned>(op.bounds.x2 - op.bounds.x1),
                                               static_cast<unsigned>(op.bounds.y2 - op.bounds.y1));
                uncovered = regionArea(visible);
            }
            subtractBox(visible, overlap);
        }
        if (covered) {
            stats_.occludedPixels += uncovered - regionArea(visible);
            if (!pixman_region32_not_empty(&visible)) continue;
            pixman_image_set_clip_region32(target, &visible);
            targetClipped = false;
            drawOp(op, target, visible);
            continue;
        }
        if (!targetClipped) {
            pixman_image_set_clip_region32(target, &clipped);
            targetClipped = true;
        }
        drawOp(op, target, clipped);
    }
    pixman_image_set_clip_region32(target, nullptr);
    pixman_region32_fini(&clipped);
    pixman_region32_fini(&visible);
    pixman_region32_fini(&damage);
}

} // namespace kiosk::platform
