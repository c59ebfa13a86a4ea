#include "platform/folder_watcher.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <unordered_map>

#include "kiosk/core/log.h"

namespace kiosk::platform {
namespace fs = std::filesystem;

namespace {
// Enough for any exhibition (one folder per item); a runaway tree is not followed further.
constexpr int kMaxWatchedFolders = 8192;
constexpr std::uint32_t kWatchMask = IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO |
                                     IN_MODIFY | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;
} // namespace

Result<std::unique_ptr<FolderWatcher>> FolderWatcher::start(const fs::path& folder, int debounceMs,
                                                            std::function<void()> onChange) {
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) return Error{"cannot watch " + folder.string() + ": not a folder"};
    const int inotifyFd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (inotifyFd < 0) return Error{std::string("inotify: ") + std::strerror(errno)};
    const int stopFd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (stopFd < 0) {
        ::close(inotifyFd);
        return Error{std::string("eventfd: ") + std::strerror(errno)};
    }
    std::unique_ptr<FolderWatcher> watcher(new FolderWatcher(inotifyFd, stopFd, debounceMs, std::move(onChange)));
    watcher->addWatchesBelow(folder);
    if (watcher->watchedFolders() == 0) return Error{"cannot watch " + folder.string() + ": " + std::strerror(errno)};
    watcher->thread_ = std::thread([w = watcher.get()] { w->run(); });
    return watcher;
}

FolderWatcher::FolderWatcher(int inotifyFd, int stopFd, int debounceMs, std::function<void()> onChange)
    : inotifyFd_(inotifyFd), stopFd_(stopFd), debounceMs_(debounceMs), onChange_(std::move(onChange)) {}

FolderWatcher::~FolderWatcher() {
    if (thread_.joinable()) {
        const std::uint64_t one = 1;
        [[maybe_unused]] const auto written = ::write(stopFd_, &one, sizeof one);
        thread_.join();
    }
    ::close(inotifyFd_);
    ::close(stopFd_);
}

void FolderWatcher::addWatchesBelow(const fs::path& folder) {
    // Called on the starting thread before the watcher thread exists, then only on that thread.
    const auto add = [&](const fs::path& dir) {
        if (watchedFolders_.load() >= kMaxWatchedFolders) return;
        const int wd = inotify_add_watch(inotifyFd_, dir.c_str(), kWatchMask);
        if (wd < 0) return;
        if (folders_.emplace(wd, dir).second) watchedFolders_.fetch_add(1);
    };
    add(folder);
    std::error_code ec;
    for (fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec)) {
        if (it->is_directory(ec) && !it->is_symlink(ec)) add(it->path());
    }
}

void FolderWatcher::run() {
    using Clock = std::chrono::steady_clock;
    bool pending = false;
    Clock::time_point lastChange;
    alignas(inotify_event) char buffer[16 * 1024];
    while (true) {
        int timeoutMs = -1;
        if (pending) {
            const auto quietFor = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - lastChange).count();
            timeoutMs = quietFor >= debounceMs_ ? 0 : static_cast<int>(debounceMs_ - quietFor);
        }
        pollfd fds[2] = {{stopFd_, POLLIN, 0}, {inotifyFd_, POLLIN, 0}};
        const int ready = ::poll(fds, 2, timeoutMs);
        if (ready < 0 && errno != EINTR) {
            log::warn(std::string("folder watcher stopped: ") + std::strerror(errno));
            return;
        }
        if (fds[0].revents & POLLIN) return;
        if (ready > 0 && (fds[1].revents & POLLIN)) {
            while (true) {
                const ssize_t n = ::read(inotifyFd_, buffer, sizeof buffer);
                if (n <= 0) break;
                for (ssize_t offset = 0; offset < n;) {
                    const auto* event = reinterpret_cast<const inotify_event*>(buffer + offset);
                    offset += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
                    if (event->mask & IN_IGNORED) {
                        if (folders_.erase(event->wd)) watchedFolders_.fetch_sub(1);
                        continue;
                    }
                    if ((event->mask & IN_ISDIR) && (event->mask & (IN_CREATE | IN_MOVED_TO)) && event->len > 0) {
                        const auto it = folders_.find(event->wd);
                        if (it != folders_.end()) addWatchesBelow(it->second / event->name);
                    }
                }
                pending = true;
                lastChange = Clock::now();
            }
            continue;
        }
        if (pending && ready == 0) {
            pending = false;
            onChange_();
        }
    }
}

} // namespace kiosk::platform
