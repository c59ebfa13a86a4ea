// Screen power without the hardware: this machine has no HDMI-CEC adapter and no Linux virtual
// terminal, so what is tested is that every way of not having them is told apart in words and
// changes nothing (a kiosk on a desktop, in a container, on a board with CEC switched off).
#include <doctest/doctest.h>

#include <fcntl.h>
#include <pty.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "platform/screen_power.h"

using kiosk::platform::disableConsoleBlanking;
using kiosk::platform::ScreenPower;
using kiosk::platform::sendCecPower;

TEST_SUITE("platform") {

TEST_CASE("HDMI-CEC: a missing adapter is reported by name, in both directions") {
    const std::filesystem::path missing = "/nonexistent/cec7";
    CHECK(sendCecPower(missing, false) == "no CEC adapter at /nonexistent/cec7");
    CHECK(sendCecPower(missing, true) == "no CEC adapter at /nonexistent/cec7");
}

TEST_CASE("HDMI-CEC: a device that is not a CEC adapter is refused, not written to") {
    const auto file = std::filesystem::temp_directory_path() / ("cec-not-an-adapter-" + std::to_string(getpid()));
    std::ofstream(file) << "untouched";
    const std::string said = sendCecPower(file, false);
    CHECK(said.find("is not a CEC adapter") != std::string::npos);
    std::ifstream in(file);
    std::string text;
    std::getline(in, text);
    CHECK(text == "untouched");
    std::filesystem::remove(file);
    // A character device that is something else (the null device) is refused the same way.
    CHECK(sendCecPower("/dev/null", true).find("is not a CEC adapter") != std::string::npos);
}

// What the kiosk's log (stderr) received while `action` ran.
template <typename Action>
std::string loggedDuring(Action action) {
    const auto file = std::filesystem::temp_directory_path() / ("screen-power-log-" + std::to_string(getpid()));
    std::fflush(stderr);
    const int saved = ::dup(2);
    const int out = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(out, 2);
    ::close(out);
    action();
    std::fflush(stderr);
    ::dup2(saved, 2);
    ::close(saved);
    std::ifstream in(file);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::filesystem::remove(file);
    return text;
}

TEST_CASE("ScreenPower: off without a device, with one each change is logged in order on its thread") {
    CHECK(loggedDuring([] {
              ScreenPower off{""};
              off.setScreenOn(false);
              off.wait();
          }).empty());
    const std::string logged = loggedDuring([] {
        ScreenPower absent{"/nonexistent/cec7"};
        absent.setScreenOn(false);
        absent.setScreenOn(true);   // waits for the first, then sends the second
        absent.wait();
    });
    const auto standby = logged.find("HDMI-CEC standby: no CEC adapter at /nonexistent/cec7");
    const auto on = logged.find("HDMI-CEC screen on: no CEC adapter at /nonexistent/cec7");
    CHECK(standby != std::string::npos);
    CHECK(on != std::string::npos);
    CHECK(standby < on);
}

TEST_CASE("console blanking: only a Linux virtual terminal gets the escape sequences") {
    int pipeEnds[2];
    REQUIRE(::pipe(pipeEnds) == 0);
    CHECK_FALSE(disableConsoleBlanking(pipeEnds[1]));
    ::close(pipeEnds[1]);
    char byte;
    CHECK(::read(pipeEnds[0], &byte, 1) == 0);   // nothing was written into the pipe
    ::close(pipeEnds[0]);

    // A terminal emulator's pty is a tty, but not a Linux console: its screen is not blanked by
    // the kernel and the private escape sequences would show up as garbage.
    int master = -1, slave = -1;
    REQUIRE(::openpty(&master, &slave, nullptr, nullptr, nullptr) == 0);
    CHECK_FALSE(disableConsoleBlanking(slave));
    ::fcntl(master, F_SETFL, O_NONBLOCK);
    CHECK(::read(master, &byte, 1) < 0);   // nothing arrived on the terminal
    ::close(slave);
    ::close(master);

    CHECK_FALSE(disableConsoleBlanking(-1));
}

}
