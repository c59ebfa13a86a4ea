#include "x11_close_request.h"

#ifdef KIOSK_TEST_HAVE_X11
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>

namespace kiosk::test {

int sendWindowCloseRequest(const std::string& displayName, const std::string& title) {
    ::Display* display = XOpenDisplay(displayName.c_str());
    if (!display) return -1;
    const Window root = DefaultRootWindow(display);
    const Atom protocols = XInternAtom(display, "WM_PROTOCOLS", False);
    const Atom deleteWindow = XInternAtom(display, "WM_DELETE_WINDOW", False);
    Window rootReturn, parentReturn;
    Window* children = nullptr;
    unsigned int count = 0;
    int sent = 0;
    if (XQueryTree(display, root, &rootReturn, &parentReturn, &children, &count)) {
        for (unsigned int i = 0; i < count; ++i) {
            char* name = nullptr;
            if (!XFetchName(display, children[i], &name) || !name) continue;
            const bool match = title == name;
            XFree(name);
            if (!match) continue;
            XEvent event{};
            event.xclient.type = ClientMessage;
            event.xclient.window = children[i];
            event.xclient.message_type = protocols;
            event.xclient.format = 32;
            event.xclient.data.l[0] = static_cast<long>(deleteWindow);
            event.xclient.data.l[1] = CurrentTime;
            if (XSendEvent(display, children[i], False, NoEventMask, &event)) ++sent;
        }
        if (children) XFree(children);
    }
    XFlush(display);
    XCloseDisplay(display);
    return sent;
}

} // namespace kiosk::test
#else
namespace kiosk::test {
int sendWindowCloseRequest(const std::string&, const std::string&) { return -1; }
}
#endif
