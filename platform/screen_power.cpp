#include "platform/screen_power.h"

#include <fcntl.h>
#include <linux/cec-funcs.h>
#include <linux/cec.h>
#include <linux/kd.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "kiosk/core/log.h"

namespace kiosk::platform {

namespace {

constexpr unsigned kCecTransmitTimeoutMs = 1000;   // the kernel waits this long for the reply
constexpr char kOsdName[] = "Kiosk";               // what the TV's source menu shows

class FileDescriptor {
public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    ~FileDescriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const { return fd_; }

private:
    int fd_;
};

std::string errnoText(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

// A playback device's logical address, claimed once per adapter (the kernel keeps it until the
// adapter is unconfigured); returns the address, or -1 with `problem` set.
int claimedLogicalAddress(int fd, const cec_caps& caps, std::string& problem) {
    cec_log_addrs addresses{};
    if (::ioctl(fd, CEC_ADAP_G_LOG_ADDRS, &addresses) != 0) {
        problem = errnoText("reading the logical addresses");
        return -1;
    }
    if (addresses.num_log_addrs > 0 && addresses.log_addr[0] != CEC_LOG_ADDR_INVALID) return addresses.log_addr[0];
    if (!(caps.capabilities & CEC_CAP_LOG_ADDRS)) {
        problem = "the adapter has no logical address and cannot be given one";
        return -1;
    }
    addresses = {};
    addresses.cec_version = CEC_OP_CEC_VERSION_1_4;
    addresses.vendor_id = CEC_VENDOR_ID_NONE;
    addresses.num_log_addrs = 1;
    addresses.log_addr_type[0] = CEC_LOG_ADDR_TYPE_PLAYBACK;
    addresses.primary_device_type[0] = CEC_OP_PRIM_DEVTYPE_PLAYBACK;
    addresses.all_device_types[0] = CEC_OP_ALL_DEVTYPE_PLAYBACK;
    std::strncpy(addresses.osd_name, kOsdName, sizeof addresses.osd_name - 1);
    if (::ioctl(fd, CEC_ADAP_S_LOG_ADDRS, &addresses) != 0) {
        problem = errnoText("claiming a logical address");
        return -1;
    }
    if (addresses.num_log_addrs == 0 || addresses.log_addr[0] == CEC_LOG_ADDR_INVALID) {
        problem = "no logical address is free on the HDMI bus (is a screen connected?)";
        return -1;
    }
    return addresses.log_addr[0];
}

// Sends one message and says whether the screen acknowledged it.
bool transmit(int fd, cec_msg& message, std::string& problem) {
    message.timeout = kCecTransmitTimeoutMs;
    if (::ioctl(fd, CEC_TRANSMIT, &message) != 0) {
        problem = errnoText("sending");
        return false;
    }
    if (!(message.tx_status & CEC_TX_STATUS_OK)) {
        problem = (message.tx_status & CEC_TX_STATUS_NACK) ? "the screen did not acknowledge (CEC off in its menu?)"
                                                           : "the transmission failed (status " +
                                                                 std::to_string(message.tx_status) + ")";
        return false;
    }
    return true;
}

} // namespace

std::string sendCecPower(const std::filesystem::path& device, bool on) {
    FileDescriptor fd(::open(device.c_str(), O_RDWR | O_CLOEXEC));
    if (fd.get() < 0) return errno == ENOENT ? "no CEC adapter at " + device.string() : errnoText(device.c_str());
    cec_caps caps{};
    if (::ioctl(fd.get(), CEC_ADAP_G_CAPS, &caps) != 0) return device.string() + " is not a CEC adapter (" + errnoText("CEC_ADAP_G_CAPS") + ")";
    __u16 physicalAddress = CEC_PHYS_ADDR_INVALID;
    if (::ioctl(fd.get(), CEC_ADAP_G_PHYS_ADDR, &physicalAddress) != 0) return errnoText("reading the physical address");
    if (physicalAddress == CEC_PHYS_ADDR_INVALID) return "no HDMI screen on " + device.string() + " (no physical address)";
    __u32 mode = CEC_MODE_INITIATOR;
    if (::ioctl(fd.get(), CEC_S_MODE, &mode) != 0) return errnoText("taking the adapter");
    std::string problem;
    const int self = claimedLogicalAddress(fd.get(), caps, problem);
    if (self < 0) return problem;
    cec_msg message{};
    if (!on) {
        cec_msg_init(&message, static_cast<__u8>(self), CEC_LOG_ADDR_TV);
        cec_msg_standby(&message);
        return transmit(fd.get(), message, problem) ? "standby acknowledged by the screen" : "standby: " + problem;
    }
    cec_msg_init(&message, static_cast<__u8>(self), CEC_LOG_ADDR_TV);
    cec_msg_image_view_on(&message);
    if (!transmit(fd.get(), message, problem)) return "image view on: " + problem;
    cec_msg active{};
    cec_msg_init(&active, static_cast<__u8>(self), CEC_LOG_ADDR_BROADCAST);
    cec_msg_active_source(&active, physicalAddress);
    // A broadcast is never acknowledged by one device; only a failure to send counts.
    active.timeout = 0;
    if (::ioctl(fd.get(), CEC_TRANSMIT, &active) != 0) return "screen on, but " + errnoText("announcing the active source");
    return "screen on acknowledged, kiosk announced as the active source";
}

ScreenPower::ScreenPower(std::filesystem::path cecDevice) : cecDevice_(std::move(cecDevice)) {}

ScreenPower::~ScreenPower() { wait(); }

void ScreenPower::wait() {
    if (worker_.joinable()) worker_.join();
}

void ScreenPower::setScreenOn(bool on) {
    if (cecDevice_.empty()) return;
    wait();   // one exchange at a time, in order (twice a day: never a real wait)
    worker_ = std::thread([device = cecDevice_, on] {
        log::info(std::string("display: HDMI-CEC ") + (on ? "screen on" : "standby") + ": " + sendCecPower(device, on));
    });
}

bool disableConsoleBlanking(int fd) {
    int mode = 0;
    if (fd < 0 || !::isatty(fd) || ::ioctl(fd, KDGETMODE, &mode) != 0) return false;   // not a Linux VT
    static constexpr char kBlankingOff[] = "\033[9;0]\033[14;0]";   // setterm -blank 0 -powerdown 0
    return ::write(fd, kBlankingOff, sizeof kBlankingOff - 1) == static_cast<ssize_t>(sizeof kBlankingOff - 1);
}

} // namespace kiosk::platform
