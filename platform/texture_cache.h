// TextureCache: decodes image files (JPEG/PNG via stb_image) into SDL textures for the UI.
// Broken, missing or oversized images give an empty texture; each is logged once.
#pragma once
#include <filesystem>
#include <map>
#include <string>

#include "kiosk/ui/image_source.h"

struct SDL_Renderer;
struct SDL_Texture;

namespace kiosk::platform {

class TextureCache final : public ui::ImageSource {
public:
    explicit TextureCache(SDL_Renderer* renderer) : renderer_(renderer) {}
    ~TextureCache() override;

    ui::ImageTexture get(const std::filesystem::path& file) override;
    void clear() override;

    std::size_t textureCount() const { return textures_.size(); }
    std::size_t failedCount() const { return failed_; }

private:
    SDL_Renderer* renderer_;
    std::map<std::string, ui::ImageTexture> textures_;   // empty texture: known to fail
    std::size_t failed_ = 0;
};

} // namespace kiosk::platform
