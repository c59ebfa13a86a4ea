// The pixman software renderer (platform/software_renderer) through a real headless Display:
// fills, clips, gradients, anti-aliased shapes, scaled images, glyphs, rotation, damage
// tracking against a full redraw, and the same drawing by SDL's renderer for comparison.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <memory>

#include <imgui.h>

#include "platform/display.h"
#include "platform/image_decoder.h"
#include "platform/software_renderer.h"

using kiosk::platform::Display;
using kiosk::platform::DisplayOptions;
using kiosk::platform::RendererChoice;

namespace {

constexpr ImU32 kBackground = IM_COL32(20, 30, 40, 255);

struct Frame {
    int w = 0, h = 0;
    std::vector<std::uint8_t> rgba;
    const std::uint8_t* at(int x, int y) const { return &rgba[(static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x)) * 4]; }
    int r(int x, int y) const { return at(x, y)[0]; }
    int g(int x, int y) const { return at(x, y)[1]; }
    int b(int x, int y) const { return at(x, y)[2]; }
};

// An ImGui context and a headless display of one renderer.
class Harness {
public:
    explicit Harness(int w, int h, RendererChoice renderer = RendererChoice::Software, int rotation = 0, bool checkDamage = false) {
        context_ = ImGui::CreateContext();
        ImGui::GetIO().IniFilename = nullptr;
        DisplayOptions options;
        options.headless = true;
        options.width = w;
        options.height = h;
        options.renderer = renderer;
        options.rotationDegrees = rotation;
        options.checkDamage = checkDamage;
        auto opened = Display::open(options);
        REQUIRE_MESSAGE(opened.ok(), "headless display");
        display_ = std::move(opened.value());
        ImGui::GetIO().Fonts->AddFontDefault();
        ImGui::GetIO().Fonts->Build();
        display_->uploadFonts();
    }
    ~Harness() {
        display_.reset();
        ImGui::DestroyContext(context_);
    }
    Display& display() { return *display_; }

    // Draws one frame with `draw` on the background list and returns its pixels.
    Frame draw(const std::function<void(ImDrawList*)>& draw) {
        display_->beginFrame(1.0f / 60.0f);
        ImGui::NewFrame();
        ImDrawList* list = ImGui::GetBackgroundDrawList();
        list->AddRectFilled(ImVec2(0, 0), ImGui::GetIO().DisplaySize, kBackground);
        draw(list);
        display_->endFrame(0x000000FF, true);
        return {display_->width(), display_->height(), display_->readPixels()};
    }

private:
    ImGuiContext* context_ = nullptr;
    std::unique_ptr<Display> display_;
};

bool isBackground(const Frame& f, int x, int y) { return f.r(x, y) == 20 && f.g(x, y) == 30 && f.b(x, y) == 40; }

double differentFraction(const Frame& a, const Frame& b, int threshold) {
    REQUIRE(a.rgba.size() == b.rgba.size());
    long different = 0;
    for (std::size_t i = 0; i < a.rgba.size(); i += 4)
        for (std::size_t c = 0; c < 3; ++c)
            if (std::abs(int(a.rgba[i + c]) - int(b.rgba[i + c])) > threshold) { ++different; break; }
    return static_cast<double>(different) / static_cast<double>(a.rgba.size() / 4);
}

// A scene with every kind of operation.
void scene(ImDrawList* list, float t, ImTextureID image) {
    list->AddRectFilled(ImVec2(10 + t, 10), ImVec2(60 + t, 40), IM_COL32(200, 40, 40, 255));
    list->AddRectFilled(ImVec2(30, 20), ImVec2(90, 50), IM_COL32(255, 255, 255, 128));
    list->AddRectFilledMultiColor(ImVec2(100, 10), ImVec2(140, 90), IM_COL32(0, 0, 0, 255), IM_COL32(0, 0, 0, 255),
                                  IM_COL32(255, 255, 255, 255), IM_COL32(255, 255, 255, 255));
    list->AddCircleFilled(ImVec2(180, 50), 25, IM_COL32(40, 200, 90, 255), 32);
    list->AddRectFilled(ImVec2(10, 60), ImVec2(90, 110), IM_COL32(230, 200, 60, 255), 12.0f);
    list->AddLine(ImVec2(10, 120), ImVec2(200, 140), IM_COL32(255, 255, 255, 255), 3.0f);
    list->AddText(ImVec2(10, 150), IM_COL32(255, 255, 255, 255), t > 0 ? "Changed" : "Hello");
    if (image) list->AddImage(image, ImVec2(120, 100), ImVec2(220, 180));
    list->PushClipRect(ImVec2(0, 185), ImVec2(60, 200), true);
    list->AddRectFilled(ImVec2(0, 185), ImVec2(240, 200), IM_COL32(60, 60, 240, 255));
    list->PopClipRect();
}

void* checkerTexture(Display& display) {
    const std::uint8_t rgba[] = {255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255};
    std::string error;
    void* texture = display.createImageTexture(kiosk::platform::DecodedImage::fromStraightRgba(rgba, 2, 2), error);
    REQUIRE_MESSAGE(texture != nullptr, error);
    return texture;
}

} // namespace

TEST_SUITE("platform.software_renderer") {

TEST_CASE("headless picks the pixman renderer and says why") {
    Harness auto_(64, 64, RendererChoice::Auto);
    CHECK(auto_.display().software());
    CHECK(auto_.display().rendererName() == "software (pixman)");
    CHECK(auto_.display().rendererReason().find("headless") != std::string::npos);
}

TEST_CASE("a solid rectangle fills exactly its pixels") {
    Harness h(64, 48);
    const Frame f = h.draw([](ImDrawList* l) { l->AddRectFilled(ImVec2(10, 10), ImVec2(50, 30), IM_COL32(200, 40, 40, 255)); });
    CHECK(f.r(10, 10) == 200);
    CHECK(f.r(49, 29) == 200);
    CHECK(f.g(30, 20) == 40);
    CHECK(isBackground(f, 9, 10));
    CHECK(isBackground(f, 50, 29));
    CHECK(isBackground(f, 49, 30));
    CHECK(h.display().software());
}

TEST_CASE("translucent shapes blend over what is below") {
    Harness h(32, 32);
    const Frame f = h.draw([](ImDrawList* l) {
        l->AddRectFilled(ImVec2(0, 0), ImVec2(32, 32), IM_COL32(0, 0, 0, 255));
        l->AddRectFilled(ImVec2(0, 0), ImVec2(16, 32), IM_COL32(255, 255, 255, 128));
    });
    CHECK(f.r(5, 5) >= 126);
    CHECK(f.r(5, 5) <= 130);
    CHECK(f.r(20, 5) == 0);
}

TEST_CASE("clip rectangles cut shapes") {
    Harness h(64, 32);
    const Frame f = h.draw([](ImDrawList* l) {
        l->PushClipRect(ImVec2(0, 0), ImVec2(30, 32), true);
        l->AddRectFilled(ImVec2(10, 5), ImVec2(60, 25), IM_COL32(255, 255, 255, 255));
        l->PopClipRect();
    });
    CHECK(f.r(29, 10) == 255);
    CHECK(isBackground(f, 30, 10));
    CHECK(isBackground(f, 50, 10));
}

TEST_CASE("a two-colour rectangle is a gradient") {
    Harness h(32, 102);
    const Frame f = h.draw([](ImDrawList* l) {
        l->AddRectFilledMultiColor(ImVec2(0, 1), ImVec2(32, 101), IM_COL32(0, 0, 0, 255), IM_COL32(0, 0, 0, 255),
                                   IM_COL32(255, 255, 255, 255), IM_COL32(255, 255, 255, 255));
    });
    CHECK(f.r(10, 1) < 10);
    CHECK(f.r(10, 100) > 245);
    CHECK(std::abs(f.r(10, 51) - 128) < 8);
    for (int y = 2; y < 101; ++y) CHECK(f.r(10, y) >= f.r(10, y - 1));
}

TEST_CASE("round shapes are anti-aliased by pixman") {
    Harness h(100, 100);
    const Frame f = h.draw([](ImDrawList* l) { l->AddCircleFilled(ImVec2(50, 50), 30, IM_COL32(255, 255, 255, 255), 64); });
    CHECK(f.r(50, 50) == 255);
    CHECK(isBackground(f, 50, 15));
    CHECK(isBackground(f, 85, 50));
    // Along the edge some pixels are partly covered: neither the shape's colour nor the background's.
    int partial = 0;
    for (int x = 0; x < 100; ++x)
        for (int y = 0; y < 100; ++y)
            if (f.r(x, y) > 40 && f.r(x, y) < 220) ++partial;
    CHECK(partial > 40);
    CHECK(partial < 600);
}

TEST_CASE("an image is scaled with a bilinear filter") {
    Harness h(100, 100);
    void* texture = checkerTexture(h.display());
    const Frame f = h.draw([&](ImDrawList* l) { l->AddImage(texture, ImVec2(0, 0), ImVec2(100, 100)); });
    CHECK(f.r(2, 2) > 240);    // red corner
    CHECK(f.g(97, 2) > 240);   // green corner
    CHECK(f.b(2, 97) > 240);   // blue corner
    CHECK(f.r(97, 97) > 240);
    CHECK(f.g(97, 97) > 240);
    // Between red and green the colours mix (a nearest filter would jump).
    CHECK(f.r(50, 2) > 60);
    CHECK(f.g(50, 2) > 60);
    h.display().destroyImageTexture(texture);
}

TEST_CASE("an image drawn at its own size is copied, pixel for texel, not filtered") {
    Harness h(100, 100);
    void* texture = checkerTexture(h.display());
    // 2x2 texels on 2x2 pixels at a fractional position: each pixel is one texel's colour
    // (a bilinear filter would blend neighbours at a 0.3-pixel offset).
    const Frame f = h.draw([&](ImDrawList* l) { l->AddImage(texture, ImVec2(10.3f, 20.4f), ImVec2(12.3f, 22.4f)); });
    CHECK(f.r(10, 20) == 255); CHECK(f.g(10, 20) == 0); CHECK(f.b(10, 20) == 0);   // red
    CHECK(f.r(11, 20) == 0); CHECK(f.g(11, 20) == 255); CHECK(f.b(11, 20) == 0);   // green
    CHECK(f.r(10, 21) == 0); CHECK(f.g(10, 21) == 0); CHECK(f.b(10, 21) == 255);   // blue
    CHECK(f.r(11, 21) == 255); CHECK(f.g(11, 21) == 255); CHECK(f.b(11, 21) == 255);
    CHECK(isBackground(f, 9, 20));
    CHECK(isBackground(f, 12, 21));
    CHECK(isBackground(f, 10, 22));
    h.display().destroyImageTexture(texture);
}

TEST_CASE("a tinted image is multiplied by its tint") {
    Harness h(40, 40);
    void* texture = checkerTexture(h.display());
    const Frame f = h.draw([&](ImDrawList* l) {
        l->AddRectFilled(ImVec2(0, 0), ImVec2(40, 40), IM_COL32(0, 0, 0, 255));
        l->AddImage(texture, ImVec2(0, 0), ImVec2(40, 40), ImVec2(0, 0), ImVec2(1, 1), IM_COL32(255, 255, 255, 128));
    });
    CHECK(std::abs(f.r(1, 1) - 128) < 6);
    CHECK(f.g(1, 1) < 6);
    h.display().destroyImageTexture(texture);
}

TEST_CASE("text is drawn from the alpha-only atlas") {
    Harness h(120, 30);
    const Frame f = h.draw([](ImDrawList* l) { l->AddText(ImVec2(4, 8), IM_COL32(255, 255, 255, 255), "Hello"); });
    int lit = 0;
    for (int y = 0; y < 30; ++y)
        for (int x = 0; x < 120; ++x)
            if (f.r(x, y) > 200) ++lit;
    CHECK(lit > 30);
    CHECK(lit < 400);
    CHECK(isBackground(f, 100, 25));
}

TEST_CASE("the picture is close to SDL's renderer's (differences only along edges)") {
    Frame pixman, sdl;
    {
        Harness h(240, 200, RendererChoice::Software);
        void* texture = checkerTexture(h.display());
        pixman = h.draw([&](ImDrawList* l) { scene(l, 0, texture); });
        h.display().destroyImageTexture(texture);
    }
    {
        Harness h(240, 200, RendererChoice::Gpu);
        CHECK_FALSE(h.display().software());
        CHECK(h.display().rendererName() == "sdl (software)");
        void* texture = checkerTexture(h.display());
        sdl = h.draw([&](ImDrawList* l) { scene(l, 0, texture); });
        h.display().destroyImageTexture(texture);
    }
    const double different = differentFraction(pixman, sdl, 48);
    INFO("different fraction " << different);
    CHECK(different < 0.03);
    // And a different scene is noticed by the same measure.
    Harness h(240, 200, RendererChoice::Software);
    const Frame other = h.draw([](ImDrawList* l) { scene(l, 40, nullptr); });
    CHECK(differentFraction(pixman, other, 48) > 0.05);
}

TEST_CASE("damaged frames equal full redraws, and static frames redraw nothing") {
    Harness h(240, 200, RendererChoice::Software, 0, true);
    void* texture = checkerTexture(h.display());
    for (int i = 0; i < 12; ++i) {
        const float t = static_cast<float>(i / 2) * 7.0f;   // every other frame the same picture
        (void)h.draw([&](ImDrawList* l) { scene(l, t, texture); });
    }
    const auto& damage = h.display().damageCheck();
    CHECK(damage.frames == 12);
    CHECK(damage.mismatchedFrames == 0);
    CHECK(damage.partialFrames >= 5);
    CHECK(damage.skippedFrames >= 5);
    CHECK(damage.damagedPixels < damage.totalPixels / 2);
    h.display().destroyImageTexture(texture);
}

TEST_CASE("a damaged frame keeps the pixels outside the damage") {
    Harness h(100, 40);
    const Frame a = h.draw([](ImDrawList* l) {
        l->AddRectFilled(ImVec2(0, 0), ImVec2(10, 10), IM_COL32(255, 0, 0, 255));
        l->AddRectFilled(ImVec2(80, 0), ImVec2(90, 10), IM_COL32(0, 255, 0, 255));
    });
    const Frame b = h.draw([](ImDrawList* l) {
        l->AddRectFilled(ImVec2(0, 0), ImVec2(10, 10), IM_COL32(255, 0, 0, 255));
        l->AddRectFilled(ImVec2(80, 30), ImVec2(90, 40), IM_COL32(0, 255, 0, 255));
    });
    CHECK(a.r(5, 5) == 255);
    CHECK(b.r(5, 5) == 255);
    CHECK(b.g(85, 35) == 255);
    CHECK(isBackground(b, 85, 5));   // the green square's old place was redrawn
    CHECK_FALSE(h.display().damageCheck().frames == 0);
}

TEST_CASE("rotation turns the software renderer's picture onto the panel") {
    Harness h(60, 40, RendererChoice::Software, 90);
    CHECK(h.display().uiWidth() == 40);
    CHECK(h.display().uiHeight() == 60);
    const Frame f = h.draw([](ImDrawList* l) { l->AddRectFilled(ImVec2(0, 0), ImVec2(10, 5), IM_COL32(255, 255, 255, 255)); });
    // The UI's top-left corner is the panel's top-right corner, turned clockwise.
    CHECK(f.r(59, 0) == 255);
    CHECK(f.r(55, 9) == 255);
    CHECK(isBackground(f, 54, 0));
    CHECK(isBackground(f, 59, 10));
    CHECK(isBackground(f, 0, 0));
}

namespace {

// Rounded rectangles, pills and soft shadows as the screens draw them: at fractional positions,
// translucent (two shadow layers of one colour in a row), large and small radii, one clipped.
void roundedShapes(ImDrawList* list) {
    list->AddRectFilled(ImVec2(20.3f, 14.6f), ImVec2(300.7f, 190.2f), IM_COL32(0, 0, 0, 0x14), 38.0f);
    list->AddRectFilled(ImVec2(27.3f, 21.6f), ImVec2(293.7f, 183.2f), IM_COL32(0, 0, 0, 0x14), 31.0f);
    list->AddRectFilled(ImVec2(34.0f, 28.0f), ImVec2(287.0f, 176.0f), IM_COL32(250, 248, 240, 255), 24.0f);
    list->AddRectFilled(ImVec2(320.5f, 30.25f), ImVec2(560.5f, 102.25f), IM_COL32(200, 60, 40, 255), 36.0f);   // a pill
    list->AddRectFilled(ImVec2(330.0f, 120.0f), ImVec2(620.0f, 170.0f), IM_COL32(40, 90, 200, 160), 25.0f);   // translucent pill
    list->AddRectFilled(ImVec2(20.0f, 210.0f), ImVec2(44.0f, 380.0f), IM_COL32(90, 200, 90, 255), 6.0f);    // narrow
    list->AddRectFilled(ImVec2(60.0f, 210.0f), ImVec2(600.0f, 226.0f), IM_COL32(240, 200, 40, 255), 3.0f);  // a thin bar
    list->PushClipRect(ImVec2(100, 240), ImVec2(400, 330), true);
    list->AddRectFilled(ImVec2(80.6f, 250.4f), ImVec2(520.2f, 396.8f), IM_COL32(255, 255, 255, 200), 30.0f);
    list->PopClipRect();
    list->AddCircleFilled(ImVec2(560, 300), 40, IM_COL32(120, 40, 160, 255), 48);
}

// Pixels of `draw` rendered by `renderer` into a fresh 640x400 target.
// The draw data of one 640x400 frame: the background, then what `draw` adds; handed to `use`.
void withShapes(const std::function<void(ImDrawList*)>& draw, const std::function<void(const ImDrawData&)>& use) {
    ImGuiContext* context = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(640, 400);
    io.Fonts->AddFontDefault();
    io.Fonts->Build();
    ImGui::GetStyle().AntiAliasedFill = false;
    ImGui::NewFrame();
    ImDrawList* list = ImGui::GetBackgroundDrawList();
    list->AddRectFilled(ImVec2(0, 0), io.DisplaySize, kBackground);
    draw(list);
    ImGui::Render();
    use(*ImGui::GetDrawData());
    ImGui::DestroyContext(context);
}

std::vector<std::uint32_t> renderShapes(kiosk::platform::SoftwareRenderer& renderer, const std::function<void(ImDrawList*)>& draw) {
    std::vector<std::uint32_t> pixels(640 * 400);
    withShapes(draw, [&](const ImDrawData& data) {
        pixman_image_t* target = pixman_image_create_bits(PIXMAN_x8r8g8b8, 640, 400, pixels.data(), 640 * 4);
        renderer.render(data, target, 0x000000FF, false);
        pixman_image_unref(target);
    });
    return pixels;
}

} // namespace

TEST_CASE("rounded shapes are filled as rectangles where plain: the same pixels as rasterized whole") {
    kiosk::platform::SoftwareRenderer splitting, rasterizingWhole;
    rasterizingWhole.setSplitShapes(false);
    const std::vector<std::uint32_t> split = renderShapes(splitting, roundedShapes);
    const std::vector<std::uint32_t> whole = renderShapes(rasterizingWhole, roundedShapes);
    const kiosk::platform::SoftwareFrameStats splitStats = splitting.lastFrame(), wholeStats = rasterizingWhole.lastFrame();

    // The shapes were drawn (not background), and the split drew them all.
    CHECK(whole[100 * 640 + 160] != split[0]);
    int different = 0, maxChannel = 0;
    for (std::size_t i = 0; i < split.size(); ++i) {
        if (split[i] == whole[i]) continue;
        ++different;
        for (int shift : {0, 8, 16})
            maxChannel = std::max(maxChannel, std::abs(int((split[i] >> shift) & 0xFF) - int((whole[i] >> shift) & 0xFF)));
    }
    INFO("pixels different: " << different << ", largest channel difference " << maxChannel);
    CHECK(different == 0);
    // Only the corners were rasterized: a small part of the shapes' area.
    INFO("rasterized " << splitStats.rasterizedPixels << " of " << wholeStats.rasterizedPixels);
    CHECK(wholeStats.rasterizedPixels > 200000);
    CHECK(splitStats.rasterizedPixels * 4 < wholeStats.rasterizedPixels);
    CHECK(splitStats.fills > wholeStats.fills);
}

TEST_CASE("a shape elsewhere, or a card of another size with the same corners, reuses the coverage masks, with the same pixels") {
    const auto shapes = [](ImDrawList* l, ImVec2 at) {
        l->AddRectFilled(ImVec2(at.x + 10.3f, at.y + 12.6f), ImVec2(at.x + 210.7f, at.y + 150.2f), IM_COL32(0, 0, 0, 0x30), 30.0f);
        l->AddRectFilled(ImVec2(at.x + 20.0f, at.y + 20.0f), ImVec2(at.x + 200.0f, at.y + 140.0f), IM_COL32(250, 248, 240, 255), 24.0f);
        l->AddCircleFilled(ImVec2(at.x + 300.4f, at.y + 80.2f), 21.3f, IM_COL32(200, 60, 40, 255), 32);
        l->AddLine(ImVec2(at.x + 250, at.y + 160), ImVec2(at.x + 380, at.y + 190), IM_COL32(255, 255, 255, 255), 3.0f);
    };
    kiosk::platform::SoftwareRenderer renderer;
    (void)renderShapes(renderer, [&](ImDrawList* l) { shapes(l, ImVec2(0, 0)); });
    const auto first = renderer.lastFrame();
    CHECK(first.rasterizedPixels > 0);
    CHECK(first.maskCacheHits == 0);
    CHECK(renderer.maskCacheBytes() > 0);
    // The same shapes 37 px right and 11 px down (clear of the edges): nothing rasterized again.
    // (Shapes are moved onto the pixel grid, so half a pixel further would not be either.)
    const auto moved = renderShapes(renderer, [&](ImDrawList* l) { shapes(l, ImVec2(37, 11)); });
    CHECK(renderer.lastFrame().rasterizedPixels == 0);
    CHECK(renderer.lastFrame().maskCacheHits == first.triangleBatches);
    // And the pixels are those of a renderer that rasterized them.
    kiosk::platform::SoftwareRenderer fresh;
    CHECK(renderShapes(fresh, [&](ImDrawList* l) { shapes(l, ImVec2(37, 11)); }) == moved);
    CHECK(fresh.lastFrame().rasterizedPixels == first.rasterizedPixels);
    // A card of another size with the same corner radius: its corners are the masks of the
    // first card's, nothing is rasterized. Another radius is.
    (void)renderShapes(renderer, [&](ImDrawList* l) {
        l->AddRectFilled(ImVec2(300.2f, 220.7f), ImVec2(610.4f, 330.1f), IM_COL32(250, 248, 240, 255), 24.0f);
    });
    CHECK(renderer.lastFrame().rasterizedPixels == 0);
    CHECK(renderer.lastFrame().maskCacheHits == 4);
    (void)renderShapes(renderer, [&](ImDrawList* l) {
        l->AddRectFilled(ImVec2(300.2f, 220.7f), ImVec2(610.4f, 330.1f), IM_COL32(250, 248, 240, 255), 20.0f);
    });
    CHECK(renderer.lastFrame().rasterizedPixels > 0);
}

TEST_CASE("prepare() rasterizes a frame's shapes without drawing: the frame then rasterizes nothing, with the same pixels") {
    const auto shapes = [](ImDrawList* l) {
        l->AddRectFilled(ImVec2(40.3f, 30.6f), ImVec2(300.7f, 210.2f), IM_COL32(250, 248, 240, 255), 28.0f);
        l->AddCircleFilled(ImVec2(420.4f, 120.2f), 33.3f, IM_COL32(200, 60, 40, 255), 40);
        l->AddRect(ImVec2(340.0f, 250.0f), ImVec2(600.0f, 330.0f), IM_COL32(255, 255, 255, 200), 40.0f, 0, 3.0f);
    };
    kiosk::platform::SoftwareRenderer reference;
    const std::vector<std::uint32_t> expected = renderShapes(reference, shapes);
    REQUIRE(reference.lastFrame().rasterizedPixels > 0);

    kiosk::platform::SoftwareRenderer renderer;
    // A frame, so that lastFrame() has figures prepare() must leave alone.
    (void)renderShapes(renderer, [](ImDrawList*) {});
    const kiosk::platform::SoftwareFrameStats before = renderer.lastFrame();
    withShapes(shapes, [&](const ImDrawData& data) { renderer.prepare(data, 640, 400); });
    CHECK(renderer.preparedPixels() == reference.lastFrame().rasterizedPixels);
    CHECK(renderer.lastFrame().operations == before.operations);
    CHECK(renderer.lastFrame().damagedPixels == before.damagedPixels);
    const std::vector<std::uint32_t> drawn = renderShapes(renderer, shapes);
    CHECK(renderer.lastFrame().rasterizedPixels == 0);
    CHECK(renderer.lastFrame().maskCacheHits == reference.lastFrame().triangleBatches);
    CHECK(drawn == expected);
}

TEST_CASE("gradients drawn from cached strips have the pixels of gradients evaluated per pixel, wherever and however long") {
    const auto scrims = [](ImVec2 at) {
        return [at](ImDrawList* l) {
            // A photo scrim fading to the bottom (wider than a strip), a horizontal one, and
            // translucent ends over a coloured card, at fractional positions.
            l->AddRectFilled(ImVec2(at.x + 10, at.y + 10), ImVec2(at.x + 400, at.y + 300), IM_COL32(40, 120, 200, 255));
            l->AddRectFilledMultiColor(ImVec2(at.x + 20.3f, at.y + 40.6f), ImVec2(at.x + 390.2f, at.y + 230.7f), IM_COL32(10, 5, 0, 0),
                                       IM_COL32(10, 5, 0, 0), IM_COL32(10, 5, 0, 220), IM_COL32(10, 5, 0, 220));
            l->AddRectFilledMultiColor(ImVec2(at.x + 30.5f, at.y + 240.2f), ImVec2(at.x + 230.8f, at.y + 290.4f), IM_COL32(255, 0, 0, 30),
                                       IM_COL32(0, 255, 0, 200), IM_COL32(0, 255, 0, 200), IM_COL32(255, 0, 0, 30));
        };
    };
    kiosk::platform::SoftwareRenderer cached, evaluated;
    evaluated.setCacheGradients(false);
    for (const ImVec2 at : {ImVec2(0, 0), ImVec2(0, 0), ImVec2(37, 11), ImVec2(120, 60)}) {
        CAPTURE(at.x);
        const std::vector<std::uint32_t> a = renderShapes(cached, scrims(at));
        const std::vector<std::uint32_t> b = renderShapes(evaluated, scrims(at));
        CHECK(cached.lastFrame().gradients == 2);
        int different = 0;
        for (std::size_t i = 0; i < a.size(); ++i) different += a[i] != b[i] ? 1 : 0;
        CHECK(different == 0);
        // The scrim did darken the card (the comparison compares something).
        CHECK(a[static_cast<std::size_t>(at.y + 220) * 640 + static_cast<std::size_t>(at.x + 200)] !=
              a[static_cast<std::size_t>(at.y + 45) * 640 + static_cast<std::size_t>(at.x + 200)]);
    }
}

TEST_CASE("the coverage-mask cache stays within its budget and keeps drawing right") {
    using kiosk::platform::SoftwareRenderer;
    SoftwareRenderer renderer;
    std::vector<std::uint32_t> last;
    const auto frame = [](int n) {
        return [n](ImDrawList* l) {
            // 48 circles of radii no other frame uses: each frame adds at most 48 x 64 x 64 bytes.
            for (int i = 0; i < 48; ++i)
                l->AddCircleFilled(ImVec2(40.0f + static_cast<float>(i % 8) * 75.0f, 40.0f + static_cast<float>(i / 8) * 60.0f),
                                   20.0f + static_cast<float>(n) * 0.25f + static_cast<float>(i) * 0.005f, IM_COL32(255, 255, 255, 255), 40);
        };
    };
    std::size_t most = 0;
    for (int n = 0; n < 40; ++n) {
        last = renderShapes(renderer, frame(n));
        most = std::max(most, renderer.maskCacheBytes());
    }
    INFO("cache bytes at most " << most);
    CHECK(most > SoftwareRenderer::kMaskCacheBytes / 2);            // it did fill up
    CHECK(most <= SoftwareRenderer::kMaskCacheBytes + (250u << 10));   // budget + at most one frame's masks
    SoftwareRenderer fresh;
    CHECK(renderShapes(fresh, frame(39)) == last);
}

TEST_CASE("what a later opaque fill or image overwrites is neither cleared nor drawn first: the same pixels as drawing everything") {
    using kiosk::platform::SoftwareRenderer;
    using kiosk::platform::SoftwareTexture;
    // An opaque 64x48 photo for a renderer (a texture belongs to one renderer).
    const auto photo = [](SoftwareRenderer& renderer) {
        kiosk::platform::PixelBuffer pixels(64 * 48);
        for (std::size_t i = 0; i < pixels.size(); ++i)
            pixels.data()[i] = 0xFF000000u | static_cast<std::uint32_t>(i * 2654435761u >> 8 & 0xFFFFFF);
        SoftwareTexture* texture = renderer.adoptTexture(std::move(pixels), 64, 48, true);
        REQUIRE(texture != nullptr);
        return texture;
    };
    const auto scene = [](SoftwareTexture* image) {
        return [image](ImDrawList* l) {
            roundedShapes(l);   // two shadow layers, then the opaque card over them
            l->AddRectFilled(ImVec2(100, 60), ImVec2(500, 300), IM_COL32(30, 60, 90, 120));   // translucent, partly under:
            l->AddImage(image, ImVec2(150.5f, 80.25f), ImVec2(450.5f, 280.25f));                // an opaque photo
            l->AddImage(image, ImVec2(160, 100), ImVec2(200, 130), ImVec2(0, 0), ImVec2(1, 1), IM_COL32(255, 255, 255, 128));   // a faded one: occludes nothing
            l->PushClipRect(ImVec2(300, 200), ImVec2(640, 400), true);
            l->AddRectFilled(ImVec2(250, 150), ImVec2(620, 390), IM_COL32(200, 180, 20, 255));   // opaque, but only inside its clip
            l->PopClipRect();
            l->AddRectFilled(ImVec2(420, 240), ImVec2(460, 260), IM_COL32(0, 0, 0, 255));   // too small to be an occluder
        };
    };
    SoftwareRenderer culling, drawingAll;
    drawingAll.setCullOccluded(false);
    SoftwareTexture* cullingPhoto = photo(culling);
    SoftwareTexture* allPhoto = photo(drawingAll);
    const std::vector<std::uint32_t> culled = renderShapes(culling, scene(cullingPhoto));
    const std::vector<std::uint32_t> everything = renderShapes(drawingAll, scene(allPhoto));
    int different = 0;
    for (std::size_t i = 0; i < culled.size(); ++i) different += culled[i] != everything[i];
    INFO("pixels different: " << different);
    CHECK(different == 0);
    CHECK(culled[150 * 640 + 300] != culled[5 * 640 + 5]);   // the photo is there
    // The background fill covers the whole target: the clear under it (256,000 pixels) is not
    // drawn, nor the shadows under the card, nor the translucent rectangle under the photo.
    INFO("occluded pixels " << culling.lastFrame().occludedPixels);
    CHECK(culling.lastFrame().occludedPixels > 640 * 400 + 100000);
    CHECK(drawingAll.lastFrame().occludedPixels == 0);
    culling.destroyTexture(cullingPhoto);
    drawingAll.destroyTexture(allPhoto);
}

TEST_CASE("the GL driver's name decides auto") {
    std::string reason;
    CHECK_FALSE(kiosk::platform::glRendererIsHardware("llvmpipe (LLVM 15.0.6, 256 bits)", reason));
    CHECK(reason.find("llvmpipe") != std::string::npos);
    CHECK_FALSE(kiosk::platform::glRendererIsHardware("softpipe", reason));
    CHECK_FALSE(kiosk::platform::glRendererIsHardware("", reason));
    CHECK(kiosk::platform::glRendererIsHardware("V3D 4.2", reason));
    CHECK(kiosk::platform::glRendererIsHardware("Mesa Intel(R) UHD Graphics 620 (KBL GT2)", reason));
    RendererChoice choice = RendererChoice::Auto;
    CHECK(kiosk::platform::parseRendererChoice("software", choice));
    CHECK(choice == RendererChoice::Software);
    CHECK_FALSE(kiosk::platform::parseRendererChoice("vulkan", choice));
}

}
