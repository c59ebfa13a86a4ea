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

class ImageSource {
public:
    virtual ~ImageSource() = default;
    // The texture for an image file; an empty texture if it cannot be shown (logged once).
    virtual ImageTexture get(const std::filesystem::path& file) = 0;
    // Forgets every texture (a new release is shown).
    virtual void clear() = 0;
};

} // namespace kiosk::ui
