#include "platform/pixel_buffer.h"

#include <algorithm>
#include <cstdint>
#include <new>
#include <sys/mman.h>
#include <utility>

namespace kiosk::platform {
namespace {

constexpr std::size_t kHugePage = 2 * 1024 * 1024;

} // namespace

PixelBuffer::PixelBuffer(std::size_t pixels) {
    if (pixels == 0 || pixels > SIZE_MAX / 4 - kHugePage) return;
    const std::size_t bytes = pixels * 4;
    if (bytes >= kHugePage) {
        // Over-map by one huge page, keep the part that starts on a 2 MiB boundary.
        const std::size_t span = bytes + kHugePage;
        void* raw = ::mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (raw == MAP_FAILED) return;
        const auto start = reinterpret_cast<std::uintptr_t>(raw);
        const std::uintptr_t aligned = (start + kHugePage - 1) & ~(static_cast<std::uintptr_t>(kHugePage) - 1);
        const std::size_t mapped = (bytes + 4095) & ~static_cast<std::size_t>(4095);
        if (aligned > start) ::munmap(raw, aligned - start);
        const std::uintptr_t end = start + span;
        if (end > aligned + mapped) ::munmap(reinterpret_cast<void*>(aligned + mapped), end - (aligned + mapped));
        mapping_ = reinterpret_cast<void*>(aligned);
        mappingBytes_ = mapped;
        (void)::madvise(mapping_, mappingBytes_, MADV_HUGEPAGE);   // a hint: fine if refused
        pixels_ = static_cast<std::uint32_t*>(mapping_);
    } else {
        pixels_ = new (std::nothrow) std::uint32_t[pixels];   // not value-initialised: no clearing
        if (!pixels_) return;
    }
    count_ = pixels;
}

void PixelBuffer::release() {
    if (mapping_) ::munmap(mapping_, mappingBytes_);
    else delete[] pixels_;
    pixels_ = nullptr;
    count_ = 0;
    mapping_ = nullptr;
    mappingBytes_ = 0;
}

PixelBuffer::~PixelBuffer() { release(); }

PixelBuffer::PixelBuffer(PixelBuffer&& other) noexcept
    : pixels_(std::exchange(other.pixels_, nullptr)), count_(std::exchange(other.count_, 0)),
      mapping_(std::exchange(other.mapping_, nullptr)), mappingBytes_(std::exchange(other.mappingBytes_, 0)) {}

PixelBuffer& PixelBuffer::operator=(PixelBuffer&& other) noexcept {
    if (this != &other) {
        release();
        pixels_ = std::exchange(other.pixels_, nullptr);
        count_ = std::exchange(other.count_, 0);
        mapping_ = std::exchange(other.mapping_, nullptr);
        mappingBytes_ = std::exchange(other.mappingBytes_, 0);
    }
    return *this;
}

void filledBuffer(PixelBuffer& buffer, std::size_t pixels, std::uint32_t value) {
    if (buffer.size() != pixels) buffer = PixelBuffer(pixels);
    std::fill_n(buffer.data(), buffer.size(), value);
}

void populateForWriting(void* data, std::size_t bytes) {
#ifndef MADV_POPULATE_WRITE
    constexpr int MADV_POPULATE_WRITE = 23;   // <linux/mman.h> since 5.14
#endif
    if (!data || bytes == 0) return;
    const auto start = reinterpret_cast<std::uintptr_t>(data) & ~static_cast<std::uintptr_t>(4095);
    const std::uintptr_t end = (reinterpret_cast<std::uintptr_t>(data) + bytes + 4095) & ~static_cast<std::uintptr_t>(4095);
    (void)::madvise(reinterpret_cast<void*>(start), end - start, MADV_POPULATE_WRITE);
}

} // namespace kiosk::platform
