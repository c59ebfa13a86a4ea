// Display: where frames go. Either a real SDL window (fullscreen on KMS, or a desktop window)
// or headless: SDL's software renderer drawing into a memory surface, no display server.
//
// Implemented features:
//  [x] window (X11, Wayland, KMSDRM) with ImGui's SDL platform backend for input
//  [x] headless software rendering into memory (pixel-identical on every machine)
//  [x] ImGui draw data rendered by the SDL_Renderer backend
//  [x] font atlas upload and re-upload after a rebuild
//  [x] screenshot of the last frame as PNG
//  [x] event-driven waiting (blocks until input or a deadline)
//  [x] rotation 90/180/270: the UI is drawn into a texture and turned when presenting; touch
//      positions are turned back (core/display_rotation.h)
//  [x] a blank (black) frame for closed hours
//  [x] two renderers: SDL's (GPU: OpenGL/GLES2; or SDL's own software renderer, headless with
//      renderer = gpu) and the pixman software renderer (platform/software_renderer.h) with
//      damage tracking, drawing into the window surface (no OpenGL loaded) or a memory image.
//      `auto` picks SDL's GPU renderer only when the GL driver is hardware (chooseRenderer).
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "kiosk/core/display_rotation.h"
#include "kiosk/core/result.h"
#include "platform/pixel_buffer.h"

struct ImDrawList;
struct SDL_Renderer;
struct SDL_Window;
struct SDL_Surface;
struct SDL_Texture;
typedef union pixman_image pixman_image_t;
struct pixman_box32;
struct ImDrawData;
namespace kiosk::ui { class FontSet; }

namespace kiosk::platform {

class SoftwareRenderer;
struct SoftwareTexture;
struct DecodedImage;

// [display] renderer.
enum class RendererChoice { Auto, Gpu, Software };
// "auto", "gpu", "software"; false for anything else.
bool parseRendererChoice(const std::string& text, RendererChoice& out);

// Makes and frees the textures images are drawn from, for whichever renderer the display uses.
class TextureFactory {
public:
    virtual ~TextureFactory() = default;
    // Null with `error` set when the texture cannot be made.
    // Takes over the image's pixels where the renderer can (the software renderer's textures).
    virtual void* createImageTexture(DecodedImage&& image, std::string& error) = 0;
    virtual void destroyImageTexture(void* texture) = 0;
};

// What `auto` decides from the GL renderer's name (glGetString(GL_RENDERER)); empty when no GL
// context could be made. True: SDL's GPU renderer; `reason` says why either way.
bool glRendererIsHardware(const std::string& glRenderer, std::string& reason);

struct DisplayOptions {
    bool headless = false;
    bool windowed = false;
    int width = 0, height = 0;   // 0: desktop/screen size (window) or 1920x1080 (headless)
    int rotationDegrees = 0;     // clockwise turn of the picture on the panel: 0, 90, 180, 270
    std::string title = "Exhibition kiosk";
    RendererChoice renderer = RendererChoice::Auto;
    // Software renderer: after each damaged frame, also draw it whole and compare (tests).
    bool checkDamage = false;
    // Software renderer: no damage tracking, every frame drawn whole (frame-time benchmarks).
    bool fullRedraw = false;
};

// Damage tracking figures of the software renderer (checkDamage).
struct DamageCheck {
    std::int64_t frames = 0;          // frames rasterized
    std::int64_t partialFrames = 0;   // frames that redrew only damaged rectangles
    std::int64_t skippedFrames = 0;   // frames with nothing to redraw
    std::int64_t mismatchedFrames = 0;   // damaged frames that differed from a full redraw
    std::int64_t damagedPixels = 0, totalPixels = 0;
};

// Input gathered from the window since the last call.
struct DisplayInput {
    bool quit = false;
    bool anyEvent = false;
    std::vector<std::string> keys;   // "escape", "back", "left", ...
};

class Display final : public TextureFactory {
public:
    static Result<std::unique_ptr<Display>> open(const DisplayOptions& options);
    ~Display() override;

    // The panel's size in pixels (screenshots have it); the UI's is swapped at 90/270.
    int width() const { return width_; }
    int height() const { return height_; }
    int uiWidth() const { return rotation_.swapsSides() ? height_ : width_; }
    int uiHeight() const { return rotation_.swapsSides() ? width_ : height_; }
    bool headless() const { return headless_; }
    SDL_Renderer* renderer() const { return renderer_; }   // null with the software renderer
    bool software() const { return software_ != nullptr; }
    // The renderer in use ("software (pixman)", "gpu (opengl)", ...) and why it was chosen.
    const std::string& rendererName() const { return rendererName_; }
    const std::string& rendererReason() const { return rendererReason_; }
    const DamageCheck& damageCheck() const { return damage_; }

    void* createImageTexture(DecodedImage&& image, std::string& error) override;
    void destroyImageTexture(void* texture) override;

    // Starts an ImGui frame: platform backend (window) or display size only (headless).
    void beginFrame(float deltaSeconds);
    // Clears to `clearRgba` (0xRRGGBBAA), renders ImGui's draw data and presents the frame.
    // Headless with `rasterize` false, the pixels are drawn only if the frame is captured
    // (readPixels, encodePng, saveScreenshot) before the next beginFrame(): a frame nobody looks
    // at costs no rasterizing. A window always rasterizes.
    void endFrame(std::uint32_t clearRgba = 0x000000FF, bool rasterize = true);
    // Makes ready what drawing `list` (a screen drawn off screen, never shown) would rasterize,
    // so that its first real frame is drawn from the caches (the software renderer's shape
    // masks; a GPU renderer needs nothing). Draws and presents nothing.
    void prepareOffscreen(const ImDrawList& list);
    // Number of frames whose pixels were drawn (benchmarks, tests).
    std::int64_t rasterizedFrames() const { return rasterizedFrames_; }
    // Presents an all-black frame (closed hours); no ImGui frame is needed.
    void presentBlank();
    // Uploads what changed of the fonts: ImGui's atlas after FontSet::build() (its pixels are
    // then freed), and the glyph texture when `fonts` has pixels waiting (after a build or a
    // swap; the old texture is destroyed and fonts->setTexture() gets the new one).
    void uploadFonts(ui::FontSet* fonts = nullptr);
    // Waits for input up to `timeoutMs` (window only) and returns what happened.
    DisplayInput pollInput(int timeoutMs);
    // Window mode: keep a copy of the next frame's pixels (screenshots need it before present).
    void captureNextFrame() { captureNext_ = true; }
    // Writes the last presented frame as PNG.
    Result<bool> saveScreenshot(const std::filesystem::path& file);
    // The last frame's pixels as RGBA (for tests and the API's screenshot).
    std::vector<std::uint8_t> readPixels();
    // Encodes the last frame as PNG bytes.
    std::vector<std::uint8_t> encodePng();

private:
    Display() = default;
    void rasterizeSoftware();
    bool wrapWindowSurface();   // (re)binds frame_ to the window surface; false: none
    void presentSoftware(const std::vector<::pixman_box32>& boxes);
    void releaseSoftwareFrames();
    bool useRotationTarget();   // makes the UI-sized target current; false: draw unrotated
    bool headless_ = false;
    int width_ = 0, height_ = 0;
    SDL_Window* window_ = nullptr;
    SDL_Renderer* renderer_ = nullptr;
    SDL_Surface* surface_ = nullptr;   // headless target
    bool imguiPlatformBackend_ = false;
    bool imguiRendererBackend_ = false;
    void rasterize();   // the last frame's draw data into the target
    bool captureNext_ = false;
    Rotation rotation_;
    SDL_Texture* rotationTarget_ = nullptr;   // the UI in logical orientation (rotation only)
    int targetWidth_ = 0, targetHeight_ = 0;
    bool rasterizePending_ = false;   // headless: the last frame's pixels are not drawn yet
    std::uint32_t pendingClearRgba_ = 0x000000FF;
    std::int64_t rasterizedFrames_ = 0;
    std::vector<std::uint8_t> lastCapture_;
    int captureWidth_ = 0, captureHeight_ = 0;
    std::string rendererName_, rendererReason_;

    // Software renderer (pixman).
    std::unique_ptr<SoftwareRenderer> software_;
    SoftwareTexture* fontTexture_ = nullptr;
    void* glyphTexture_ = nullptr;   // SoftwareTexture or SDL_Texture: the FontSet's glyphs
    pixman_image_t* frame_ = nullptr;          // the panel's pixels: the window surface or frameStorage_
    PixelBuffer frameStorage_;
    SDL_Surface* boundSurface_ = nullptr;      // the window surface frame_ wraps
    bool surfaceNeedsCopy_ = false;            // window surface in another format: frameStorage_ copied in
    pixman_image_t* uiFrame_ = nullptr;        // rotation: the UI in logical orientation
    PixelBuffer uiStorage_;
    pixman_image_t* checkFrame_ = nullptr;     // checkDamage: the full redraw compared against
    PixelBuffer checkStorage_;
    bool checkDamage_ = false;
    bool fullRedraw_ = false;
    DamageCheck damage_;
};

} // namespace kiosk::platform
