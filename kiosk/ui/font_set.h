// Fonts for the screens: faces found through fontconfig per script (kiosk_text's FontStack),
// and the ImGui atlas holding only the shaped glyphs the exhibition and the interface use, at
// the sizes the theme uses (never whole CJK ranges). Each glyph is a custom rectangle of the
// glyph texture of its own (A8, packed here, not by ImGui), rasterized with FreeType;
// TextEngine draws them as quads. ImGui's own atlas holds only ImGui's small default font and
// the white block solid shapes sample.
//
// Run-time glyphs: build() (UI thread, before the first frame, and after new content or a new
// scale) plans every glyph of the exhibition and the interface. A glyph the screens still ask
// for that is not in the atlas (text made at run time) is drawn as a fallback box by TextEngine
// and requested; startGlyphRebuild() packs the atlas again with the requested glyphs on a
// thread of its own, and swapInRebuiltGlyphs() makes that result the atlas at an idle moment
// (KioskUi::updateGlyphAtlas). The atlas in use is never rebuilt on the UI thread for them.
#pragma once
#include <array>
#include <atomic>
#include <filesystem>
#include <functional>
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
#include "kiosk/ui/atlas_cache.h"
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
    int x = 0, y = 0;             // top-left corner in the glyph texture, in pixels
    float left = 0, top = 0;      // right of the pen, above the baseline
    float width = 0, height = 0;  // 0: nothing to draw (a space)
};

struct AtlasStats {
    int glyphs = 0;
    int width = 0, height = 0;
    double buildMs = 0;
    double shapeMs = 0, rasterMs = 0, packMs = 0;   // parts of buildMs (shapeMs: with the cache, reading it)
    double facesMs = 0;                               // part of shapeMs: finding and loading the faces
    bool facesFromCache = false;                      // which files draw which script: from font-faces.cache, not fontconfig
    int rasterized = 0;                               // glyphs not in the bitmap cache
    int whitePixelX = -1, whitePixelY = -1;           // where solid shapes sample the atlas
    bool fromCache = false;                           // glyphs read from the disk cache (no shaping, no rasterizing)
    bool fromPreparation = false;                     // glyphs packed beforehand on the preparation thread (prepare())
    std::string cacheNote;                            // why the cache was not used, or "" (used, or none)
    // Counters over the FontSet's life (--stats "atlas"):
    int uiThreadBuilds = 0;        // build() calls: before the first frame, new content, new scale
    int backgroundRebuilds = 0;    // rebuilds for run-time glyphs started on the rebuild thread
    int swaps = 0;                 // finished background rebuilds swapped in
    std::int64_t fallbackGlyphs = 0;   // glyphs drawn as a fallback box because the atlas lacked them
    double lastRebuildMs = 0;      // wall time of the last background rebuild (on its thread)
    int preparations = 0;          // atlases packed beforehand for new content (prepare())
    double lastPreparationMs = 0;  // wall time of the last preparation taken by build() (on its thread)
    // Alpha only: one byte a pixel (the software renderer keeps it so; SDL's textures are RGBA).
    std::size_t textureBytes() const { return static_cast<std::size_t>(width) * static_cast<std::size_t>(height); }
};

// Packs glyph bitmaps into one texture (shelves, tallest first, 1 px apart; the same glyphs
// always give the same texture). Glyphs that do not fit kMaxAtlasSidePx are left out.
PackedAtlas packGlyphs(const std::vector<std::pair<std::uint64_t, const text::GlyphBitmap*>>& glyphs);

class FontSet {
public:
    FontSet();
    ~FontSet();
    FontSet(const FontSet&) = delete;
    FontSet& operator=(const FontSet&) = delete;

    // Builds the glyph atlas for these texts at this scale (from the disk cache when it
    // matches), and ImGui's own `atlas`. UI thread; a background rebuild still running is
    // waited for and dropped (its glyphs are planned again). Returns false if no font could
    // be loaded at all (text is drawn as boxes then).
    bool build(ImFontAtlas& atlas, const GlyphNeeds& needs, float scale);

    // New content (UI thread): on a thread of its own, collects the texts (`needsOf`, called
    // there: it must only read what nobody changes, an immutable snapshot) and plans,
    // rasterizes and packs their glyphs at `scale` (the scale built, else nothing is started),
    // so that the build() for them when the content is swapped in takes that atlas instead of
    // doing the work on the UI thread (0.2-1.2 s). One at a time: false when one is running or
    // kept, or nothing started.
    bool prepare(std::function<GlyphNeeds()> needsOf, float scale);
    bool preparing() const { return prepared_ != nullptr; }                        // started, not taken yet
    bool preparationFinished() const { return prepared_ && prepared_->done.load(); }
    void waitForPreparation();
    void dropPreparation();   // waits for a running one, and forgets it

    // Run-time glyphs (UI thread). Starts packing the atlas again with every glyph requested
    // since the last build or swap, on a thread of its own; the atlas in use stays as it is.
    // False when nothing is requested or a rebuild is already running.
    bool startGlyphRebuild();
    bool glyphRebuildRunning() const { return rebuild_ != nullptr; }   // started, not swapped in yet
    bool glyphRebuildFinished() const { return rebuild_ && rebuild_->done.load(); }
    void waitForGlyphRebuild();
    // Makes a finished rebuild the atlas; its pixels then wait for upload. False when none finished.
    bool swapInRebuiltGlyphs();

    // The glyph texture's pixels after build() or a swap, until the display made a texture of
    // them (setTexture); nullptr otherwise.
    // Shared: a texture may keep the pixels instead of copying them (they never change).
    std::shared_ptr<const PackedAtlas> glyphPixelsToUpload() const { return pixelsPending_ ? packed_ : nullptr; }
    void setTexture(ImTextureID texture) {
        texture_ = texture;
        pixelsPending_ = false;
    }
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
    // then it is requested for the next background rebuild and counted as a fallback drawn.
    const AtlasGlyph* glyph(std::uint64_t key) const;
    // The atlas key of a shaped glyph of `role` (face numbers are those of faces(role)).
    std::uint64_t glyphKey(FontRole role, int face, std::uint32_t glyph) const;
    bool hasRequestedGlyphs() const { return !requested_.empty(); }
    // The glyph texture (made by the display from glyphPixelsToUpload()).
    ImTextureID texture() const { return texture_; }
    const AtlasStats& stats() const { return stats_; }

private:
    struct Preparation {
        std::thread thread;
        std::uint64_t key = 0;                 // cacheKey() of what it packs (set by the thread)
        std::unordered_set<std::uint64_t> extra;   // run-time glyphs packed with it (read by the thread)
        std::atomic<bool> done{false};
        std::shared_ptr<PackedAtlas> result;   // set by the thread before `done`
        double ms = 0;
    };
    // The preparation's atlas when it was made for `key` (waited for), else nullptr; either way
    // the preparation is over after this.
    std::shared_ptr<PackedAtlas> takePreparation(std::uint64_t key);
    // Every glyph key of these texts in every role, plus `extra`: sorted, within the atlas's limit.
    std::vector<std::uint64_t> plannedKeys(const GlyphNeeds& needs, const std::unordered_set<std::uint64_t>& extra) const;
    struct Rebuild {
        std::thread thread;
        std::atomic<bool> done{false};
        std::shared_ptr<PackedAtlas> result;   // set by the thread before `done`
        int rasterized = 0;
        double ms = 0;
    };
    void loadFaces();
    void install(std::shared_ptr<PackedAtlas> packed);   // makes `packed` the atlas (glyph table, stats)
    void dropRebuild();
    static constexpr int kBoldFaceOffset = 64;   // bold faces in glyph keys
    void collectKeys(FontRole role, const std::u32string& text, std::initializer_list<FontRole> sameWeightRoles,
                     std::unordered_set<std::uint64_t>& keys) const;

    std::unique_ptr<text::FontStack> regular_, bold_;
    std::unordered_map<std::uint64_t, AtlasGlyph> glyphs_;
    std::shared_ptr<const PackedAtlas> packed_;              // the atlas in use (pixels kept for rebuilds)
    bool pixelsPending_ = false;
    ImTextureID texture_{};
    std::unordered_set<std::uint64_t> extraKeys_;            // asked for at run time, kept
    mutable std::unordered_set<std::uint64_t> requested_;    // asked for, not yet given to a rebuild
    std::unordered_set<std::uint64_t> inRebuild_;            // given to the running rebuild
    std::unique_ptr<Rebuild> rebuild_;
    std::unique_ptr<Preparation> prepared_;
    std::array<ImFont*, static_cast<int>(FontRole::Count)> fonts_{};
    std::array<float, static_cast<int>(FontRole::Count)> sizes_{};
    float scale_ = 0;
    mutable AtlasStats stats_;   // mutable: glyph() counts fallbacks
    std::filesystem::path cacheFile_;
    std::uint64_t packedFor_ = 0;             // the cache key (inputs) of packed_
    std::thread cacheWriter_;                 // writes the cache file (joined before the next and at the end)
};

} // namespace kiosk::ui
