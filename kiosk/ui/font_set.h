// Fonts for the screens: faces found through fontconfig per script (kiosk_text's FontStack),
// and the ImGui atlas holding only the shaped glyphs the exhibition and the interface use, at
// the sizes the theme uses (never whole CJK ranges). Each glyph is a custom rectangle of the
// atlas, rasterized with FreeType after ImFontAtlas::Build(); TextEngine draws them as quads.
// Glyphs the screens ask for that are not in the atlas yet (text made at run time) are
// collected and added at the next rebuild.
#pragma once
#include <array>
#include <filesystem>
#include <initializer_list>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <imgui.h>

#include "kiosk/text/font_stack.h"
#include "kiosk/ui/theme.h"

namespace kiosk::ui {

struct FontFace {
    std::string file;
    int index = 0;       // face index inside a .ttc collection
};

// Finds a font for a language (e.g. "en", "zh-Hans", "ar", "th") through fontconfig.
// `bold` asks for a bold weight. Returns an empty file when nothing suitable is installed.
FontFace findFontFace(const std::string& language, bool bold);

// Text whose glyphs the atlas must hold: one set for every role, one for the large roles only.
struct GlyphNeeds {
    std::u32string allText;      // Body, Label, Caption
    std::u32string titleText;    // Display, Title, Heading (titles, names, interface strings)
};

// A glyph's place in the atlas texture and where it goes from the pen position.
struct AtlasGlyph {
    ImVec2 uv0, uv1;
    float left = 0, top = 0;      // right of the pen, above the baseline
    float width = 0, height = 0;  // 0: nothing to draw (a space)
};

struct AtlasStats {
    int glyphs = 0;
    int width = 0, height = 0;
    double buildMs = 0;
    double shapeMs = 0, rasterMs = 0, packMs = 0;   // parts of buildMs (shapeMs: with the cache, reading it)
    double facesMs = 0;                               // part of shapeMs: finding and loading the faces
    int rasterized = 0;                               // glyphs not in the bitmap cache
    int whitePixelX = -1, whitePixelY = -1;           // where solid shapes sample the atlas
    bool fromCache = false;                           // glyphs read from the disk cache (no shaping, no rasterizing)
    std::string cacheNote;                            // why the cache was not used, or "" (used, or none)
    // Alpha only: one byte a pixel (the software renderer keeps it so; SDL's textures are RGBA).
    std::size_t textureBytes() const { return static_cast<std::size_t>(width) * static_cast<std::size_t>(height); }
};

class FontSet {
public:
    FontSet();
    ~FontSet();
    FontSet(const FontSet&) = delete;
    FontSet& operator=(const FontSet&) = delete;

    // Rebuilds `atlas` for these glyphs at this scale. Returns false if no font could be
    // loaded at all (text is drawn as boxes then).
    bool build(ImFontAtlas& atlas, const GlyphNeeds& needs, float scale);
    // Keeps the glyphs on disk (ui/atlas_cache.h): build() reads them from `file` when it was
    // made for the same inputs, and writes it otherwise. Empty: no cache.
    void setCacheFile(std::filesystem::path file) { cacheFile_ = std::move(file); }
    // The hash of everything the atlas's glyphs depend on (the cache's key); glyphs added at
    // run time are not part of it: the file keeps them with the others.
    std::uint64_t cacheKey(const GlyphNeeds& needs, float scale) const;

    // ImGui's own font (for ImGui widgets, never for content text).
    ImFont* font(FontRole role) const { return fonts_[static_cast<int>(role)]; }
    float size(FontRole role) const { return sizes_[static_cast<int>(role)]; }
    float builtScale() const { return scale_; }

    // The faces a role is drawn with (bold for the large roles and labels).
    const text::FontStack& faces(FontRole role) const;
    // The atlas entry of a glyph key (text::glyphKey), or nullptr when it is not in the atlas;
    // then it is requested for the next rebuild.
    const AtlasGlyph* glyph(std::uint64_t key) const;
    // The atlas key of a shaped glyph of `role` (face numbers are those of faces(role)).
    std::uint64_t glyphKey(FontRole role, int face, std::uint32_t glyph) const;
    bool hasRequestedGlyphs() const { return !requested_.empty(); }
    ImTextureID texture() const { return atlas_ ? atlas_->TexID : ImTextureID{}; }
    const AtlasStats& stats() const { return stats_; }

private:
    void loadFaces();
    static constexpr int kBoldFaceOffset = 64;   // bold faces in glyph keys
    void collectKeys(FontRole role, const std::u32string& text, std::initializer_list<FontRole> sameWeightRoles,
                     std::unordered_set<std::uint64_t>& keys) const;

    std::unique_ptr<text::FontStack> regular_, bold_;
    ImFontAtlas* atlas_ = nullptr;
    std::unordered_map<std::uint64_t, AtlasGlyph> glyphs_;
    std::unordered_set<std::uint64_t> extraKeys_;            // asked for at run time, kept
    std::unordered_map<std::uint64_t, text::GlyphBitmap> bitmaps_;   // kept across rebuilds
    mutable std::unordered_set<std::uint64_t> requested_;    // asked for since the last build
    std::array<ImFont*, static_cast<int>(FontRole::Count)> fonts_{};
    std::array<float, static_cast<int>(FontRole::Count)> sizes_{};
    float scale_ = 0;
    AtlasStats stats_;
    std::filesystem::path cacheFile_;
    std::vector<std::uint64_t> cachedKeys_;   // glyphs of the last build (run-time ones included)
    std::uint64_t cachedKeysFor_ = 0;         // the cache key (inputs) of that build
    std::thread cacheWriter_;                 // writes the cache file (joined before the next and at the end)
};

} // namespace kiosk::ui
