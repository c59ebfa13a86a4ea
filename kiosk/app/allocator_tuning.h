// How the C library's allocator keeps freed memory, tuned for a process that runs for weeks and
// frees large pixel buffers all the time (decoded images evicted from the texture cache, the
// decoder's scratch buffers, atlas rebuilds).
//
// glibc raises its mmap threshold each time a large mmapped block is freed, so after the first
// evicted image every later one comes from the brk heap, whose freed middle is never returned
// to the kernel; and each thread that allocates gets its own arena. Fixing the threshold (blocks
// of kLargeBlockBytes and more are mmapped and unmapped on free) and capping the arenas keeps
// the resident size near what is in use: measured with the soak (3 virtual hours, seed 7) the
// peak after warm-up went from 200 to 184 MB and the end from 156 to 131 MB (README "Running
// for weeks"). Elsewhere than glibc this does nothing.
#pragma once
#include <cstddef>

namespace kiosk::app {

inline constexpr std::size_t kLargeBlockBytes = 512 * 1024;
inline constexpr int kMaxAllocatorArenas = 2;   // the UI thread and one worker share two

// Call first thing in main(), before any thread starts.
void tuneAllocatorForLongRuns();

} // namespace kiosk::app
