// Compile probe: dropping a Result or a Status is a warning (an error with -Werror=unused-result).
#include "kiosk/core/result.h"

kiosk::Status save();
kiosk::Result<int> count();

void layeringProbeDropsResults() {
    save();
    count();
}
