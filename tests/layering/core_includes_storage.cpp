// Layering probe: compiled with kiosk_core's flags, a storage header must NOT be found.
#include "kiosk/storage/event_store.h"

int layeringProbeCoreStorage() { return 0; }
