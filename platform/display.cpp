#include "platform/display.h"

#include "kiosk/ui/font_set.h"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>
#include <pixman.h>
#include <stb_image_write.h>

#include "kiosk/core/log.h"
#include "platform/image_decoder.h"
#include "platform/software_renderer.h"

#include <algorithm>
#include <cstring>
#include <filesystem>

namespace kiosk::platform {
namespace {

std::string keyName(SDL_Keycode key) {
    switch (key) {
    case SDLK_ESCAPE: return "escape";
    case SDLK_BACKSPACE: case SDLK_AC_BACK: return "back";
    case SDLK_RETURN: case SDLK_KP_ENTER: return "enter";
    case SDLK_LEFT: return "left";
    case SDLK_RIGHT: return "right";
    case SDLK_UP: return "up";
    case SDLK_DOWN: return "down";
    case SDLK_HOME: case SDLK_AC_HOME: return "home";
    case SDLK_PAGEDOWN: return "pagedown";   // preview: next item
    case SDLK_PAGEUP: return "pageup";       // preview: previous item
    case SDLK_TAB: return "tab";             // preview: next language
    default: return {};
    }
}

void writeToVector(void* context, void* data, int size) {
    auto* out = static_cast<std::vector<std::uint8_t>*>(context);
    const auto* bytes = static_cast<const std::uint8_t*>(data);
    out->insert(out->end(), bytes, bytes + size);
}

// The GL driver's name from the renderer SDL just made (its context is current).
std::string currentGlRenderer() {
    using GetString = const unsigned char* (*)(unsigned int);
    constexpr unsigned int kGlRenderer = 0x1F01;
    auto getString = reinterpret_cast<GetString>(SDL_GL_GetProcAddress("glGetString"));
    if (!getString) return {};
    const unsigned char* name = getString(kGlRenderer);
    return name ? reinterpret_cast<const char*>(name) : std::string();
}

// A GPU the kernel knows of: a DRM render node or card.
bool haveGpuDevice() {
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator("/dev/dri", error)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("renderD", 0) == 0 || name.rfind("card", 0) == 0) return true;
    }
    return false;
}

} // namespace

bool parseRendererChoice(const std::string& text, RendererChoice& out) {
    if (text == "auto") out = RendererChoice::Auto;
    else if (text == "gpu") out = RendererChoice::Gpu;
    else if (text == "software") out = RendererChoice::Software;
    else return false;
    return true;
}

bool glRendererIsHardware(const std::string& glRenderer, std::string& reason) {
    if (glRenderer.empty()) {
        reason = "no OpenGL driver answered";
        return false;
    }
    std::string lower = glRenderer;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const char* software : {"llvmpipe", "softpipe", "software rasterizer", "swrast", "swiftshader"}) {
        if (lower.find(software) != std::string::npos) {
            reason = "the OpenGL driver is a software rasterizer (" + glRenderer + ")";
            return false;
        }
    }
    reason = "hardware OpenGL driver (" + glRenderer + ")";
    return true;
}

Result<std::unique_ptr<Display>> Display::open(const DisplayOptions& options) {
    std::unique_ptr<Display> display(new Display());
    display->headless_ = options.headless;
    if (!Rotation::valid(options.rotationDegrees)) return Error{"rotation must be 0, 90, 180 or 270"};
    display->rotation_.degrees = options.rotationDegrees;
    if (options.headless) {
        display->width_ = options.width > 0 ? options.width : 1920;
        display->height_ = options.height > 0 ? options.height : 1080;
        if (options.renderer == RendererChoice::Gpu) {
            // No GPU without a display: renderer = gpu headless means SDL's renderer, which is
            // SDL's own software rasterizer here (the renderer of the goldens before pixman).
            display->surface_ = SDL_CreateRGBSurfaceWithFormat(0, display->width_, display->height_, 32, SDL_PIXELFORMAT_ARGB8888);
            if (!display->surface_) return Error{std::string("cannot create the headless frame: ") + SDL_GetError()};
            display->renderer_ = SDL_CreateSoftwareRenderer(display->surface_);
            if (!display->renderer_) return Error{std::string("cannot create the software renderer: ") + SDL_GetError()};
            display->rendererName_ = "sdl (software)";
            display->rendererReason_ = "headless with renderer = gpu: SDL's renderer, which has no GPU here";
        } else {
            display->software_ = std::make_unique<SoftwareRenderer>();
            filledBuffer(display->frameStorage_, static_cast<std::size_t>(display->width_) * static_cast<std::size_t>(display->height_), 0xFF000000u);
            display->frame_ = pixman_image_create_bits(PIXMAN_a8r8g8b8, display->width_, display->height_,
                                                       display->frameStorage_.data(), display->width_ * 4);
            if (!display->frame_) return Error{"cannot create the headless frame"};
            display->rendererName_ = "software (pixman)";
            display->rendererReason_ = options.renderer == RendererChoice::Software ? "[display] renderer = software"
                                                                                     : "headless: no display, no GPU to use";
        }
    } else {
        if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0)
            return Error{std::string("no display available (") + SDL_GetError() +
                         "). Run with --headless, or under a desktop session or KMS console"};
        SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "1");
        SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
        Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
        int w = options.width, h = options.height;
        if (!options.windowed) {
            flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
        } else {
            flags |= SDL_WINDOW_RESIZABLE;
            if (w <= 0 || h <= 0) {
                SDL_DisplayMode mode;
                if (SDL_GetDesktopDisplayMode(0, &mode) == 0) {
                    // A 16:9 window that fits the desktop with room to spare.
                    w = std::min(1600, mode.w * 4 / 5);
                    h = w * 9 / 16;
                } else { w = 1280; h = 720; }
            }
        }
        if (w <= 0 || h <= 0) { w = 1920; h = 1080; }
        // The window surface must be SDL's plain framebuffer (XShm on X11), not a texture of an
        // OpenGL renderer: the software renderer must not load OpenGL at all.
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
        display->window_ = SDL_CreateWindow(options.title.c_str(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
        if (!display->window_) return Error{std::string("cannot open a window: ") + SDL_GetError()};
        bool useGpu = options.renderer == RendererChoice::Gpu;
        std::string reason = useGpu ? "[display] renderer = gpu" : "[display] renderer = software";
        if (options.renderer == RendererChoice::Auto) {
            if (!haveGpuDevice()) {
                reason = "auto: no GPU device (/dev/dri has no card or render node)";
            } else {
                // Ask SDL for its GPU renderer and look at the driver behind it.
                display->renderer_ = SDL_CreateRenderer(display->window_, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
                SDL_RendererInfo info{};
                if (!display->renderer_ || SDL_GetRendererInfo(display->renderer_, &info) != 0) {
                    reason = std::string("auto: SDL has no GPU renderer here (") + SDL_GetError() + ")";
                } else if (std::string(info.name).rfind("opengl", 0) == 0) {
                    useGpu = glRendererIsHardware(currentGlRenderer(), reason);
                    reason = "auto: " + reason;
                } else {
                    useGpu = (info.flags & SDL_RENDERER_ACCELERATED) != 0;
                    reason = std::string("auto: SDL's ") + info.name + " renderer" + (useGpu ? " is accelerated" : " is not accelerated");
                }
                if (!useGpu && display->renderer_) {
                    // The GL renderer changed the window; start again with a plain one.
                    SDL_DestroyRenderer(display->renderer_);
                    display->renderer_ = nullptr;
                    SDL_DestroyWindow(display->window_);
                    display->window_ = SDL_CreateWindow(options.title.c_str(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
                    if (!display->window_) return Error{std::string("cannot open a window: ") + SDL_GetError()};
                }
            }
        }
        if (useGpu) {
            if (!display->renderer_) display->renderer_ = SDL_CreateRenderer(display->window_, -1, SDL_RENDERER_PRESENTVSYNC);
            if (!display->renderer_) display->renderer_ = SDL_CreateRenderer(display->window_, -1, 0);
            if (!display->renderer_) return Error{std::string("cannot create a renderer: ") + SDL_GetError()};
            SDL_GetRendererOutputSize(display->renderer_, &display->width_, &display->height_);
            SDL_RendererInfo info{};
            SDL_GetRendererInfo(display->renderer_, &info);
            const std::string gl = std::string(info.name).rfind("opengl", 0) == 0 ? currentGlRenderer() : std::string();
            display->rendererName_ = std::string("gpu (") + info.name + (gl.empty() ? "" : ", " + gl) + ")";
        } else {
            display->software_ = std::make_unique<SoftwareRenderer>();
            if (!display->wrapWindowSurface())
                return Error{std::string("cannot draw into the window (no window surface: ") + SDL_GetError() + ")"};
            display->rendererName_ = "software (pixman)";
        }
        display->rendererReason_ = reason;
        if (!options.windowed) SDL_ShowCursor(SDL_DISABLE);
        ImGui_ImplSDL2_InitForSDLRenderer(display->window_);
        display->imguiPlatformBackend_ = true;
    }
    display->checkDamage_ = options.checkDamage && display->software_;
    display->fullRedraw_ = options.fullRedraw;
    if (display->renderer_) {
        ImGui_ImplSDLRenderer_Init(display->renderer_);
        display->imguiRendererBackend_ = true;
    } else {
        ImGui::GetIO().BackendRendererName = "kiosk_pixman";
    }
    log::info("renderer: " + display->rendererName_ + ", " + std::to_string(display->width_) + "x" +
              std::to_string(display->height_) + " (" + display->rendererReason_ + ")");
    return display;
}

bool Display::wrapWindowSurface() {
    SDL_Surface* surface = SDL_GetWindowSurface(window_);
    if (!surface) return false;
    if (surface == boundSurface_ && frame_ && surface->w == width_ && surface->h == height_) return true;
    releaseSoftwareFrames();
    boundSurface_ = surface;
    width_ = surface->w;
    height_ = surface->h;
    const Uint32 format = surface->format->format;
    if ((format == SDL_PIXELFORMAT_RGB888 || format == SDL_PIXELFORMAT_ARGB8888) && surface->pitch % 4 == 0) {
        // Draw straight into the window's memory.
        populateForWriting(surface->pixels, static_cast<std::size_t>(surface->pitch) * static_cast<std::size_t>(surface->h));
        frame_ = pixman_image_create_bits(format == SDL_PIXELFORMAT_RGB888 ? PIXMAN_x8r8g8b8 : PIXMAN_a8r8g8b8, width_, height_,
                                          static_cast<std::uint32_t*>(surface->pixels), surface->pitch);
        surfaceNeedsCopy_ = false;
    } else {
        filledBuffer(frameStorage_, static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_), 0xFF000000u);
        frame_ = pixman_image_create_bits(PIXMAN_a8r8g8b8, width_, height_, frameStorage_.data(), width_ * 4);
        surfaceNeedsCopy_ = true;
    }
    software_->invalidate();
    return frame_ != nullptr;
}

void Display::releaseSoftwareFrames() {
    if (frame_) pixman_image_unref(frame_);
    if (uiFrame_) pixman_image_unref(uiFrame_);
    if (checkFrame_) pixman_image_unref(checkFrame_);
    frame_ = uiFrame_ = checkFrame_ = nullptr;
}

void* Display::createImageTexture(DecodedImage&& image, std::string& error) {
    if (software_) {
        SoftwareTexture* texture = software_->adoptTexture(std::move(image.pixels), image.width, image.height, image.opaque);
        if (!texture) error = "out of memory";
        return texture;
    }
    // SDL's renderers blend straight alpha: ARGB8888 is the decoder's layout; pixels with some
    // transparency are divided by their alpha again (opaque images go up as they are).
    SDL_Texture* texture = SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC, image.width, image.height);
    if (!texture) {
        error = std::string("texture: ") + SDL_GetError();
        return nullptr;
    }
    if (!image.opaque) {
        std::uint32_t* p = image.pixels.data();
        for (std::size_t i = 0; i < image.pixels.size(); ++i) {
            const std::uint32_t a = p[i] >> 24;
            if (a == 0 || a == 255) continue;
            const auto straight = [a](std::uint32_t c) { return std::min<std::uint32_t>(255, (c * 255 + a / 2) / a); };
            p[i] = a << 24 | straight((p[i] >> 16) & 0xFF) << 16 | straight((p[i] >> 8) & 0xFF) << 8 | straight(p[i] & 0xFF);
        }
    }
    SDL_UpdateTexture(texture, nullptr, image.pixels.data(), image.width * 4);
    SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_BLEND);
    SDL_SetTextureScaleMode(texture, SDL_ScaleModeLinear);
    return texture;
}

void Display::destroyImageTexture(void* texture) {
    if (!texture) return;
    if (software_) software_->destroyTexture(static_cast<SoftwareTexture*>(texture));
    else SDL_DestroyTexture(static_cast<SDL_Texture*>(texture));
}

Display::~Display() {
    if (software_) software_->destroyTexture(fontTexture_);
    if (software_) software_->destroyTexture(static_cast<SoftwareTexture*>(glyphTexture_));
    else if (glyphTexture_) SDL_DestroyTexture(static_cast<SDL_Texture*>(glyphTexture_));
    releaseSoftwareFrames();
    software_.reset();
    if (rotationTarget_) SDL_DestroyTexture(rotationTarget_);
    if (imguiRendererBackend_) ImGui_ImplSDLRenderer_Shutdown();
    if (imguiPlatformBackend_) ImGui_ImplSDL2_Shutdown();
    if (renderer_) SDL_DestroyRenderer(renderer_);
    if (surface_) SDL_FreeSurface(surface_);
    if (window_) {
        SDL_DestroyWindow(window_);
        SDL_Quit();
    }
}

void Display::beginFrame(float deltaSeconds) {
    rasterizePending_ = false;   // the last frame's draw data is gone after NewFrame
    if (imguiRendererBackend_) ImGui_ImplSDLRenderer_NewFrame();
    if (software_) {
        // pixman anti-aliases the shapes' edges itself; ImGui's fringes (per-vertex alpha) are
        // not drawn by a triangle rasterizer of one colour.
        ImGuiStyle& style = ImGui::GetStyle();
        style.AntiAliasedFill = false;
        style.AntiAliasedLines = false;
        style.AntiAliasedLinesUseTex = false;
    }
    ImGuiIO& io = ImGui::GetIO();
    if (imguiPlatformBackend_) {
        ImGui_ImplSDL2_NewFrame();
        if (software_) wrapWindowSurface();   // a resized window has a new surface
        else SDL_GetRendererOutputSize(renderer_, &width_, &height_);
        // Render in output pixels: the UI scales itself.
        io.DisplaySize = ImVec2(static_cast<float>(width_), static_cast<float>(height_));
        io.DisplayFramebufferScale = ImVec2(1, 1);
    } else {
        io.DisplaySize = ImVec2(static_cast<float>(width_), static_cast<float>(height_));
    }
    if (rotation_.degrees != 0) {
        int w = 0, h = 0;
        rotation_.logicalSize(width_, height_, w, h);
        io.DisplaySize = ImVec2(static_cast<float>(w), static_cast<float>(h));
        // The backend read the pointer in panel pixels: turn it into the UI's.
        if (imguiPlatformBackend_ && io.MousePos.x > -1e30f && io.MousePos.y > -1e30f) {
            const ImVec2 panel = io.MousePos;
            rotation_.panelToLogical(panel.x, panel.y, width_, height_, io.MousePos.x, io.MousePos.y);
        }
    }
    io.DeltaTime = deltaSeconds > 0 ? deltaSeconds : 1.0f / 60.0f;
}

void Display::endFrame(std::uint32_t clearRgba, bool rasterizeNow) {
    ImGui::Render();
    pendingClearRgba_ = clearRgba;
    rasterizePending_ = true;
    if (headless_ && !rasterizeNow) return;
    rasterize();
    if (!headless_ && !software_) {
        if (captureNext_) {
            lastCapture_.assign(static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_) * 4, 0);
            SDL_RenderReadPixels(renderer_, nullptr, SDL_PIXELFORMAT_ABGR8888, lastCapture_.data(), width_ * 4);
            captureWidth_ = width_;
            captureHeight_ = height_;
            captureNext_ = false;
        }
        SDL_RenderPresent(renderer_);
    }
}

bool Display::useRotationTarget() {
    int w = 0, h = 0;
    rotation_.logicalSize(width_, height_, w, h);
    if (!rotationTarget_ || w != targetWidth_ || h != targetHeight_) {
        if (rotationTarget_) SDL_DestroyTexture(rotationTarget_);
        rotationTarget_ = SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, w, h);
        if (!rotationTarget_) {
            log::warnOnce("rotation-target", std::string("rotation: cannot create the render target, drawing unrotated: ") + SDL_GetError());
            return false;
        }
        SDL_SetTextureBlendMode(rotationTarget_, SDL_BLENDMODE_NONE);
        targetWidth_ = w;
        targetHeight_ = h;
    }
    return SDL_SetRenderTarget(renderer_, rotationTarget_) == 0;
}

void Display::presentBlank() {
    if (software_) {
        rasterizePending_ = false;
        if (!frame_) return;
        const pixman_color_t black{0, 0, 0, 0xFFFF};
        const pixman_box32_t all{0, 0, width_, height_};
        pixman_image_fill_boxes(PIXMAN_OP_SRC, frame_, &black, 1, &all);
        software_->invalidate();
        if (window_) presentSoftware({all});
        return;
    }
    SDL_SetRenderTarget(renderer_, nullptr);
    SDL_SetRenderDrawColor(renderer_, 0, 0, 0, 255);
    SDL_RenderClear(renderer_);
    if (!headless_) SDL_RenderPresent(renderer_);
    rasterizePending_ = false;   // a later capture shows the blank screen, not the last UI frame
}

void Display::rasterize() {
    if (!rasterizePending_) return;
    rasterizePending_ = false;
    ++rasterizedFrames_;
    if (software_) {
        rasterizeSoftware();
        return;
    }
    const std::uint32_t clearRgba = pendingClearRgba_;
    const bool rotated = rotation_.degrees != 0 && useRotationTarget();
    SDL_SetRenderDrawColor(renderer_, (clearRgba >> 24) & 0xFF, (clearRgba >> 16) & 0xFF, (clearRgba >> 8) & 0xFF, 255);
    SDL_RenderClear(renderer_);
    ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
    if (rotated) {
        // Turn the UI onto the panel: the destination is the UI-sized rectangle centred on the
        // panel, which SDL turns about its centre.
        SDL_SetRenderTarget(renderer_, nullptr);
        SDL_SetRenderDrawColor(renderer_, 0, 0, 0, 255);
        SDL_RenderClear(renderer_);
        const SDL_Rect dst{(width_ - targetWidth_) / 2, (height_ - targetHeight_) / 2, targetWidth_, targetHeight_};
        SDL_RenderCopyEx(renderer_, rotationTarget_, nullptr, &dst, rotation_.degrees, nullptr, SDL_FLIP_NONE);
    }
}

namespace {

// Copies a box of a 32-bit pixman image into an RGBA byte buffer of the same size.
void copyToRgba(pixman_image_t* image, std::vector<std::uint8_t>& out) {
    const int w = pixman_image_get_width(image), h = pixman_image_get_height(image);
    const int stride = pixman_image_get_stride(image) / 4;
    const std::uint32_t* bits = pixman_image_get_data(image);
    out.resize(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4);
    for (int y = 0; y < h; ++y) {
        const std::uint32_t* row = bits + static_cast<std::ptrdiff_t>(y) * stride;
        std::uint8_t* dst = out.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(w) * 4;
        for (int x = 0; x < w; ++x) {
            dst[x * 4] = static_cast<std::uint8_t>(row[x] >> 16);
            dst[x * 4 + 1] = static_cast<std::uint8_t>(row[x] >> 8);
            dst[x * 4 + 2] = static_cast<std::uint8_t>(row[x]);
            dst[x * 4 + 3] = 0xFF;
        }
    }
}

// Pixels (colour only) of two images of the same size that differ.
std::int64_t differentPixels(pixman_image_t* a, pixman_image_t* b) {
    const int w = pixman_image_get_width(a), h = pixman_image_get_height(a);
    const int strideA = pixman_image_get_stride(a) / 4, strideB = pixman_image_get_stride(b) / 4;
    const std::uint32_t* pa = pixman_image_get_data(a);
    const std::uint32_t* pb = pixman_image_get_data(b);
    std::int64_t different = 0;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            if (((pa[static_cast<std::ptrdiff_t>(y) * strideA + x] ^ pb[static_cast<std::ptrdiff_t>(y) * strideB + x]) & 0x00FFFFFFu) != 0)
                ++different;
    return different;
}

pixman_image_t* makeImage(PixelBuffer& storage, int w, int h) {
    filledBuffer(storage, static_cast<std::size_t>(w) * static_cast<std::size_t>(h), 0xFF000000u);
    return pixman_image_create_bits(PIXMAN_a8r8g8b8, w, h, storage.data(), w * 4);
}

} // namespace

void Display::prepareOffscreen(const ImDrawList& list) {
    if (!software_) return;
    ImDrawData data;
    ImDrawList* lists[] = {const_cast<ImDrawList*>(&list)};
    data.Valid = true;
    data.CmdLists = lists;
    data.CmdListsCount = 1;
    data.TotalVtxCount = list.VtxBuffer.Size;
    data.TotalIdxCount = list.IdxBuffer.Size;
    data.DisplayPos = ImVec2(0, 0);
    data.DisplaySize = ImVec2(static_cast<float>(uiWidth()), static_cast<float>(uiHeight()));
    data.FramebufferScale = ImVec2(1, 1);
    software_->prepare(data, uiWidth(), uiHeight());
}

void Display::rasterizeSoftware() {
    ImDrawData* data = ImGui::GetDrawData();
    if (!data || !frame_) return;
    pixman_image_t* target = frame_;
    const bool rotated = rotation_.degrees != 0;
    if (rotated) {
        int w = 0, h = 0;
        rotation_.logicalSize(width_, height_, w, h);
        if (!uiFrame_ || pixman_image_get_width(uiFrame_) != w || pixman_image_get_height(uiFrame_) != h) {
            if (uiFrame_) pixman_image_unref(uiFrame_);
            uiFrame_ = makeImage(uiStorage_, w, h);
            software_->invalidate();
            if (!uiFrame_) return;
        }
        target = uiFrame_;
    }
    std::vector<pixman_box32_t> boxes;
    software_->render(*data, target, pendingClearRgba_, !fullRedraw_, &boxes);
    const SoftwareFrameStats& stats = software_->lastFrame();
    const int tw = pixman_image_get_width(target), th = pixman_image_get_height(target);
    ++damage_.frames;
    if (boxes.empty()) ++damage_.skippedFrames;
    else if (!stats.fullRedraw) ++damage_.partialFrames;
    damage_.damagedPixels += stats.damagedPixels;
    damage_.totalPixels += static_cast<std::int64_t>(tw) * th;
    if (checkDamage_ && !stats.fullRedraw) {
        // The same frame drawn whole, compared pixel for pixel with the damaged one.
        if (!checkFrame_ || pixman_image_get_width(checkFrame_) != tw || pixman_image_get_height(checkFrame_) != th) {
            if (checkFrame_) pixman_image_unref(checkFrame_);
            checkFrame_ = makeImage(checkStorage_, tw, th);
        }
        if (checkFrame_) {
            software_->render(*data, checkFrame_, pendingClearRgba_, false);
            const std::int64_t different = differentPixels(target, checkFrame_);
            if (different > 0) {
                ++damage_.mismatchedFrames;
                log::error("damage check: frame " + std::to_string(rasterizedFrames_) + " differs from a full redraw in " +
                           std::to_string(different) + " pixels");
            }
        }
    }
    if (rotated && !boxes.empty()) {
        // Turn the damaged boxes onto the panel: the panel's pixel centres map to the UI's.
        float ox = 0, oy = 0, xx = 0, xy = 0, yx = 0, yy = 0;
        rotation_.panelToLogical(0, 0, width_, height_, ox, oy);
        rotation_.panelToLogical(1, 0, width_, height_, xx, xy);
        rotation_.panelToLogical(0, 1, width_, height_, yx, yy);
        pixman_transform_t t;
        pixman_transform_init_identity(&t);
        t.matrix[0][0] = pixman_double_to_fixed(xx - ox);
        t.matrix[0][1] = pixman_double_to_fixed(yx - ox);
        t.matrix[0][2] = pixman_double_to_fixed(ox);
        t.matrix[1][0] = pixman_double_to_fixed(xy - oy);
        t.matrix[1][1] = pixman_double_to_fixed(yy - oy);
        t.matrix[1][2] = pixman_double_to_fixed(oy);
        pixman_image_set_transform(uiFrame_, &t);
        pixman_image_set_filter(uiFrame_, PIXMAN_FILTER_NEAREST, nullptr, 0);
        for (pixman_box32_t& box : boxes) {
            float ax = 0, ay = 0, bx = 0, by = 0;
            rotation_.logicalToPanel(static_cast<float>(box.x1), static_cast<float>(box.y1), width_, height_, ax, ay);
            rotation_.logicalToPanel(static_cast<float>(box.x2), static_cast<float>(box.y2), width_, height_, bx, by);
            box = {static_cast<int>(std::min(ax, bx)), static_cast<int>(std::min(ay, by)),
                   static_cast<int>(std::max(ax, bx)), static_cast<int>(std::max(ay, by))};
            pixman_image_composite32(PIXMAN_OP_SRC, uiFrame_, nullptr, frame_, box.x1, box.y1, 0, 0, box.x1, box.y1,
                                     box.x2 - box.x1, box.y2 - box.y1);
        }
        pixman_image_set_transform(uiFrame_, nullptr);
    }
    if (window_) {
        presentSoftware(boxes);
        if (captureNext_) {
            copyToRgba(frame_, lastCapture_);
            captureWidth_ = width_;
            captureHeight_ = height_;
            captureNext_ = false;
        }
    }
}

void Display::presentSoftware(const std::vector<pixman_box32_t>& boxes) {
    if (boxes.empty() || !boundSurface_) return;
    std::vector<SDL_Rect> rects;
    rects.reserve(boxes.size());
    for (const pixman_box32_t& b : boxes) {
        const SDL_Rect r{b.x1, b.y1, b.x2 - b.x1, b.y2 - b.y1};
        if (r.w <= 0 || r.h <= 0) continue;
        if (surfaceNeedsCopy_) {
            auto* dst = static_cast<std::uint8_t*>(boundSurface_->pixels) + static_cast<std::ptrdiff_t>(r.y) * boundSurface_->pitch +
                        static_cast<std::ptrdiff_t>(r.x) * boundSurface_->format->BytesPerPixel;
            const std::uint32_t* src = frameStorage_.data() + static_cast<std::ptrdiff_t>(r.y) * width_ + r.x;
            SDL_ConvertPixels(r.w, r.h, SDL_PIXELFORMAT_ARGB8888, src, width_ * 4, boundSurface_->format->format, dst,
                              boundSurface_->pitch);
        }
        rects.push_back(r);
    }
    if (!rects.empty()) SDL_UpdateWindowSurfaceRects(window_, rects.data(), static_cast<int>(rects.size()));
}

void Display::uploadFonts(ui::FontSet* fonts) {
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    // ImGui's atlas has pixels only right after a build (they are freed below once uploaded).
    if (atlas.TexPixelsAlpha8 || atlas.TexPixelsRGBA32) {
        rasterizePending_ = false;   // that frame's draw data points at the old atlas texture
        if (software_) {
            // Alpha only: one byte a pixel, drawn as the mask of a solid colour.
            software_->destroyTexture(fontTexture_);
            unsigned char* pixels = nullptr;
            int w = 0, h = 0;
            atlas.GetTexDataAsAlpha8(&pixels, &w, &h);
            fontTexture_ = pixels ? software_->createAlphaTexture(pixels, w, h) : nullptr;
            if (!fontTexture_) log::error("font atlas: cannot make its texture (" + std::to_string(w) + "x" + std::to_string(h) + ")");
            atlas.SetTexID(fontTexture_);
        } else {
            ImGui_ImplSDLRenderer_DestroyFontsTexture();
            ImGui_ImplSDLRenderer_CreateFontsTexture();
        }
        // The texture holds the pixels now: ImGui's copies (alpha and RGBA) are not needed.
        atlas.ClearTexData();
    }
    const std::shared_ptr<const ui::PackedAtlas> glyphs = fonts ? fonts->glyphPixelsToUpload() : nullptr;
    if (!glyphs) return;
    rasterizePending_ = false;   // the last frame's draw data points at the old glyph texture
    if (software_) {
        software_->destroyTexture(static_cast<SoftwareTexture*>(glyphTexture_));
        // The texture reads the atlas's pixels in place (from the cache file's mapping, or the
        // packed atlas's own vector): no 4 MiB copy, no second set of pages.
        glyphTexture_ = software_->wrapAlphaTexture(glyphs->pixels.data(), glyphs->width, glyphs->height, glyphs);
    } else {
        if (glyphTexture_) SDL_DestroyTexture(static_cast<SDL_Texture*>(glyphTexture_));
        // SDL's textures are RGBA: white, the coverage in alpha.
        std::vector<std::uint32_t> rgba(glyphs->pixels.size());
        for (std::size_t i = 0; i < rgba.size(); ++i) rgba[i] = 0x00FFFFFFu | static_cast<std::uint32_t>(glyphs->pixels.data()[i]) << 24;
        SDL_Texture* texture = SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_ABGR8888, SDL_TEXTUREACCESS_STATIC, glyphs->width, glyphs->height);
        if (texture) {
            SDL_UpdateTexture(texture, nullptr, rgba.data(), glyphs->width * 4);
            SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_BLEND);
        }
        glyphTexture_ = texture;
    }
    if (!glyphTexture_)
        log::error("glyph atlas: cannot make its texture (" + std::to_string(glyphs->width) + "x" + std::to_string(glyphs->height) + ")");
    fonts->setTexture(glyphTexture_);
}

DisplayInput Display::pollInput(int timeoutMs) {
    DisplayInput input;
    if (headless_) return input;
    SDL_Event event;
    bool got = timeoutMs > 0 ? SDL_WaitEventTimeout(&event, timeoutMs) != 0 : SDL_PollEvent(&event) != 0;
    while (got) {
        input.anyEvent = true;
        ImGui_ImplSDL2_ProcessEvent(&event);
        if (event.type == SDL_QUIT) input.quit = true;
        // The window's pixels were lost or changed (uncovered, shown, resized): the next frame
        // is drawn and presented whole, not only its damage.
        if (event.type == SDL_WINDOWEVENT && software_) software_->invalidate();
        if (event.type == SDL_KEYDOWN) {
            const std::string name = keyName(event.key.keysym.sym);
            if (!name.empty()) input.keys.push_back(name);
        }
        got = SDL_PollEvent(&event) != 0;
    }
    return input;
}

std::vector<std::uint8_t> Display::readPixels() {
    if (!headless_) return lastCapture_;
    rasterize();
    if (software_) {
        std::vector<std::uint8_t> pixels(static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_) * 4);
        for (std::size_t i = 0; i < pixels.size() / 4; ++i) {
            const std::uint32_t p = frameStorage_.data()[i];
            pixels[i * 4] = static_cast<std::uint8_t>(p >> 16);
            pixels[i * 4 + 1] = static_cast<std::uint8_t>(p >> 8);
            pixels[i * 4 + 2] = static_cast<std::uint8_t>(p);
            pixels[i * 4 + 3] = 0xFF;
        }
        return pixels;
    }
    std::vector<std::uint8_t> pixels(static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_) * 4);
    SDL_ConvertPixels(width_, height_, surface_->format->format, surface_->pixels, surface_->pitch,
                      SDL_PIXELFORMAT_ABGR8888, pixels.data(), width_ * 4);   // ABGR8888 = RGBA bytes
    return pixels;
}

std::vector<std::uint8_t> Display::encodePng() {
    const std::vector<std::uint8_t> pixels = readPixels();
    const int w = headless_ ? width_ : captureWidth_, h = headless_ ? height_ : captureHeight_;
    std::vector<std::uint8_t> png;
    if (pixels.empty() || w <= 0 || h <= 0) return png;
    stbi_write_png_to_func(writeToVector, &png, w, h, 4, pixels.data(), w * 4);
    return png;
}

Result<bool> Display::saveScreenshot(const std::filesystem::path& file) {
    const std::vector<std::uint8_t> png = encodePng();
    if (png.empty()) return Error{"no frame to save (a window screenshot must be requested before the frame)"};
    FILE* out = std::fopen(file.c_str(), "wb");
    if (!out) return Error{file.string() + ": cannot write screenshot"};
    const bool ok = std::fwrite(png.data(), 1, png.size(), out) == png.size();
    const bool closed = std::fclose(out) == 0;
    if (!ok || !closed) return Error{file.string() + ": cannot write screenshot"};
    return true;
}

} // namespace kiosk::platform
