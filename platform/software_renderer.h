// SoftwareRenderer: Dear ImGui draw data drawn with pixman (the compositing library of the X
// server and Weston; SSE2/SSSE3 on x86, NEON on ARM), for headless runs and windows without a
// usable GPU.
//
// ImGui hands over triangles only. Each frame is first turned into drawing operations:
//  - a textured axis-aligned quad of the glyph atlas (A8) -> composite of a solid colour
//    through the atlas as mask (1:1, or scaled with a bilinear filter);
//  - a quad sampling the atlas's white block (rectangles, axis-aligned lines) -> solid fill;
//  - a quad whose corners carry two colours top/bottom or left/right -> linear gradient;
//  - a textured quad of an image -> scaled composite (bilinear, edges padded), or a copy at a
//    whole-pixel offset when drawn at its own size (within a pixel, or 0.4 %), tinted through a
//    solid mask when the vertex colour is not opaque white;
//  - anything else (rounded corners, circles, slanted lines) -> triangles of one colour
//    rasterized by pixman into an A8 coverage mask (anti-aliased), then composited. Filled
//    rounded rectangles and pills are split first: where they are plain rectangles they are
//    fills, and only the corners are rasterized. Masks are kept (least recently used out, within
//    kMaskCacheBytes) keyed by the triangles relative to the mask's corner, so the same shape at
//    another whole-pixel position (a screen sliding in, a grid scrolling) is not rasterized again.
// ImGui's own anti-aliasing fringes need per-vertex alpha, which pixman's triangles do not
// interpolate: the Display turns ImGui's anti-aliasing off for this renderer and pixman's
// coverage masks anti-alias the edges instead.
// Clip rectangles become pixman clip regions of the target.
// Occlusion: an opaque fill or an opaque image without tint (drawn with PIXMAN_OP_SRC) of at
// least kMinOccluderPixels overwrites its bounds whatever lies below, so what earlier operations
// and the clear would put there is not drawn: the clear under a full-screen background, shadows
// and card fills under cards and photos. The pixels are the same (tested against drawing all).
//
// Damage: every operation has a hash of all it depends on (kind, geometry, colours, texture
// serial, clip). The target is split into tiles; a tile's hash is the ordered hash of the
// operations touching it. Tiles whose hash differs from the previous frame's (or all tiles after
// a change of size, clear colour or textures) are redrawn: cleared, then every operation that
// touches them replayed under a clip of the damaged region. Pixels outside it are kept, so the
// target must hold the previous frame (the window surface or the headless image do).
// Every operation draws a pixel the same way whatever the clip, so a damaged frame equals a
// full redraw pixel for pixel (tested over a scripted visit: --check-damage).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "platform/pixel_buffer.h"

#include <pixman.h>

struct ImDrawData;

namespace kiosk::platform {

// What an ImTextureID points at with this renderer.
struct SoftwareTexture {
    pixman_image_t* image = nullptr;
    int width = 0, height = 0;
    bool alphaOnly = false;       // A8 (the glyph atlas): drawn as a mask under the vertex colour
    bool opaque = false;          // no transparent pixel
    std::uint64_t serial = 0;     // never reused: damage tracking tells textures apart by it
    std::vector<std::uint32_t> storage;   // the coverage pixman reads (alpha textures made by copying)
    std::shared_ptr<const void> keeper;   // what keeps borrowed coverage alive (wrapAlphaTexture)
    PixelBuffer pixels;                   // the pixels pixman reads (images: premultiplied, taken over)
};

// Figures of the last frame (tests, benchmarks).
struct SoftwareFrameStats {
    int operations = 0;
    int fills = 0, glyphs = 0, images = 0, gradients = 0, triangleBatches = 0, triangles = 0;
    int imageCopies = 0;                 // images drawn at their own size: copied, not filtered
    std::int64_t damagedPixels = 0;   // pixels redrawn (the whole target on a full redraw)
    std::int64_t rasterizedPixels = 0;   // pixels of the coverage masks rasterized for shapes
    int maskCacheHits = 0;               // masks of shapes taken from the cache, not rasterized
    std::int64_t occludedPixels = 0;     // pixels not drawn (cleared or of an operation) because a later operation overwrites them
    bool fullRedraw = true;
};

class SoftwareRenderer {
public:
    SoftwareRenderer();
    ~SoftwareRenderer();
    SoftwareRenderer(const SoftwareRenderer&) = delete;
    SoftwareRenderer& operator=(const SoftwareRenderer&) = delete;

    // RGBA bytes (not premultiplied), width * height * 4. Null on allocation failure.
    // An image texture that takes over `pixels` (premultiplied 0xAARRGGBB, width * height); no copy.
    // `opaque`: every alpha byte is 255 (drawn with SRC, and an occluder).
    SoftwareTexture* adoptTexture(PixelBuffer pixels, int width, int height, bool opaque);
    // One byte of coverage a pixel (the glyph atlas), width * height bytes.
    SoftwareTexture* createAlphaTexture(const std::uint8_t* alpha, int width, int height);
    // An alpha texture that reads `alpha` where it is, kept alive by `keeper`, when its rows can
    // be (width a multiple of 4: pixman's row alignment); otherwise a copy (createAlphaTexture).
    SoftwareTexture* wrapAlphaTexture(const std::uint8_t* alpha, int width, int height, std::shared_ptr<const void> keeper);
    void destroyTexture(SoftwareTexture* texture);

    // Draws `data` into `target` (a8r8g8b8 or x8r8g8b8), cleared to `clearRgba` (0xRRGGBBAA).
    // With `damageOnly`, redraws only what changed since the previous render into the same
    // target (see above); otherwise everything. `damagedOut`, when given, receives the damaged
    // rectangles (x, y, w, h) to present.
    void render(const ImDrawData& data, pixman_image_t* target, std::uint32_t clearRgba, bool damageOnly,
                std::vector<pixman_box32_t>* damagedOut = nullptr);
    // Makes ready, without drawing anything, what rendering `data` into a target of this size
    // would rasterize: the coverage masks of its shapes, kept in the mask cache. For a screen
    // drawn off screen at an idle moment (KioskUi::rehearseNext), so that its first frame is
    // drawn from the cache like the frames after it. lastFrame() and the damage tiles stay the
    // last render's.
    void prepare(const ImDrawData& data, int targetWidth, int targetHeight);
    std::int64_t preparedPixels() const { return preparedPixels_; }   // mask pixels prepare() rasterized so far
    // The next render redraws everything (the target's pixels were changed behind our back).
    void invalidate() { tileHashes_.clear(); }

    const SoftwareFrameStats& lastFrame() const { return stats_; }

    // Filled convex shapes (rounded rectangles, pills) are drawn as rectangles where they are
    // plain and rasterized only at their corners. Off: every shape is rasterized whole, the
    // reference the split is compared with in tests.
    void setSplitShapes(bool split) { splitShapes_ = split; }
    // What a later opaque fill or image of at least kMinOccluderPixels overwrites is not drawn
    // (nor cleared) first. Off: everything is drawn, the reference in tests.
    void setCullOccluded(bool cull) { cullOccluded_ = cull; }
    static constexpr std::int64_t kMinOccluderPixels = 64 * 64;
    // Two-colour gradients (photo scrims) are drawn from a cached strip of their pixels repeated
    // across the box instead of evaluated per pixel. Off: evaluated, the reference in tests.
    void setCacheGradients(bool cache) { cacheGradients_ = cache; }
    static constexpr int kGradientStripPx = 64;                  // the strip's width across the gradient
    static constexpr std::size_t kGradientCacheBytes = 1u << 20;  // strips of earlier frames beyond this go

    // Side of the damage tiles in pixels.
    static constexpr int kDamageTilePx = 32;
    // Coverage masks kept for reuse, in bytes; a mask larger than a quarter of it is not kept.
    static constexpr std::size_t kMaskCacheBytes = 1u << 20;
    std::size_t maskCacheBytes() const { return maskCacheBytes_; }

    struct Op;   // one drawing operation (software_renderer.cpp)

private:
    void buildOps(const ImDrawData& data, int targetWidth, int targetHeight);
    void drawOp(const Op& op, pixman_image_t* target, const pixman_region32_t& damage);
    // True when `op` overwrites every pixel of its bounds whatever lies below.
    static bool overwrites(const Op& op);
    pixman_image_t* solid(std::uint32_t premultipliedArgb);
    static pixman_image_t* linearGradient(const pixman_point_fixed_t& p1, const pixman_point_fixed_t& p2, std::uint32_t color,
                                          std::uint32_t color2);
    // The cached strip of a Gradient operation (repeat NORMAL), made when missing.
    pixman_image_t* gradientStrip(const Op& op);
    struct GradientStrip {
        bool vertical = true;
        std::uint32_t color = 0, color2 = 0;
        int length = 0;                 // along the gradient, in pixels (the box's)
        float from = 0, to = 0;         // the gradient's ends relative to the box's corner
        std::vector<std::uint32_t> pixels;
        pixman_image_t* image = nullptr;
        std::uint64_t lastUsed = 0;
    };
    std::unordered_multimap<std::uint64_t, GradientStrip> gradients_;
    std::size_t gradientBytes_ = 0;
    bool cacheGradients_ = true;

    std::vector<Op> ops_;
    std::vector<pixman_triangle_t> triangles_;
    struct CachedMask {
        std::vector<pixman_triangle_t> triangles;   // relative to the mask's top-left corner
        int width = 0, height = 0;
        std::vector<std::uint32_t> bits;            // A8, rows of (width + 3) & ~3 bytes
        std::uint64_t lastUsed = 0;                 // frame number
        std::size_t bytes() const;
    };
    // The coverage mask of triangles (relative to its corner) of width x height: from the cache,
    // or rasterized (and kept when small enough).
    const std::uint32_t* coverageMask(const std::vector<pixman_triangle_t>& triangles, int width, int height);
    // The coverage mask of a Triangles operation over its bounds (cached or rasterized).
    const std::uint32_t* shapeMask(const Op& op);
    void trimMaskCache();

    std::vector<pixman_triangle_t> relativeTriangles_;
    std::vector<std::uint32_t> maskScratch_;
    std::unordered_multimap<std::uint64_t, CachedMask> maskCache_;
    std::size_t maskCacheBytes_ = 0;
    std::uint64_t frameNumber_ = 0;
    std::int64_t preparedPixels_ = 0;
    std::unordered_map<std::uint32_t, pixman_image_t*> solids_;
    std::vector<std::uint64_t> tileHashes_;
    int tilesX_ = 0, tilesY_ = 0;
    std::uint64_t nextSerial_ = 1;
    SoftwareFrameStats stats_;
    bool splitShapes_ = true;
    bool cullOccluded_ = true;
    std::vector<std::size_t> occluders_;   // indexes into ops_, ascending
};

} // namespace kiosk::platform
