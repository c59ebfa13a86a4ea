// The pixels of a decoded image or a texture, allocated without being cleared first.
//
// A 1920x1080 image is 8 MiB. Cleared by std::vector and then overwritten by the decoder, and
// copied once more into the texture, it cost two rounds of 2,048 page faults plus a pass over
// the bytes: measured 38 ms for one 8 MiB clear on the 2-core test machine (a virtual machine,
// where a page fault is ~18 us) and a few ms on a Raspberry Pi. A PixelBuffer is written once,
// by the decoder, and the texture takes it over (SoftwareRenderer::adoptTexture).
//
// Buffers of 2 MiB and more are mapped on a 2 MiB boundary and offered to transparent huge
// pages (madvise MADV_HUGEPAGE; Debian's and Raspberry Pi OS's default `madvise` mode): one
// fault per 2 MiB instead of 512 where the kernel has huge pages to give, ordinary pages where
// it has not. Smaller buffers come from the heap.
#pragma once
#include <cstddef>
#include <cstdint>

namespace kiosk::platform {

class PixelBuffer {
public:
    PixelBuffer() = default;
    // `pixels` uninitialised 32-bit pixels; an empty buffer when the memory cannot be had.
    explicit PixelBuffer(std::size_t pixels);
    ~PixelBuffer();
    PixelBuffer(PixelBuffer&& other) noexcept;
    PixelBuffer& operator=(PixelBuffer&& other) noexcept;
    PixelBuffer(const PixelBuffer&) = delete;
    PixelBuffer& operator=(const PixelBuffer&) = delete;

    std::uint32_t* data() { return pixels_; }
    const std::uint32_t* data() const { return pixels_; }
    std::size_t size() const { return count_; }   // pixels
    bool empty() const { return count_ == 0; }

private:
    void release();
    std::uint32_t* pixels_ = nullptr;
    std::size_t count_ = 0;
    void* mapping_ = nullptr;        // the mapping when mapped, else nullptr (heap)
    std::size_t mappingBytes_ = 0;
};

// Makes `buffer` `pixels` pixels of `value` (the frame images of the software renderer).
void filledBuffer(PixelBuffer& buffer, std::size_t pixels, std::uint32_t value);

// Gives memory about to be written whole (the window's surface before its first frame) its
// pages in one system call (madvise MADV_POPULATE_WRITE, Linux 5.14) instead of one page fault
// per 4 KiB: 2,048 faults for a 1920x1080 surface, ~35 ms on the test VM. Nothing happens where
// the kernel does not know the call.
void populateForWriting(void* data, std::size_t bytes);

} // namespace kiosk::platform
