// Layering probe (control): compiled with kiosk_core's flags, a core header must compile.
#include "kiosk/core/kiosk_config.h"

int layeringProbeCoreOk() { return kiosk::kioskConfigDefaults().idleTimeoutSeconds; }
