// Images for the screens. The platform decodes files and uploads textures; the UI only asks.
#pragma once
#include <filesystem>

#include <imgui.h>

namespace kiosk::ui {

struct ImageTexture {
    ImTextureID texture = nullptr;   // null: not available (the UI draws a fallback)
    int width = 0, height = 0;
    explicit operator bool() const { return texture != nullptr; }
};

// A picture at a place (as ImageSource::get() is asked for it).
struct PictureRequest {
    std::filesystem::path file;
    int coverWidth = 0, coverHeight = 0;
    bool operator==(const PictureRequest&) const = default;
};

class ImageSource {
public:
    virtual ~ImageSource() = default;
    // The texture for an image file, with at least enough pixels to cover `coverWidth` x
    // `coverHeight` (the place it is drawn at; 0 x 0: the whole screen); an empty texture if it
    // cannot be shown (logged once). A thumbnail is decoded small, not at screen size, and a
    // place smaller than the screen gets a texture of its own size (ask with the size drawn).
    virtual ImageTexture get(const std::filesystem::path& file, int coverWidth = 0, int coverHeight = 0) = 0;
    // Width / height of the picture in `file`, before any texture of it is decoded (from its
    // header); 0 when unknown (an unreadable file). Lets a screen size a place to the picture
    // before asking for the texture that fills exactly that place.
    virtual float aspect(const std::filesystem::path& file) { (void)file; return 0; }
    // A texture to draw `file` with at this place without asking for it: its own if it is in,
    // else any stand-in the same shapes can be drawn with (an off-screen rehearsal,
    // screen_rehearsal.h, must start no decode); empty when there is none (a fallback is drawn).
    virtual ImageTexture peek(const std::filesystem::path& file, int coverWidth = 0, int coverHeight = 0) {
        (void)file; (void)coverWidth; (void)coverHeight;
        return {};
    }
    // Forgets every texture (a new release is shown).
    virtual void clear() = 0;
    // A hint: the screen will not draw `file` again soon (the attract loop's slide that has
    // faded out). Its textures may go now, except one drawn in this frame; asked for again, the
    // file is decoded again.
    virtual void release(const std::filesystem::path& file) { (void)file; }
};

} // namespace kiosk::ui
