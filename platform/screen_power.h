// The screen's power outside the opening hours ([display.schedule]) and the Linux console's own
// blanking. The kiosk blanks the picture itself (one black frame, then no rendering); this adds
// what only the screen can do:
//   - HDMI-CEC through the kernel's CEC framework (/dev/cec0 on a Raspberry Pi 4/5 with vc4-kms,
//     the same device libcec drives there): "standby" to the TV when the hall closes, "image view
//     on" + "active source" when it opens. Whether the screen acknowledged is logged either way;
//     no adapter, no HDMI sink or a screen that ignores CEC is logged once and changes nothing.
//   - Console blanking: the kernel blanks a text console after 10 minutes without keyboard input
//     (consoleblank); on a Linux virtual terminal (the service's TTYPath=/dev/tty1) it is switched
//     off at start, so the hall's screen never goes dark during opening hours.
// Main thread only; a CEC transmission (up to ~1 s when the screen does not answer) runs on a
// worker thread so that the frame loop never waits for it.
#pragma once
#include <filesystem>
#include <string>
#include <thread>

namespace kiosk::platform {

class ScreenPower {
public:
    // `cecDevice` empty: HDMI-CEC off.
    explicit ScreenPower(std::filesystem::path cecDevice);
    ~ScreenPower();   // waits for a transmission under way
    ScreenPower(const ScreenPower&) = delete;
    ScreenPower& operator=(const ScreenPower&) = delete;

    // The hall closes (screen to standby) or opens (screen on, kiosk as its active source).
    void setScreenOn(bool on);
    // Waits for the transmission under way, if any (tests; shutdown).
    void wait();

private:
    std::filesystem::path cecDevice_;
    std::thread worker_;
};

// On a Linux virtual terminal, turns its blanking and power-down timers off (the escape
// sequences of `setterm -blank 0 -powerdown 0`) and returns true; on anything else (a pipe, a
// terminal emulator's pty, a file) writes nothing and returns false.
bool disableConsoleBlanking(int fd);

// One HDMI-CEC exchange on `device`: claims a playback logical address if none is claimed yet,
// then sends standby (on == false) or image view on + active source (on == true). Returns what
// happened in words, for the log ("acknowledged by the screen", "no CEC adapter at ...", ...).
std::string sendCecPower(const std::filesystem::path& device, bool on);

} // namespace kiosk::platform
