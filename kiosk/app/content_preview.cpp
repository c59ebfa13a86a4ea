#include "kiosk/app/content_preview.h"

#include "kiosk/core/content_loader.h"
#include "kiosk/core/log.h"

namespace kiosk::app {

Result<std::unique_ptr<ContentPreview>> ContentPreview::start(const std::filesystem::path& folder,
                                                              std::vector<std::string> kioskTags, Offer offer,
                                                              int debounceMs, bool previewMode) {
    std::unique_ptr<ContentPreview> preview(
        new ContentPreview(folder, std::move(kioskTags), std::move(offer), previewMode));
    auto watcher = platform::FolderWatcher::start(folder, debounceMs, [p = preview.get()] { p->reload(); });
    if (!watcher) return Error{watcher.error()};
    preview->watcher_ = std::move(*watcher);
    return preview;
}

ContentPreview::ContentPreview(std::filesystem::path folder, std::vector<std::string> kioskTags, Offer offer,
                               bool previewMode)
    : folder_(std::move(folder)), kioskTags_(std::move(kioskTags)), offer_(std::move(offer)), previewMode_(previewMode) {}

ContentSnapshot previewSnapshot(const ContentLoadResult& result, const std::vector<std::string>& kioskTags) {
    if (!result.snapshot) return nullptr;
    (void)kioskTags;   // a curator previews every item, whatever its dates and kiosk tags
    Exhibition ex = *result.snapshot;
    for (const auto& problem : result.problems) ex.previewProblems.push_back(problem.toString());
    for (const auto& broken : result.brokenItems) {
        if (ex.findItem(broken.folder)) continue;   // another folder holds an item with this id
        Item placeholder;
        placeholder.id = broken.folder;
        placeholder.category = ex.findCategory(broken.category) || ex.categories.empty() ? broken.category
                                                                                        : ex.categories.front().id;
        placeholder.title = broken.title;
        if (placeholder.title.empty()) placeholder.title.byLanguage["*"] = broken.folder;
        placeholder.summary.byLanguage["*"] = "Error: " + broken.firstError.message;
        placeholder.previewProblem = broken.firstError.toString();
        ex.items.push_back(std::move(placeholder));
    }
    return std::make_shared<const Exhibition>(std::move(ex));
}

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
    offer_(previewMode_ ? previewSnapshot(result, kioskTags_)
                        : std::make_shared<const Exhibition>(filterForKiosk(*result.snapshot, todayUtc(), kioskTags_)));
    reloads_.fetch_add(1);
}

} // namespace kiosk::app
