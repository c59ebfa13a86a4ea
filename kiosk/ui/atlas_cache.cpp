#include "kiosk/ui/atlas_cache.h"

#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

#include "kiosk/text/text_limits.h"

namespace kiosk::ui {
namespace {

constexpr char kMagic[8] = {'K', 'A', 'T', 'L', 'A', 'S', '0', '1'};
constexpr std::size_t kHeaderBytes = 8 + 8 + 8 + 8;   // magic, key, payload length, payload hash
constexpr std::size_t kGlyphHeaderBytes = 8 + 2 * 4;  // key, left, top, width, height (int16/uint16)
constexpr int kMaxGlyphSidePx = 1024;

void putU64(std::vector<std::uint8_t>& out, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void putU16(std::vector<std::uint8_t>& out, std::uint16_t v) {
    out.push_back(static_cast<std::uint8_t>(v));
    out.push_back(static_cast<std::uint8_t>(v >> 8));
}
std::uint64_t getU64(const std::uint8_t* p) {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = v << 8 | p[i];
    return v;
}
std::uint16_t getU16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] | p[1] << 8); }

} // namespace

std::uint64_t hashBytes(const void* data, std::size_t size, std::uint64_t seed) {
    // Eight bytes at a time, each word multiplied in (fast enough to check a few MiB in a few ms).
    const auto* p = static_cast<const std::uint8_t*>(data);
    std::uint64_t h = seed ^ (0x9E3779B97F4A7C15ULL * (size + 1));
    std::size_t i = 0;
    for (; i + 8 <= size; i += 8) {
        std::uint64_t w;
        std::memcpy(&w, p + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
        h ^= h >> 29;
    }
    for (; i < size; ++i) h = (h ^ p[i]) * 0x100000001B3ULL;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ULL;
    return h ^ (h >> 33);
}

Result<std::vector<CachedGlyph>> readAtlasCache(const std::filesystem::path& file, std::uint64_t key) {
    std::error_code error;
    const std::uintmax_t size = std::filesystem::file_size(file, error);
    if (error) return Error{"missing (" + error.message() + ")"};
    if (size < kHeaderBytes || size > kMaxAtlasCacheBytes) return Error{"corrupt (size " + std::to_string(size) + " bytes)"};
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
    FILE* in = std::fopen(file.c_str(), "rb");
    if (!in) return Error{"missing (cannot open)"};
    const bool read = std::fread(bytes.data(), 1, bytes.size(), in) == bytes.size();
    std::fclose(in);
    if (!read) return Error{"corrupt (short read)"};
    if (std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) return Error{"corrupt (not a glyph atlas cache)"};
    if (getU64(bytes.data() + 8) != key) return Error{"stale (made for other texts, fonts, sizes or version)"};
    const std::uint64_t payloadBytes = getU64(bytes.data() + 16);
    if (payloadBytes != size - kHeaderBytes) return Error{"corrupt (length)"};
    const std::uint8_t* payload = bytes.data() + kHeaderBytes;
    if (hashBytes(payload, static_cast<std::size_t>(payloadBytes), key) != getU64(bytes.data() + 24))
        return Error{"corrupt (payload hash)"};
    std::vector<CachedGlyph> glyphs;
    std::size_t at = 0;
    const std::size_t end = static_cast<std::size_t>(payloadBytes);
    while (at < end) {
        if (end - at < kGlyphHeaderBytes) return Error{"corrupt (truncated glyph)"};
        if (glyphs.size() >= text::limits::kMaxAtlasGlyphs) return Error{"corrupt (too many glyphs)"};
        CachedGlyph glyph;
        glyph.key = getU64(payload + at);
        glyph.bitmap.left = static_cast<std::int16_t>(getU16(payload + at + 8));
        glyph.bitmap.top = static_cast<std::int16_t>(getU16(payload + at + 10));
        glyph.bitmap.width = getU16(payload + at + 12);
        glyph.bitmap.height = getU16(payload + at + 14);
        at += kGlyphHeaderBytes;
        if (glyph.bitmap.width > kMaxGlyphSidePx || glyph.bitmap.height > kMaxGlyphSidePx)
            return Error{"corrupt (glyph size)"};
        const std::size_t pixels = static_cast<std::size_t>(glyph.bitmap.width) * static_cast<std::size_t>(glyph.bitmap.height);
        if (end - at < pixels) return Error{"corrupt (truncated bitmap)"};
        glyph.bitmap.pixels.assign(payload + at, payload + at + pixels);
        at += pixels;
        glyphs.push_back(std::move(glyph));
    }
    return glyphs;
}

std::vector<std::uint8_t> encodeAtlasCache(std::uint64_t key,
                                           const std::vector<std::pair<std::uint64_t, const text::GlyphBitmap*>>& glyphs) {
    std::vector<std::uint8_t> payload;
    for (const auto& [glyphKey, bitmap] : glyphs) {
        if (bitmap->width > kMaxGlyphSidePx || bitmap->height > kMaxGlyphSidePx) continue;
        putU64(payload, glyphKey);
        putU16(payload, static_cast<std::uint16_t>(static_cast<std::int16_t>(bitmap->left)));
        putU16(payload, static_cast<std::uint16_t>(static_cast<std::int16_t>(bitmap->top)));
        putU16(payload, static_cast<std::uint16_t>(bitmap->width));
        putU16(payload, static_cast<std::uint16_t>(bitmap->height));
        payload.insert(payload.end(), bitmap->pixels.begin(), bitmap->pixels.end());
    }
    std::vector<std::uint8_t> header(kMagic, kMagic + sizeof kMagic);
    putU64(header, key);
    putU64(header, payload.size());
    putU64(header, hashBytes(payload.data(), payload.size(), key));
    header.insert(header.end(), payload.begin(), payload.end());
    return header;
}

Status writeAtlasCache(const std::filesystem::path& file, std::uint64_t key,
                       const std::vector<std::pair<std::uint64_t, const text::GlyphBitmap*>>& glyphs) {
    return writeAtlasCacheFile(file, encodeAtlasCache(key, glyphs));
}

Status writeAtlasCacheFile(const std::filesystem::path& file, const std::vector<std::uint8_t>& bytes) {
    std::error_code error;
    std::filesystem::create_directories(file.parent_path(), error);
    const std::filesystem::path temporary = file.string() + ".tmp." + std::to_string(::getpid());   // one per writer
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return Error{temporary.string() + ": cannot write the glyph atlas cache"};
    bool ok = true;
    std::size_t written = 0;
    while (ok && written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n <= 0) ok = false;
        else written += static_cast<std::size_t>(n);
    }
    ok = ok && ::fsync(fd) == 0;
    ok = (::close(fd) == 0) && ok;
    if (ok) {
        std::filesystem::rename(temporary, file, error);
        ok = !error;
    }
    if (!ok) {
        std::filesystem::remove(temporary, error);
        return Error{file.string() + ": cannot write the glyph atlas cache"};
    }
    return {};
}

} // namespace kiosk::ui
