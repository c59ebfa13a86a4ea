#include "kiosk/ui/font_set.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <string_view>

#include "kiosk/core/log.h"
#include "kiosk/ui/atlas_cache.h"
#include "kiosk/core/utf8.h"
#include "kiosk/text/text_layout.h"
#include "kiosk/text/text_limits.h"

namespace kiosk::ui {

namespace {
constexpr int kWhiteBlockWidthPx = 4;   // the block solid shapes sample
}

namespace {

constexpr int kMaxAtlasWidthPx = 4096;

bool isLargeRole(FontRole role) { return role == FontRole::Display || role == FontRole::Title || role == FontRole::Heading; }
bool isBoldRole(FontRole role) { return isLargeRole(role) || role == FontRole::Label; }

// Characters every role may need for text made at run time (numbers, PINs, status lines).
const std::u32string& baseCharacters() {
    static const std::u32string chars = [] {
        std::u32string s;
        for (char32_t c = 0x20; c < 0x7F; ++c) s += c;
        s += U" \u2026\u00B7\u2022\uFFFD\u00B0\u00D7";
        return s;
    }();
    return chars;
}

} // namespace

FontFace findFontFace(const std::string& language, bool bold) {
    const text::FaceSpec spec = text::findFace(language, bold);
    return {spec.file, spec.index};
}

FontSet::FontSet() = default;
FontSet::~FontSet() {
    if (cacheWriter_.joinable()) cacheWriter_.join();
}

void FontSet::loadFaces() {
    if (!regular_) regular_ = std::make_unique<text::FontStack>(text::findScriptFaces(false));
    if (!bold_) bold_ = std::make_unique<text::FontStack>(text::findScriptFaces(true));
}

const text::FontStack& FontSet::faces(FontRole role) const {
    // build() loads the faces; before it, an empty stack draws boxes.
    static const text::FontStack empty({});
    const auto& stack = isBoldRole(role) ? bold_ : regular_;
    return stack ? *stack : empty;
}

const AtlasGlyph* FontSet::glyph(std::uint64_t key) const {
    const auto it = glyphs_.find(key);
    if (it != glyphs_.end()) return &it->second;
    if (glyphs_.size() + requested_.size() < text::limits::kMaxAtlasGlyphs) requested_.insert(key);
    else log::warnOnce("atlas-full", "the glyph atlas is full; further glyphs are not drawn");
    return nullptr;
}

std::uint64_t FontSet::glyphKey(FontRole role, int face, std::uint32_t glyph) const {
    return text::glyphKey(face + (isBoldRole(role) ? kBoldFaceOffset : 0), glyph, size(role));
}

void FontSet::collectKeys(FontRole role, const std::u32string& chars, std::initializer_list<FontRole> sameWeightRoles,
                          std::unordered_set<std::uint64_t>& keys) const {
    const text::FontStack& stack = faces(role);
    // Glyph ids do not depend on the size: one shaping serves every size of the weight.
    // Contextual forms (Arabic joining, Thai marks) come out as the screens draw them.
    // Contexts that shape glyphs (joining, marks) lie inside words: each distinct word is
    // shaped once, which skips most of a multilingual exhibition's text.
    std::unordered_set<std::u32string_view> words;
    std::u32string unique;
    const std::u32string_view all(chars);
    std::size_t start = 0;
    while (start < all.size()) {
        std::size_t end = start;
        while (end < all.size() && all[end] != U' ' && all[end] != U'\n') ++end;
        if (end > start && words.insert(all.substr(start, end - start)).second) {
            unique.append(all.substr(start, end - start));
            unique += U'\n';
        }
        start = end + 1;
    }
    std::unordered_set<std::uint64_t> seen;
    text::forEachShapedGlyph(stack, unique, [&](int face, std::uint32_t glyph) {
        if (!seen.insert((static_cast<std::uint64_t>(face) << 32) | glyph).second) return;
        for (FontRole r : sameWeightRoles) keys.insert(glyphKey(r, face, glyph));
    });
}

std::uint64_t FontSet::cacheKey(const GlyphNeeds& needs, float scale) const {
    constexpr std::uint64_t kFormat = 1;   // bump when the glyph keys or the rasterizing change
    std::uint64_t h = hashBytes(KIOSK_VERSION, sizeof KIOSK_VERSION, kFormat);
    h = hashBytes(needs.allText.data(), needs.allText.size() * sizeof(char32_t), h);
    h = hashBytes(needs.titleText.data(), needs.titleText.size() * sizeof(char32_t), h);
    h = hashBytes(baseCharacters().data(), baseCharacters().size() * sizeof(char32_t), h);
    h = hashBytes(&scale, sizeof scale, h);
    for (int r = 0; r < static_cast<int>(FontRole::Count); ++r) {
        const float size = fontBaseSize(static_cast<FontRole>(r)) * scale;
        h = hashBytes(&size, sizeof size, h);
    }
    const std::uint64_t maxGlyphs = text::limits::kMaxAtlasGlyphs;
    h = hashBytes(&maxGlyphs, sizeof maxGlyphs, h);
    // The font files: which, and which version of each (size and modification time).
    for (const auto* stack : {regular_.get(), bold_.get()}) {
        if (!stack) continue;
        for (int f = 0; f < stack->faceCount(); ++f) {
            const text::FaceSpec& spec = stack->spec(f);
            h = hashBytes(spec.file.data(), spec.file.size(), h);
            const std::int64_t facts[2] = {spec.index, static_cast<std::int64_t>(spec.sizeFactor * 1000.0f)};
            h = hashBytes(facts, sizeof facts, h);
            std::error_code error;
            const auto size = std::filesystem::file_size(spec.file, error);
            const auto time = std::filesystem::last_write_time(spec.file, error).time_since_epoch().count();
            const std::int64_t version[2] = {static_cast<std::int64_t>(size), static_cast<std::int64_t>(time)};
            h = hashBytes(version, sizeof version, h);
        }
    }
    return h;
}

bool FontSet::build(ImFontAtlas& atlas, const GlyphNeeds& needs, float scale) {
    const auto started = std::chrono::steady_clock::now();
    loadFaces();
    stats_.facesMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    atlas.Clear();
    atlas_ = &atlas;
    glyphs_.clear();
    if (scale != scale_) extraKeys_.clear();   // glyphs asked for at another size
    scale_ = scale;
    for (int r = 0; r < static_cast<int>(FontRole::Count); ++r) sizes_[r] = fontBaseSize(static_cast<FontRole>(r)) * scale;

    // ImGui needs a font of its own; content text never uses it.
    ImFontConfig config;
    config.SizePixels = 13.0f * std::max(1.0f, scale);
    ImFont* imguiFont = atlas.AddFontDefault(&config);
    fonts_.fill(imguiFont);

    const auto ms = [](std::chrono::steady_clock::time_point since) {
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since).count();
    };
    // The glyphs from the disk cache when it was made for exactly these inputs.
    const std::uint64_t atlasKey = cacheKey(needs, scale);
    const std::size_t newlyRequested = requested_.size();
    extraKeys_.insert(requested_.begin(), requested_.end());
    requested_.clear();
    std::vector<std::uint64_t> sorted;
    stats_.fromCache = false;
    stats_.cacheNote.clear();
    // The file holds the glyphs of the last build for these inputs, glyphs added at run time
    // included; a rebuild for newly requested glyphs builds (and writes the file) again.
    if (!cacheFile_.empty() && newlyRequested == 0) {
        auto cached = readAtlasCache(cacheFile_, atlasKey);
        if (cached) {
            for (CachedGlyph& glyph : *cached) {
                sorted.push_back(glyph.key);
                bitmaps_[glyph.key] = std::move(glyph.bitmap);
            }
            std::sort(sorted.begin(), sorted.end());
            stats_.fromCache = true;
        } else {
            stats_.cacheNote = cached.error();
            if (cached.error().rfind("missing", 0) != 0)
                log::info("glyph atlas cache " + cacheFile_.string() + ": " + cached.error() + "; building the atlas again");
        }
    }
    if (!stats_.fromCache) {
        std::unordered_set<std::uint64_t> keys;
        if (cachedKeysFor_ == atlasKey) {
            // The same texts, sizes and fonts as the last build: its glyphs plus the new ones,
            // without shaping everything again (a rebuild for glyphs asked for at run time).
            keys.insert(cachedKeys_.begin(), cachedKeys_.end());
        } else {
            collectKeys(FontRole::Title, needs.titleText + baseCharacters(), {FontRole::Display, FontRole::Title, FontRole::Heading}, keys);
            collectKeys(FontRole::Label, needs.allText + baseCharacters(), {FontRole::Label}, keys);
            collectKeys(FontRole::Body, needs.allText + baseCharacters(), {FontRole::Body, FontRole::Caption}, keys);
        }
        keys.insert(extraKeys_.begin(), extraKeys_.end());
        if (keys.size() > text::limits::kMaxAtlasGlyphs) {
            log::warnOnce("atlas-too-many-glyphs", "the exhibition uses " + std::to_string(keys.size()) +
                                                       " glyphs; only " + std::to_string(text::limits::kMaxAtlasGlyphs) + " fit the atlas");
        }
        sorted.assign(keys.begin(), keys.end());
        std::sort(sorted.begin(), sorted.end());   // the same atlas for the same content
    }

    stats_.shapeMs = ms(started);
    auto phase = std::chrono::steady_clock::now();
    stats_.rasterized = 0;
    // Rasterize (or take from the cache), and reserve a rectangle of the atlas for each visible glyph.
    struct Pending {
        std::uint64_t key;
        const text::GlyphBitmap* bitmap;   // in bitmaps_
        int rect = -1;
    };
    std::vector<Pending> pending;
    pending.reserve(std::min(sorted.size(), text::limits::kMaxAtlasGlyphs));
    for (std::uint64_t key : sorted) {
        if (pending.size() >= text::limits::kMaxAtlasGlyphs) break;
        const int keyFace = text::glyphKeyFace(key);
        const float sizePx = text::glyphKeySizePx(key);
        const bool bold = keyFace >= kBoldFaceOffset;
        const int face = bold ? keyFace - kBoldFaceOffset : keyFace;
        const text::FontStack& stack = bold ? *bold_ : *regular_;
        if (face < 0 || face >= stack.faceCount()) continue;
        auto cached = bitmaps_.find(key);
        if (cached == bitmaps_.end()) {
            cached = bitmaps_.emplace(key, stack.rasterize(face, text::glyphKeyGlyph(key), sizePx)).first;
            ++stats_.rasterized;
        }
        Pending p{key, &cached->second};
        if (p.bitmap->width > 0) p.rect = atlas.AddCustomRectRegular(p.bitmap->width, p.bitmap->height);
        pending.push_back(std::move(p));
    }
    // A white block taller than every glyph, so that the packer puts it first, at the
    // atlas's top-left corner; solid shapes sample it (TexUvWhitePixel, set below). SDL 2.26's
    // software rasteriser multiplies a triangle's area by its texel coordinates in 32-bit
    // integers: a white pixel far from the origin overflows that for large shapes and makes it
    // read outside the texture (a crash). Near the origin it stays in range.
    int tallest = 0;
    for (const Pending& p : pending) tallest = std::max(tallest, p.bitmap->height);
    const int whiteRect = atlas.AddCustomRectRegular(kWhiteBlockWidthPx, tallest + 2);
    atlas.Flags |= ImFontAtlasFlags_NoBakedLines;   // lines use the white block too
    // ImGui sizes the texture by its fonts only; the glyph rectangles decide it here.
    std::size_t area = 0;
    for (const Pending& p : pending) area += static_cast<std::size_t>(p.bitmap->width + 1) * static_cast<std::size_t>(p.bitmap->height + 1);
    int width = 512;
    while (width < kMaxAtlasWidthPx && static_cast<std::size_t>(width) * static_cast<std::size_t>(width) < area) width *= 2;
    atlas.TexDesiredWidth = width;
    stats_.rasterMs = ms(phase);
    phase = std::chrono::steady_clock::now();
    atlas.Build();

    unsigned char* pixels = nullptr;
    int texWidth = 0, texHeight = 0;
    atlas.GetTexDataAsAlpha8(&pixels, &texWidth, &texHeight);
    if (const ImFontAtlasCustomRect* white = atlas.GetCustomRectByIndex(whiteRect); white && pixels) {
        for (int y = 0; y < white->Height; ++y)
            std::memset(pixels + static_cast<std::ptrdiff_t>(white->Y + y) * texWidth + white->X, 0xFF, white->Width);
        atlas.TexUvWhitePixel = ImVec2((white->X + white->Width * 0.5f) * atlas.TexUvScale.x,
                                       (white->Y + 2.0f) * atlas.TexUvScale.y);
        stats_.whitePixelX = white->X;
        stats_.whitePixelY = white->Y;
    }
    for (const Pending& p : pending) {
        AtlasGlyph glyph;
        if (p.rect >= 0 && pixels) {
            const ImFontAtlasCustomRect* rect = atlas.GetCustomRectByIndex(p.rect);
            for (int y = 0; y < p.bitmap->height; ++y)
                std::memcpy(pixels + static_cast<std::ptrdiff_t>(rect->Y + y) * texWidth + rect->X,
                            p.bitmap->pixels.data() + static_cast<std::ptrdiff_t>(y) * p.bitmap->width,
                            static_cast<std::size_t>(p.bitmap->width));
            atlas.CalcCustomRectUV(rect, &glyph.uv0, &glyph.uv1);
            glyph.left = static_cast<float>(p.bitmap->left);
            glyph.top = static_cast<float>(p.bitmap->top);
            glyph.width = static_cast<float>(p.bitmap->width);
            glyph.height = static_cast<float>(p.bitmap->height);
        }
        glyphs_.emplace(p.key, glyph);
    }
    // Bitmaps no longer used (another release, another size) leave the cache.
    if (bitmaps_.size() > pending.size()) {
        for (auto it = bitmaps_.begin(); it != bitmaps_.end();) {
            if (!glyphs_.count(it->first)) it = bitmaps_.erase(it);
            else ++it;
        }
    }
    cachedKeys_.clear();
    for (const Pending& p : pending) cachedKeys_.push_back(p.key);
    cachedKeysFor_ = atlasKey;
    if (!cacheFile_.empty() && !stats_.fromCache) {
        std::vector<std::pair<std::uint64_t, const text::GlyphBitmap*>> glyphs;
        glyphs.reserve(pending.size());
        for (const Pending& p : pending) glyphs.emplace_back(p.key, p.bitmap);
        // Written on a thread of its own: fsync must not hold up a frame.
        if (cacheWriter_.joinable()) cacheWriter_.join();
        cacheWriter_ = std::thread([file = cacheFile_, bytes = encodeAtlasCache(atlasKey, glyphs)] {
            if (auto written = writeAtlasCacheFile(file, bytes); !written) log::warnOnce("atlas-cache-write", written.error());
        });
    }
    stats_.packMs = ms(phase);
    stats_.glyphs = static_cast<int>(pending.size());
    stats_.width = texWidth;
    stats_.height = texHeight;
    stats_.buildMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    return regular_->faceCount() > 0;
}

} // namespace kiosk::ui
