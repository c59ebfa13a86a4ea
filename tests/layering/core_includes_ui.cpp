// Layering probe: compiled with kiosk_core's flags, a UI header must NOT be found.
#include "kiosk/ui/kiosk_ui.h"

int layeringProbeCoreUi() { return 0; }
