// The packed glyph atlas cached on disk (`<data>/glyph-atlas.cache`), so that a restart neither
// shapes the exhibition's text, nor rasterizes its glyphs, nor packs them again: FontSet::build()
// reads the texture and the glyph table of a matching cache and uses them as they are.
//
// The file is valid for one `key`, a hash of everything the glyphs depend on (kiosk version,
// the texts of the exhibition and the interface, sizes and scale, the font files with their
// sizes and modification times; FontSet::cacheKey). Glyphs added at run time are kept in the
// file with the others. A file of another key is stale; a file that fails its checks (magic,
// lengths, payload hash, texture size, glyph rectangles inside the texture) is corrupt. Either
// way the caller builds the atlas and writes the file again (write to a temporary, fsync,
// rename: a crash never leaves half a cache under the real name).
//
// Layout (little endian): magic "KATLAS02", key u64, payload length u64, payload hash u64;
// payload: texture width u32, height u32, glyph count u32, then per glyph key u64, x u16, y u16,
// width u16, height u16, left i16, top i16; then width x height coverage bytes.
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "kiosk/core/result.h"

namespace kiosk::ui {

// One glyph's place in the packed texture (pixels) and its offset from the pen position.
struct PackedGlyph {
    std::uint64_t key = 0;                   // text::glyphKey
    std::uint16_t x = 0, y = 0;              // top-left corner in the texture
    std::uint16_t width = 0, height = 0;     // 0: nothing to draw (a space)
    std::int16_t left = 0, top = 0;          // right of the pen, above the baseline
};

// Coverage bytes: either owned (a freshly packed atlas) or a read-only view into the cache file
// mapped in memory (an atlas read from the cache: its pages are the page cache's, not copied).
class CoveragePixels {
public:
    CoveragePixels() = default;
    void assign(std::size_t size, std::uint8_t value);   // owned, `size` bytes of `value`
    std::uint8_t* writable() { return owned_.data(); }   // owned pixels only (nullptr when mapped)
    const std::uint8_t* data() const { return view_ ? view_ : owned_.data(); }
    std::size_t size() const { return view_ ? viewSize_ : owned_.size(); }
    // A view of `size` bytes at `data`, kept valid by `keeper` (the mapping).
    static CoveragePixels view(std::shared_ptr<const void> keeper, const std::uint8_t* data, std::size_t size);

private:
    std::vector<std::uint8_t> owned_;
    std::shared_ptr<const void> keeper_;
    const std::uint8_t* view_ = nullptr;
    std::size_t viewSize_ = 0;
};

// The glyph texture: one byte of coverage a pixel, and where each glyph is in it.
struct PackedAtlas {
    int width = 0, height = 0;
    std::vector<PackedGlyph> glyphs;         // sorted by key
    CoveragePixels pixels;                   // width * height
};

// Largest cache file read, in bytes (a full 4096x4096 atlas is 16 MiB of coverage).
constexpr std::uintmax_t kMaxAtlasCacheBytes = 64ULL * 1024 * 1024;
// Largest side of the glyph texture, in pixels.
constexpr int kMaxAtlasSidePx = 8192;

// The atlas of `file` when it was written for `key`; otherwise an error that starts with
// "missing", "stale" or "corrupt". The file is mapped, not read: the pixels are a view into it.
Result<PackedAtlas> readAtlasCache(const std::filesystem::path& file, std::uint64_t key);

// The file's bytes for this atlas and `key`.
std::vector<std::uint8_t> encodeAtlasCache(std::uint64_t key, const PackedAtlas& atlas);
// Writes encoded bytes atomically (temporary file, fsync, rename); any thread.
Status writeAtlasCacheFile(const std::filesystem::path& file, const std::vector<std::uint8_t>& bytes);
// Both at once.
Status writeAtlasCache(const std::filesystem::path& file, std::uint64_t key, const PackedAtlas& atlas);

// A 64-bit hash of bytes, chained through `seed` (cache keys and the payload check).
std::uint64_t hashBytes(const void* data, std::size_t size, std::uint64_t seed);

} // namespace kiosk::ui
