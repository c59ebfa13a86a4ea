#include "kiosk/ui/atlas_cache.h"

#include <cstdio>
#include <cstring>
#include <cerrno>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kiosk/text/text_limits.h"

namespace kiosk::ui {
namespace {

constexpr char kMagic[8] = {'K', 'A', 'T', 'L', 'A', 'S', '0', '2'};
constexpr std::size_t kHeaderBytes = 8 + 8 + 8 + 8;   // magic, key, payload length, payload hash
constexpr std::size_t kTableHeaderBytes = 3 * 4;      // width, height, glyph count
constexpr std::size_t kGlyphEntryBytes = 8 + 6 * 2;   // key, x, y, width, height, left, top

void putU64(std::vector<std::uint8_t>& out, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void putU32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
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
std::uint32_t getU32(const std::uint8_t* p) {
    return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 | static_cast<std::uint32_t>(p[2]) << 16 |
           static_cast<std::uint32_t>(p[3]) << 24;
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

void CoveragePixels::assign(std::size_t size, std::uint8_t value) {
    keeper_.reset();
    view_ = nullptr;
    viewSize_ = 0;
    owned_.assign(size, value);
}

CoveragePixels CoveragePixels::view(std::shared_ptr<const void> keeper, const std::uint8_t* data, std::size_t size) {
    CoveragePixels pixels;
    pixels.keeper_ = std::move(keeper);
    pixels.view_ = data;
    pixels.viewSize_ = size;
    return pixels;
}

Result<PackedAtlas> readAtlasCache(const std::filesystem::path& file, std::uint64_t key) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Error{std::string("missing (") + std::strerror(errno) + ")"};
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        ::close(fd);
        return Error{"missing (cannot read its size)"};
    }
    const std::uintmax_t size = static_cast<std::uintmax_t>(st.st_size);
    if (size < kHeaderBytes + kTableHeaderBytes || size > kMaxAtlasCacheBytes) {
        ::close(fd);
        return Error{"corrupt (size " + std::to_string(size) + " bytes)"};
    }
    // Mapped and read ahead in one call: no copy into the heap, and the pages stay the page
    // cache's (a later run, or the kernel under memory pressure, shares or drops them).
    void* address = ::mmap(nullptr, static_cast<std::size_t>(size), PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    ::close(fd);
    if (address == MAP_FAILED) return Error{"missing (cannot map it)"};
    const auto mapping = std::shared_ptr<const void>(address, [size](const void* p) { ::munmap(const_cast<void*>(p), size); });
    const auto* bytes = static_cast<const std::uint8_t*>(address);
    const std::uint8_t* header = bytes;
    if (std::memcmp(header, kMagic, sizeof kMagic) != 0) return Error{"corrupt (not a glyph atlas cache of this format)"};
    if (getU64(header + 8) != key) return Error{"stale (made for other texts, fonts, sizes or version)"};
    const std::uint64_t payloadBytes = getU64(header + 16);
    if (payloadBytes != size - kHeaderBytes) return Error{"corrupt (length)"};
    PackedAtlas atlas;
    const std::uint32_t width = getU32(header + kHeaderBytes), height = getU32(header + kHeaderBytes + 4);
    const std::uint32_t count = getU32(header + kHeaderBytes + 8);
    if (width == 0 || height == 0 || width > kMaxAtlasSidePx || height > kMaxAtlasSidePx) return Error{"corrupt (texture size)"};
    if (count > text::limits::kMaxAtlasGlyphs) return Error{"corrupt (too many glyphs)"};
    const std::uint64_t tableBytes = static_cast<std::uint64_t>(count) * kGlyphEntryBytes;
    const std::uint64_t pixelBytes = static_cast<std::uint64_t>(width) * height;
    if (kTableHeaderBytes + tableBytes + pixelBytes != payloadBytes) return Error{"corrupt (length of the table or texture)"};
    const std::uint8_t* table = bytes + kHeaderBytes + kTableHeaderBytes;
    const std::uint8_t* pixels = table + tableBytes;
    atlas.pixels = CoveragePixels::view(mapping, pixels, static_cast<std::size_t>(pixelBytes));
    std::uint64_t hash = hashBytes(header + kHeaderBytes, kTableHeaderBytes, key);
    hash = hashBytes(table, static_cast<std::size_t>(tableBytes), hash);
    hash = hashBytes(atlas.pixels.data(), atlas.pixels.size(), hash);
    if (hash != getU64(header + 24)) return Error{"corrupt (payload hash)"};
    atlas.width = static_cast<int>(width);
    atlas.height = static_cast<int>(height);
    atlas.glyphs.resize(count);
    for (std::uint32_t i = 0; i < count; ++i) {
        const std::uint8_t* p = table + static_cast<std::size_t>(i) * kGlyphEntryBytes;
        PackedGlyph& g = atlas.glyphs[i];
        g.key = getU64(p);
        g.x = getU16(p + 8);
        g.y = getU16(p + 10);
        g.width = getU16(p + 12);
        g.height = getU16(p + 14);
        g.left = static_cast<std::int16_t>(getU16(p + 16));
        g.top = static_cast<std::int16_t>(getU16(p + 18));
        if (g.x + g.width > atlas.width || g.y + g.height > atlas.height) return Error{"corrupt (glyph outside the texture)"};
        if (i > 0 && atlas.glyphs[i - 1].key >= g.key) return Error{"corrupt (glyph table order)"};
    }
    return atlas;
}

std::vector<std::uint8_t> encodeAtlasCache(std::uint64_t key, const PackedAtlas& atlas) {
    std::vector<std::uint8_t> table;
    putU32(table, static_cast<std::uint32_t>(atlas.width));
    putU32(table, static_cast<std::uint32_t>(atlas.height));
    putU32(table, static_cast<std::uint32_t>(atlas.glyphs.size()));
    for (const PackedGlyph& g : atlas.glyphs) {
        putU64(table, g.key);
        putU16(table, g.x);
        putU16(table, g.y);
        putU16(table, g.width);
        putU16(table, g.height);
        putU16(table, static_cast<std::uint16_t>(g.left));
        putU16(table, static_cast<std::uint16_t>(g.top));
    }
    std::uint64_t hash = hashBytes(table.data(), kTableHeaderBytes, key);
    hash = hashBytes(table.data() + kTableHeaderBytes, table.size() - kTableHeaderBytes, hash);
    hash = hashBytes(atlas.pixels.data(), atlas.pixels.size(), hash);
    std::vector<std::uint8_t> bytes(kMagic, kMagic + sizeof kMagic);
    bytes.reserve(kHeaderBytes + table.size() + atlas.pixels.size());
    putU64(bytes, key);
    putU64(bytes, table.size() + atlas.pixels.size());
    putU64(bytes, hash);
    bytes.insert(bytes.end(), table.begin(), table.end());
    bytes.insert(bytes.end(), atlas.pixels.data(), atlas.pixels.data() + atlas.pixels.size());
    return bytes;
}

Status writeAtlasCache(const std::filesystem::path& file, std::uint64_t key, const PackedAtlas& atlas) {
    return writeAtlasCacheFile(file, encodeAtlasCache(key, atlas));
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
