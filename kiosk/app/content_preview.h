// ContentPreview: `kiosk --content DIR` on a curator's laptop. Watches the authoring folder,
// reloads it on the watcher's thread when files change (debounced), and offers each new
// snapshot to the UI, which shows it at its next idle moment. A reload that fails (no
// exhibition at all) keeps the last good snapshot on screen; its problems are logged once.
#pragma once
#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "kiosk/core/content_loader.h"
#include "kiosk/core/content_model.h"
#include "kiosk/core/limits.h"
#include "kiosk/core/result.h"
#include "platform/folder_watcher.h"

namespace kiosk::app {

// The snapshot a curator's preview (`kiosk --preview`) shows for a load: every item, whatever
// its dates and kiosk tags (not filtered like a kiosk's), with every problem of the load (Exhibition::previewProblems, for the on-screen
// panel) and a placeholder item (Item::previewProblem) for each item left out because of
// errors, so that it is marked on screen instead of vanishing. Null when nothing loaded.
ContentSnapshot previewSnapshot(const ContentLoadResult& result, const std::vector<std::string>& kioskTags);

class ContentPreview {
public:
    using Offer = std::function<void(ContentSnapshot)>;

    // `kioskTags`: the snapshot is filtered for this kiosk (schedule and targeting) like at start.
    static Result<std::unique_ptr<ContentPreview>> start(const std::filesystem::path& folder,
                                                         std::vector<std::string> kioskTags, Offer offer,
                                                         int debounceMs = limits::kContentReloadDebounceMs,
                                                         bool previewMode = false);
    ~ContentPreview();   // stops watching; `offer` is not called after this returns

    int reloads() const { return reloads_.load(); }          // snapshots offered
    int failedReloads() const { return failedReloads_.load(); }
    // The problems of the last reload, as logged ("file:line:column: error: message").
    std::vector<std::string> lastProblems() const;

    // Loads the folder now (the watcher calls this after a change).
    void reload();

private:
    ContentPreview(std::filesystem::path folder, std::vector<std::string> kioskTags, Offer offer, bool previewMode);

    std::filesystem::path folder_;
    std::vector<std::string> kioskTags_;
    Offer offer_;
    bool previewMode_ = false;   // offer previewSnapshot()s (problems, placeholders)
    std::atomic<int> reloads_{0};
    std::atomic<int> failedReloads_{0};
    mutable std::mutex problemsMutex_;
    std::vector<std::string> lastProblems_;
    std::unique_ptr<platform::FolderWatcher> watcher_;   // last: stopped first
};

} // namespace kiosk::app
