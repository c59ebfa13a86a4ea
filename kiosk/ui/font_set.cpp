#include "kiosk/ui/font_set.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <string_view>

#include "kiosk/core/log.h"
#include "kiosk/core/utf8.h"
#include "kiosk/text/text_layout.h"
#include "kiosk/text/script_faces_cache.h"
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
        s += U" \u2026\u00B7\u2022\uFFFD\u00B0\u00D7\u2013\u2014\u00A0\u20AC\u00A5\u00A3";
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
    dropRebuild();
    waitForPreparation();
    if (cacheWriter_.joinable()) cacheWriter_.join();
}

PackedAtlas packGlyphs(const std::vector<std::pair<std::uint64_t, const text::GlyphBitmap*>>& glyphs) {
    PackedAtlas atlas;
    // Tallest first on shelves, then by key: the same glyphs always give the same texture.
    std::vector<std::size_t> order(glyphs.size());
    std::size_t area = 0;
    int widest = 0;
    for (std::size_t i = 0; i < glyphs.size(); ++i) {
        order[i] = i;
        const text::GlyphBitmap& b = *glyphs[i].second;
        area += static_cast<std::size_t>(b.width + 1) * static_cast<std::size_t>(b.height + 1);
        widest = std::max(widest, b.width + 1);
    }
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const int ha = glyphs[a].second->height, hb = glyphs[b].second->height;
        return ha != hb ? ha > hb : glyphs[a].first < glyphs[b].first;
    });
    int width = 256;
    while (width < kMaxAtlasWidthPx && (static_cast<std::size_t>(width) * static_cast<std::size_t>(width) < area || width < widest)) width *= 2;
    atlas.width = width;
    atlas.glyphs.reserve(glyphs.size());
    struct Place { std::size_t index; int x, y; };
    std::vector<Place> places;
    places.reserve(glyphs.size());
    int x = 0, y = 0, shelf = 0;
    bool full = false;
    for (std::size_t i : order) {
        const text::GlyphBitmap& b = *glyphs[i].second;
        PackedGlyph g;
        g.key = glyphs[i].first;
        g.left = static_cast<std::int16_t>(b.left);
        g.top = static_cast<std::int16_t>(b.top);
        if (b.width > 0 && b.height > 0) {
            if (x + b.width > width) {   // next shelf
                y += shelf + 1;
                x = 0;
                shelf = 0;
            }
            if (b.width > width || y + b.height > kMaxAtlasSidePx) {
                full = true;
                continue;
            }
            g.x = static_cast<std::uint16_t>(x);
            g.y = static_cast<std::uint16_t>(y);
            g.width = static_cast<std::uint16_t>(b.width);
            g.height = static_cast<std::uint16_t>(b.height);
            places.push_back({i, x, y});
            x += b.width + 1;
            shelf = std::max(shelf, b.height);
        }
        atlas.glyphs.push_back(g);
    }
    if (full) log::warnOnce("atlas-texture-full", "the glyph texture is full; some glyphs are not drawn");
    atlas.height = std::max(8, (y + shelf + 7) / 8 * 8);
    atlas.pixels.assign(static_cast<std::size_t>(atlas.width) * static_cast<std::size_t>(atlas.height), 0);
    for (const Place& p : places) {
        const text::GlyphBitmap& b = *glyphs[p.index].second;
        for (int row = 0; row < b.height; ++row)
            std::memcpy(atlas.pixels.writable() + static_cast<std::ptrdiff_t>(p.y + row) * atlas.width + p.x,
                        b.pixels.data() + static_cast<std::ptrdiff_t>(row) * b.width, static_cast<std::size_t>(b.width));
    }
    std::sort(atlas.glyphs.begin(), atlas.glyphs.end(), [](const PackedGlyph& a, const PackedGlyph& b) { return a.key < b.key; });
    return atlas;
}

void FontSet::loadFaces() {
    if (regular_ && bold_) return;
    // Which files draw which script: remembered beside the atlas cache (text/script_faces_cache.h),
    // so that a restart does not start fontconfig.
    const std::filesystem::path facesFile = cacheFile_.empty() ? std::filesystem::path() : cacheFile_.parent_path() / "font-faces.cache";
    text::ScriptFaces found = text::findScriptFacesCached(facesFile);
    stats_.facesFromCache = found.fromCache;
    regular_ = std::make_unique<text::FontStack>(found.regular);
    bold_ = std::make_unique<text::FontStack>(found.bold);
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
    ++stats_.fallbackGlyphs;
    if (inRebuild_.count(key)) return nullptr;   // on its way
    if (glyphs_.size() + requested_.size() + inRebuild_.size() < text::limits::kMaxAtlasGlyphs) requested_.insert(key);
    else log::warnOnce("atlas-full", "the glyph atlas is full; further glyphs are drawn as boxes");
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
    std::vector<int> facesUsed;
    const auto add = [&](int face, std::uint32_t glyph) {
        if (!seen.insert((static_cast<std::uint64_t>(face) << 32) | glyph).second) return;
        if (std::find(facesUsed.begin(), facesUsed.end(), face) == facesUsed.end()) facesUsed.push_back(face);
        for (FontRole r : sameWeightRoles) keys.insert(glyphKey(r, face, glyph));
    };
    text::forEachShapedGlyph(stack, unique, add);
    // Spaces, digits and punctuation between words take the face of the word before them (a
    // space after Chinese is the CJK face's space): each face the text uses gets them all.
    text::forEachNeutralGlyph(stack, baseCharacters(), facesUsed, add);
}

std::uint64_t FontSet::cacheKey(const GlyphNeeds& needs, float scale) const {
    constexpr std::uint64_t kFormat = 2;   // bump when the glyph keys, the planning or the rasterizing change
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

namespace {

double msSince(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since).count();
}

// The bitmap of a glyph key, rasterized from the faces (thread-safe: FontStack::rasterize).
text::GlyphBitmap rasterizeKey(const text::FontStack& regular, const text::FontStack& bold, int boldFaceOffset, std::uint64_t key) {
    const int keyFace = text::glyphKeyFace(key);
    const bool isBold = keyFace >= boldFaceOffset;
    const int face = isBold ? keyFace - boldFaceOffset : keyFace;
    const text::FontStack& stack = isBold ? bold : regular;
    if (face < 0 || face >= stack.faceCount()) return {};
    return stack.rasterize(face, text::glyphKeyGlyph(key), text::glyphKeySizePx(key));
}

// A packed glyph's bitmap, copied out of its texture.
text::GlyphBitmap bitmapOf(const PackedAtlas& atlas, const PackedGlyph& g) {
    text::GlyphBitmap b;
    b.width = g.width;
    b.height = g.height;
    b.left = g.left;
    b.top = g.top;
    b.pixels.resize(static_cast<std::size_t>(g.width) * g.height);
    for (int row = 0; row < g.height; ++row)
        std::memcpy(b.pixels.data() + static_cast<std::ptrdiff_t>(row) * g.width,
                    atlas.pixels.data() + static_cast<std::ptrdiff_t>(g.y + row) * atlas.width + g.x, g.width);
    return b;
}

// The atlas of `keys` (sorted: the same keys always give the same texture): a glyph that
// `reuse` (the atlas in use; null: none) holds is copied out of it, any other rasterized.
struct Packing {
    std::shared_ptr<PackedAtlas> atlas;
    int rasterized = 0;
    double rasterMs = 0;   // the bitmaps (copied or rasterized), before packing
};
Packing packKeys(const std::vector<std::uint64_t>& keys, const PackedAtlas* reuse, const text::FontStack& regular,
                 const text::FontStack& bold, int boldFaceOffset) {
    const auto started = std::chrono::steady_clock::now();
    std::unordered_map<std::uint64_t, const PackedGlyph*> reusable;
    if (reuse)
        for (const PackedGlyph& g : reuse->glyphs) reusable.emplace(g.key, &g);
    Packing packing;
    std::vector<text::GlyphBitmap> bitmaps(keys.size());
    std::vector<std::pair<std::uint64_t, const text::GlyphBitmap*>> all;
    all.reserve(keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (const auto old = reusable.find(keys[i]); old != reusable.end()) {
            bitmaps[i] = bitmapOf(*reuse, *old->second);
        } else {
            bitmaps[i] = rasterizeKey(regular, bold, boldFaceOffset, keys[i]);
            ++packing.rasterized;
        }
        all.emplace_back(keys[i], &bitmaps[i]);
    }
    packing.rasterMs = msSince(started);
    packing.atlas = std::make_shared<PackedAtlas>(packGlyphs(all));
    return packing;
}

} // namespace

void FontSet::install(std::shared_ptr<PackedAtlas> packed) {
    glyphs_.clear();
    glyphs_.reserve(packed->glyphs.size());
    const float u = 1.0f / static_cast<float>(packed->width), v = 1.0f / static_cast<float>(packed->height);
    for (const PackedGlyph& g : packed->glyphs) {
        AtlasGlyph glyph;
        glyph.x = g.x;
        glyph.y = g.y;
        glyph.left = g.left;
        glyph.top = g.top;
        glyph.width = g.width;
        glyph.height = g.height;
        glyph.uv0 = ImVec2(static_cast<float>(g.x) * u, static_cast<float>(g.y) * v);
        glyph.uv1 = ImVec2(static_cast<float>(g.x + g.width) * u, static_cast<float>(g.y + g.height) * v);
        glyphs_.emplace(g.key, glyph);
    }
    stats_.glyphs = static_cast<int>(packed->glyphs.size());
    stats_.width = packed->width;
    stats_.height = packed->height;
    packed_ = std::move(packed);
    pixelsPending_ = true;
}

void FontSet::dropRebuild() {
    if (!rebuild_) return;
    if (rebuild_->thread.joinable()) rebuild_->thread.join();
    rebuild_.reset();
    // Its glyphs stay wanted: the next build plans them (extraKeys_).
    inRebuild_.clear();
}

bool FontSet::startGlyphRebuild() {
    if (rebuild_ || requested_.empty() || !packed_ || !regular_ || !bold_) return false;
    std::vector<std::uint64_t> added(requested_.begin(), requested_.end());
    std::sort(added.begin(), added.end());
    extraKeys_.insert(added.begin(), added.end());
    inRebuild_.insert(added.begin(), added.end());
    requested_.clear();
    rebuild_ = std::make_unique<Rebuild>();
    ++stats_.backgroundRebuilds;
    std::string which;
    for (std::size_t i = 0; i < added.size() && i < 4; ++i)
        which += (i ? ", " : "") + std::string("face ") + std::to_string(text::glyphKeyFace(added[i])) + " glyph " +
                 std::to_string(text::glyphKeyGlyph(added[i])) + " at " + std::to_string(static_cast<int>(text::glyphKeySizePx(added[i]))) + " px";
    log::info("glyph atlas: " + std::to_string(added.size()) + " glyphs not planned turned up (" + which +
              (added.size() > 4 ? ", ..." : "") + "); drawn as boxes until a background rebuild adds them");
    // The thread reads the atlas in use (immutable, shared), rasterizes only the new glyphs
    // and packs everything again; the cache file is written there too, after the writer of
    // the last build (moved in, so that two writers never overlap).
    rebuild_->thread = std::thread([job = rebuild_.get(), old = packed_, added = std::move(added), regular = regular_.get(),
                                    bold = bold_.get(), file = cacheFile_, key = packedFor_, writer = std::move(cacheWriter_)]() mutable {
        const auto started = std::chrono::steady_clock::now();
        std::vector<std::uint64_t> keys = std::move(added);
        for (const PackedGlyph& g : old->glyphs) keys.push_back(g.key);
        std::sort(keys.begin(), keys.end());
        Packing packing = packKeys(keys, old.get(), *regular, *bold, kBoldFaceOffset);
        job->result = std::move(packing.atlas);
        job->rasterized = packing.rasterized;
        job->ms = msSince(started);
        if (writer.joinable()) writer.join();
        if (!file.empty())
            if (auto written = writeAtlasCache(file, key, *job->result); !written) log::warnOnce("atlas-cache-write", written.error());
        job->done.store(true);
    });
    return true;
}

void FontSet::waitForGlyphRebuild() {
    if (rebuild_ && rebuild_->thread.joinable()) rebuild_->thread.join();
}

bool FontSet::swapInRebuiltGlyphs() {
    if (!glyphRebuildFinished()) return false;
    if (rebuild_->thread.joinable()) rebuild_->thread.join();
    std::shared_ptr<PackedAtlas> result = std::move(rebuild_->result);
    stats_.lastRebuildMs = rebuild_->ms;
    stats_.rasterized = rebuild_->rasterized;
    rebuild_.reset();
    inRebuild_.clear();
    install(std::move(result));
    ++stats_.swaps;
    return true;
}

std::vector<std::uint64_t> FontSet::plannedKeys(const GlyphNeeds& needs, const std::unordered_set<std::uint64_t>& extra) const {
    std::unordered_set<std::uint64_t> keys;
    collectKeys(FontRole::Title, needs.titleText + baseCharacters(), {FontRole::Display, FontRole::Title, FontRole::Heading}, keys);
    collectKeys(FontRole::Label, needs.allText + baseCharacters(), {FontRole::Label}, keys);
    collectKeys(FontRole::Body, needs.allText + baseCharacters(), {FontRole::Body, FontRole::Caption}, keys);
    keys.insert(extra.begin(), extra.end());
    if (keys.size() > text::limits::kMaxAtlasGlyphs) {
        log::warnOnce("atlas-too-many-glyphs", "the exhibition uses " + std::to_string(keys.size()) + " glyphs; only " +
                                                   std::to_string(text::limits::kMaxAtlasGlyphs) + " fit the atlas");
    }
    std::vector<std::uint64_t> sorted(keys.begin(), keys.end());
    std::sort(sorted.begin(), sorted.end());   // the same atlas for the same content
    if (sorted.size() > text::limits::kMaxAtlasGlyphs) sorted.resize(text::limits::kMaxAtlasGlyphs);
    return sorted;
}

bool FontSet::prepare(std::function<GlyphNeeds()> needsOf, float scale) {
    if (!regular_ || !bold_ || scale != scale_ || prepared_) return false;
    prepared_ = std::make_unique<Preparation>();
    // Glyphs asked for at run time so far go in too (build() adds them to any atlas).
    prepared_->extra = extraKeys_;
    prepared_->extra.insert(requested_.begin(), requested_.end());
    prepared_->extra.insert(inRebuild_.begin(), inRebuild_.end());
    // The thread reads the faces (shaping and rasterizing are thread-safe) and the sizes of this
    // scale, which build() changes only after it has joined the thread.
    prepared_->thread = std::thread([this, job = prepared_.get(), needsOf = std::move(needsOf), scale] {
        const auto started = std::chrono::steady_clock::now();
        const GlyphNeeds needs = needsOf();
        job->key = cacheKey(needs, scale);
        job->result = packKeys(plannedKeys(needs, job->extra), nullptr, *regular_, *bold_, kBoldFaceOffset).atlas;
        job->ms = msSince(started);
        job->done.store(true);
    });
    ++stats_.preparations;
    return true;
}

void FontSet::waitForPreparation() {
    if (prepared_ && prepared_->thread.joinable()) prepared_->thread.join();
}

void FontSet::dropPreparation() {
    waitForPreparation();
    prepared_.reset();
}

std::shared_ptr<PackedAtlas> FontSet::takePreparation(std::uint64_t key) {
    if (!prepared_) return nullptr;
    waitForPreparation();
    // Made for these texts, and with every glyph asked for at run time since.
    bool usable = prepared_->key == key;
    using KeySet = std::unordered_set<std::uint64_t>;
    for (const KeySet* keys : std::initializer_list<const KeySet*>{&extraKeys_, &requested_, &inRebuild_})
        for (std::uint64_t k : *keys) usable = usable && prepared_->extra.count(k) > 0;
    std::shared_ptr<PackedAtlas> result = usable ? std::move(prepared_->result) : nullptr;
    if (result) stats_.lastPreparationMs = prepared_->ms;
    prepared_.reset();
    return result;
}

bool FontSet::build(ImFontAtlas& atlas, const GlyphNeeds& needs, float scale) {
    const auto started = std::chrono::steady_clock::now();
    dropRebuild();
    if (cacheWriter_.joinable()) cacheWriter_.join();
    ++stats_.uiThreadBuilds;
    loadFaces();
    stats_.facesMs = msSince(started);
    const std::uint64_t atlasKey = cacheKey(needs, scale);
    // Packed on the preparation thread for exactly these inputs (new content, prepare()): taken
    // as it is. Any other preparation is finished and dropped before anything changes here.
    std::shared_ptr<PackedAtlas> prepared = takePreparation(atlasKey);
    if (scale != scale_) extraKeys_.clear();   // glyphs asked for at another size
    scale_ = scale;
    for (int r = 0; r < static_cast<int>(FontRole::Count); ++r) sizes_[r] = fontBaseSize(static_cast<FontRole>(r)) * scale;

    // ImGui's own atlas: its default font (ImGui needs one; content text never uses it) and a
    // white block at the origin for solid shapes. SDL 2.26's software rasteriser multiplies a
    // triangle's area by its texel coordinates in 32-bit integers: a white pixel far from the
    // origin overflows that for large shapes (a crash). The block is taller than every glyph of
    // that font, so the packer puts it first, at the top-left corner.
    atlas.Clear();
    ImFontConfig config;
    config.SizePixels = 13.0f * std::max(1.0f, scale);
    ImFont* imguiFont = atlas.AddFontDefault(&config);
    fonts_.fill(imguiFont);
    const int whiteRect = atlas.AddCustomRectRegular(kWhiteBlockWidthPx, static_cast<int>(config.SizePixels * 2) + 2);
    atlas.Flags |= ImFontAtlasFlags_NoBakedLines;   // lines use the white block too
    atlas.Build();
    unsigned char* imguiPixels = nullptr;
    int imguiWidth = 0, imguiHeight = 0;
    atlas.GetTexDataAsAlpha8(&imguiPixels, &imguiWidth, &imguiHeight);
    if (const ImFontAtlasCustomRect* white = atlas.GetCustomRectByIndex(whiteRect); white && imguiPixels) {
        for (int y = 0; y < white->Height; ++y)
            std::memset(imguiPixels + static_cast<std::ptrdiff_t>(white->Y + y) * imguiWidth + white->X, 0xFF, white->Width);
        atlas.TexUvWhitePixel = ImVec2((white->X + white->Width * 0.5f) * atlas.TexUvScale.x,
                                       (white->Y + 2.0f) * atlas.TexUvScale.y);
        stats_.whitePixelX = white->X;
        stats_.whitePixelY = white->Y;
    }

    const std::size_t newlyRequested = requested_.size();
    extraKeys_.insert(requested_.begin(), requested_.end());
    requested_.clear();
    stats_.fromCache = false;
    stats_.fromPreparation = false;
    stats_.cacheNote.clear();
    stats_.rasterized = 0;
    const auto keep = [&](std::shared_ptr<PackedAtlas> packed) {
        install(packed);
        packedFor_ = atlasKey;
        if (!cacheFile_.empty()) {
            // Written on a thread of its own: fsync must not hold up a frame.
            cacheWriter_ = std::thread([file = cacheFile_, atlasKey, packed = std::shared_ptr<const PackedAtlas>(packed)] {
                if (auto written = writeAtlasCache(file, atlasKey, *packed); !written) log::warnOnce("atlas-cache-write", written.error());
            });
        }
    };
    if (prepared) {
        stats_.fromPreparation = true;
        stats_.shapeMs = msSince(started);
        stats_.rasterMs = 0;
        const auto phase = std::chrono::steady_clock::now();
        keep(std::move(prepared));
        stats_.packMs = msSince(phase);
        stats_.buildMs = msSince(started);
        return regular_->faceCount() > 0;
    }
    // The glyphs from the disk cache when it was made for exactly these inputs.
    // The file holds the glyphs of the last build for these inputs, glyphs added at run time
    // included; a build with newly requested glyphs builds (and writes the file) again.
    if (!cacheFile_.empty() && newlyRequested == 0) {
        auto cached = readAtlasCache(cacheFile_, atlasKey);
        if (cached) {
            stats_.fromCache = true;
            stats_.shapeMs = msSince(started);
            stats_.rasterMs = 0;
            const auto phase = std::chrono::steady_clock::now();
            install(std::make_shared<PackedAtlas>(std::move(*cached)));
            packedFor_ = atlasKey;
            stats_.packMs = msSince(phase);
            stats_.buildMs = msSince(started);
            return regular_->faceCount() > 0;
        }
        stats_.cacheNote = cached.error();
        if (cached.error().rfind("missing", 0) != 0)
            log::info("glyph atlas cache " + cacheFile_.string() + ": " + cached.error() + "; building the atlas again");
    }
    std::vector<std::uint64_t> sorted;
    // The same texts, sizes and fonts as the atlas in use: its glyphs plus the new ones, without
    // shaping or rasterizing them again.
    const bool reuse = packed_ && packedFor_ == atlasKey;
    if (reuse) {
        std::unordered_set<std::uint64_t> keys(extraKeys_.begin(), extraKeys_.end());
        for (const PackedGlyph& g : packed_->glyphs) keys.insert(g.key);
        sorted.assign(keys.begin(), keys.end());
        std::sort(sorted.begin(), sorted.end());
        if (sorted.size() > text::limits::kMaxAtlasGlyphs) sorted.resize(text::limits::kMaxAtlasGlyphs);
    } else {
        sorted = plannedKeys(needs, extraKeys_);
    }
    stats_.shapeMs = msSince(started);

    const auto phase = std::chrono::steady_clock::now();
    Packing packing = packKeys(sorted, reuse ? packed_.get() : nullptr, *regular_, *bold_, kBoldFaceOffset);
    stats_.rasterized = packing.rasterized;
    stats_.rasterMs = packing.rasterMs;
    keep(std::move(packing.atlas));
    stats_.packMs = msSince(phase) - stats_.rasterMs;
    stats_.buildMs = msSince(started);
    return regular_->faceCount() > 0;
}

} // namespace kiosk::ui
