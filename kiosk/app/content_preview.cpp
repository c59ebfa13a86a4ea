#include "kiosk/app/content_preview.h"

#include "kiosk/core/content_loader.h"
#include "kiosk/core/log.h"

namespace kiosk::app {

Result<std::unique_ptr<ContentPreview>> ContentPreview::start(const std::filesystem::path& folder,
                                                              std::vector<std::string> kioskTags, Offer offer,
                                                              int debounceMs) {
    std::unique_ptr<ContentPreview> preview(new ContentPreview(folder, std::move(kioskTags), std::move(offer)));
    auto watcher = platform::FolderWatcher::start(folder, debounceMs, [p = preview.get()] { p->reload(); });
    if (!watcher) return Error{watcher.error()};
    preview->watcher_ = std::move(*watcher);
    return preview;
}

ContentPreview::ContentPreview(std::filesystem::path folder, std::vector<std::string> kioskTags, Offer offer)
    : folder_(std::move(folder)), kioskTags_(std::move(kioskTags)), offer_(std::move(offer)) {}

ContentPreview::~ContentPreview() { watcher_.reset(); }

std::vector<std::string> ContentPreview::lastProblems() const {
    std::lock_guard lock(problemsMutex_);
    return lastProblems_;
}

void ContentPreview::reload() {
    ContentLoadResult result = loadExhibition(folder_);
    std::vector<std::string> problems;
    for (const auto& problem : result.problems) problems.push_back(problem.toString());
    {
        // Log once: a curator saving again without fixing anything gets no second copy.
        std::lock_guard lock(problemsMutex_);
        if (problems != lastProblems_) {
            for (const auto& problem : problems) log::warn(problem);
            lastProblems_ = problems;
        }
    }
    if (!result.snapshot) {
        failedReloads_.fetch_add(1);
        log::warnOnce("preview-failed:" + (problems.empty() ? std::string() : problems.front()),
                      "content preview: " + folder_.string() + " cannot be shown; keeping the last good version");
        return;
    }
    log::info("content preview: reloaded " + folder_.string());
    offer_(std::make_shared<const Exhibition>(filterForKiosk(*result.snapshot, todayUtc(), kioskTags_)));
    reloads_.fetch_add(1);
}

} // namespace kiosk::app
