// Sends a window manager's close request (WM_DELETE_WINDOW) to every top-level window with this
// title on an X display, as a desktop's close button or `wmctrl -c` would. Kept apart from the
// tests because Xlib's macros (None, Status, Bool) collide with ordinary names.
#pragma once
#include <string>

namespace kiosk::test {
// Returns how many windows were sent the request; -1 when the display cannot be opened or
// X11 support was not built in.
int sendWindowCloseRequest(const std::string& display, const std::string& title);
}
