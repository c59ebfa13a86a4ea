#include "platform/texture_cache.h"

#include <SDL.h>
#include <stb_image_resize.h>

#include <algorithm>
#include <vector>

#include "kiosk/core/image_decode.h"
#include "kiosk/core/limits.h"
#include "kiosk/core/log.h"

namespace kiosk::platform {

TextureCache::~TextureCache() { clear(); }

void TextureCache::clear() {
    for (auto& [path, texture] : textures_)
        if (texture.texture) SDL_DestroyTexture(static_cast<SDL_Texture*>(texture.texture));
    textures_.clear();
}

ui::ImageTexture TextureCache::get(const std::filesystem::path& file) {
    const std::string key = file.string();
    if (const auto it = textures_.find(key); it != textures_.end()) return it->second;
    ui::ImageTexture result;
    const auto fail = [&](const std::string& why) {
        log::warnOnce("image:" + key, "image " + key + " cannot be shown (" + why + "); showing a placeholder");
        ++failed_;
        textures_[key] = {};
        return ui::ImageTexture{};
    };
    // Size, signature, dimensions and PNG inflation are checked before anything is allocated
    // for the pixels (kiosk/core/image_decode.h): a bomb gets a placeholder, not the memory.
    auto bytes = readImageFile(file);
    if (!bytes) return fail(bytes.error());
    auto image = decodeImage(*bytes, limits::kMaxImagePixels, 4);
    if (!image) return fail(image.error());
    const int w = image->width, h = image->height;
    const unsigned char* pixels = image->pixels.get();
    std::vector<unsigned char> scaled;
    const unsigned char* upload = pixels;
    int uw = w, uh = h;
    const int longest = std::max(w, h);
    if (longest > limits::kMaxTextureSidePx) {
        const double factor = static_cast<double>(limits::kMaxTextureSidePx) / longest;
        uw = std::max(1, static_cast<int>(w * factor));
        uh = std::max(1, static_cast<int>(h * factor));
        scaled.resize(static_cast<std::size_t>(uw) * static_cast<std::size_t>(uh) * 4);
        stbir_resize_uint8(pixels, w, h, 0, scaled.data(), uw, uh, 0, 4);
        upload = scaled.data();
    }
    SDL_Texture* texture = SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_ABGR8888, SDL_TEXTUREACCESS_STATIC, uw, uh);
    if (texture) {
        SDL_UpdateTexture(texture, nullptr, upload, uw * 4);
        SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_BLEND);
        SDL_SetTextureScaleMode(texture, SDL_ScaleModeLinear);
    }
    if (!texture) return fail(std::string("texture: ") + SDL_GetError());
    result = {static_cast<ImTextureID>(texture), uw, uh};
    textures_[key] = result;
    return result;
}

} // namespace kiosk::platform
