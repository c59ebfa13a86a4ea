// FolderWatcher: tells when files under a folder change (Linux inotify), for the curator's
// preview (`kiosk --content DIR`). Changes are debounced: an editor saving several files,
// or writing a temporary file and renaming it, gives one notification once things are quiet.
#pragma once
#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <thread>
#include <unordered_map>

#include "kiosk/core/result.h"

namespace kiosk::platform {

class FolderWatcher {
public:
    // Watches `folder` and every folder below it (new subfolders too). `onChange` runs on the
    // watcher's own thread, after changes stopped for `debounceMs`.
    static Result<std::unique_ptr<FolderWatcher>> start(const std::filesystem::path& folder, int debounceMs,
                                                        std::function<void()> onChange);
    ~FolderWatcher();   // stops the thread; onChange is not called after this returns
    FolderWatcher(const FolderWatcher&) = delete;
    FolderWatcher& operator=(const FolderWatcher&) = delete;

    int watchedFolders() const { return watchedFolders_.load(); }

private:
    FolderWatcher(int inotifyFd, int stopFd, int debounceMs, std::function<void()> onChange);
    void run();
    void addWatchesBelow(const std::filesystem::path& folder);

    int inotifyFd_ = -1;
    int stopFd_ = -1;   // eventfd: wakes the thread to stop
    int debounceMs_;
    std::function<void()> onChange_;
    std::atomic<int> watchedFolders_{0};
    std::unordered_map<int, std::filesystem::path> folders_;   // watch descriptor -> folder
    std::thread thread_;
};

} // namespace kiosk::platform
