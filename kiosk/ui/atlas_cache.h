// The glyph atlas's bitmaps cached on disk (`<data>/glyph-atlas.cache`), so that a restart
// neither shapes the exhibition's text nor rasterizes its glyphs again: FontSet::build() reads
// the glyphs of a matching cache and only packs them.
//
// The file is valid for one `key`, a hash of everything the glyphs depend on (kiosk version,
// the texts of the exhibition and the interface, glyphs added at run time, sizes and scale, the
// font files with their sizes and modification times; FontSet::cacheKey). A file of another
// key is stale; a file that fails its checks (magic, lengths, payload hash, glyph bounds) is
// corrupt. Either way the caller builds the atlas and writes the file again (write to a
// temporary, fsync, rename: a crash never leaves half a cache under the real name).
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "kiosk/core/result.h"
#include "kiosk/text/font_stack.h"

namespace kiosk::ui {

struct CachedGlyph {
    std::uint64_t key = 0;        // text::glyphKey
    text::GlyphBitmap bitmap;     // may be empty (a space)
};

// Largest cache file read, in bytes (a full 4096x4096 atlas is 16 MiB of coverage).
constexpr std::uintmax_t kMaxAtlasCacheBytes = 64ULL * 1024 * 1024;

// The glyphs of `file` when it was written for `key`; otherwise an error that starts with
// "missing", "stale" or "corrupt".
Result<std::vector<CachedGlyph>> readAtlasCache(const std::filesystem::path& file, std::uint64_t key);

// The file's bytes for these glyphs and `key`.
std::vector<std::uint8_t> encodeAtlasCache(std::uint64_t key,
                                           const std::vector<std::pair<std::uint64_t, const text::GlyphBitmap*>>& glyphs);
// Writes encoded bytes atomically (temporary file, fsync, rename); any thread.
Status writeAtlasCacheFile(const std::filesystem::path& file, const std::vector<std::uint8_t>& bytes);
// Both at once.
Status writeAtlasCache(const std::filesystem::path& file, std::uint64_t key,
                       const std::vector<std::pair<std::uint64_t, const text::GlyphBitmap*>>& glyphs);

// A 64-bit hash of bytes, chained through `seed` (cache keys and the payload check).
std::uint64_t hashBytes(const void* data, std::size_t size, std::uint64_t seed);

} // namespace kiosk::ui
