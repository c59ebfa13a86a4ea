// Limits of the text engine, with their units in their names.
#pragma once
#include <cstddef>

namespace kiosk::text::limits {

// Longer text is cut (and logged once): a paragraph this long is already unreadable on a kiosk.
inline constexpr std::size_t kMaxLayoutCodepoints = 200'000;
// Lines kept from one paragraph; the rest is dropped (nothing can show more on a screen).
inline constexpr std::size_t kMaxLinesPerParagraph = 4'000;
// Cached layouts kept by the UI before the cache is emptied and refilled.
inline constexpr std::size_t kMaxCachedLayouts = 4'096;
inline constexpr std::size_t kMaxCachedLayoutTextBytes = 8u * 1024 * 1024;
// Distinct rasterized glyphs the atlas holds; beyond that glyphs draw as boxes (logged once).
inline constexpr std::size_t kMaxAtlasGlyphs = 20'000;
// Largest glyph bitmap side rasterized into the atlas.
inline constexpr int kMaxGlyphSidePx = 512;

} // namespace kiosk::text::limits
