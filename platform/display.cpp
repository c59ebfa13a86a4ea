#include "platform/display.h"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>
#include <stb_image_write.h>

#include "kiosk/core/log.h"

#include <algorithm>

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

} // namespace

Result<std::unique_ptr<Display>> Display::open(const DisplayOptions& options) {
    std::unique_ptr<Display> display(new Display());
    display->headless_ = options.headless;
    if (!Rotation::valid(options.rotationDegrees)) return Error{"rotation must be 0, 90, 180 or 270"};
    display->rotation_.degrees = options.rotationDegrees;
    if (options.headless) {
        display->width_ = options.width > 0 ? options.width : 1920;
        display->height_ = options.height > 0 ? options.height : 1080;
        display->surface_ = SDL_CreateRGBSurfaceWithFormat(0, display->width_, display->height_, 32, SDL_PIXELFORMAT_ARGB8888);
        if (!display->surface_) return Error{std::string("cannot create the headless frame: ") + SDL_GetError()};
        display->renderer_ = SDL_CreateSoftwareRenderer(display->surface_);
        if (!display->renderer_) return Error{std::string("cannot create the software renderer: ") + SDL_GetError()};
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
        display->window_ = SDL_CreateWindow(options.title.c_str(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
        if (!display->window_) return Error{std::string("cannot open a window: ") + SDL_GetError()};
        display->renderer_ = SDL_CreateRenderer(display->window_, -1, SDL_RENDERER_PRESENTVSYNC);
        if (!display->renderer_) display->renderer_ = SDL_CreateRenderer(display->window_, -1, 0);
        if (!display->renderer_) return Error{std::string("cannot create a renderer: ") + SDL_GetError()};
        SDL_GetRendererOutputSize(display->renderer_, &display->width_, &display->height_);
        if (!options.windowed) SDL_ShowCursor(SDL_DISABLE);
        ImGui_ImplSDL2_InitForSDLRenderer(display->window_);
        display->imguiPlatformBackend_ = true;
    }
    ImGui_ImplSDLRenderer_Init(display->renderer_);
    display->imguiRendererBackend_ = true;
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(display->renderer_, &info) == 0)
        log::info(std::string("renderer: ") + info.name + ", " + std::to_string(display->width_) + "x" + std::to_string(display->height_));
    return display;
}

Display::~Display() {
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
    ImGui_ImplSDLRenderer_NewFrame();
    ImGuiIO& io = ImGui::GetIO();
    if (imguiPlatformBackend_) {
        ImGui_ImplSDL2_NewFrame();
        SDL_GetRendererOutputSize(renderer_, &width_, &height_);
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
    if (!headless_) {
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

void Display::uploadFonts() {
    rasterizePending_ = false;   // that frame's draw data points at the old atlas texture
    ImGui_ImplSDLRenderer_DestroyFontsTexture();
    ImGui_ImplSDLRenderer_CreateFontsTexture();
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
