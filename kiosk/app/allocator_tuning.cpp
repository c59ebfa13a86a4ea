#include "kiosk/app/allocator_tuning.h"

#include <cstdlib>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace kiosk::app {

void tuneAllocatorForLongRuns() {
#if defined(__GLIBC__)
    // The environment (MALLOC_MMAP_THRESHOLD_, MALLOC_ARENA_MAX) still wins: mallopt is only
    // called for what it does not set, so a technician can experiment without a rebuild.
    if (!std::getenv("MALLOC_MMAP_THRESHOLD_")) mallopt(M_MMAP_THRESHOLD, static_cast<int>(kLargeBlockBytes));
    if (!std::getenv("MALLOC_ARENA_MAX")) mallopt(M_ARENA_MAX, kMaxAllocatorArenas);
#endif
}

} // namespace kiosk::app
