// The curator's preview: the folder watcher notices changes (also in new subfolders), and
// ContentPreview reloads and offers the new snapshot; a reload that fails offers nothing
// (the kiosk keeps the last good snapshot) and records its problems.
// These tests wait for a real background thread; the waits are generous upper bounds for
// liveness, not speed assertions.
#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <fstream>
#include <mutex>

#include "kiosk/app/content_preview.h"
#include "platform/folder_watcher.h"
#include "tests/content/content_fixture.h"

using namespace kiosk;
using namespace content_test;

namespace {

constexpr auto kLivenessTimeout = std::chrono::seconds(30);
constexpr int kTestDebounceMs = 50;

// Counts notifications from another thread.
class Signal {
public:
    void notify() {
        std::lock_guard lock(mutex_);
        ++count_;
        changed_.notify_all();
    }
    bool waitFor(int count) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, kLivenessTimeout, [&] { return count_ >= count; });
    }
    int count() {
        std::lock_guard lock(mutex_);
        return count_;
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    int count_ = 0;
};

void writeFile(const fs::path& file, const std::string& text) { std::ofstream(file) << text; }

} // namespace

TEST_SUITE("content") {

TEST_CASE("the folder watcher reports changes, also in folders created later") {
    ScratchDir dir("watch");
    Signal changes;
    auto watcher = platform::FolderWatcher::start(dir.path(), kTestDebounceMs, [&] { changes.notify(); });
    REQUIRE(watcher.ok());
    writeFile(dir.path() / "a.json", "{}");
    REQUIRE(changes.waitFor(1));
    fs::create_directories(dir.path() / "items/new");
    REQUIRE(changes.waitFor(2));
    const int before = changes.count();
    writeFile(dir.path() / "items/new/item.json", "{}");
    CHECK(changes.waitFor(before + 1));
    CHECK((*watcher)->watchedFolders() >= 3);
}

TEST_CASE("the folder watcher refuses what it cannot watch") {
    auto watcher = platform::FolderWatcher::start("/nonexistent/folder", kTestDebounceMs, [] {});
    CHECK_FALSE(watcher.ok());
}

TEST_CASE("the preview reloads on change and keeps the last good snapshot when a reload fails") {
    ScratchDir dir("preview");
    const fs::path folder = makeExhibition(dir);
    std::mutex mutex;
    std::vector<ContentSnapshot> offered;
    Signal offers;
    auto preview = app::ContentPreview::start(folder, {}, [&](ContentSnapshot next) {
        { std::lock_guard lock(mutex); offered.push_back(std::move(next)); }
        offers.notify();
    }, kTestDebounceMs);
    REQUIRE(preview.ok());
    auto& p = **preview;

    // A curator edits a title.
    std::string item;
    {
        std::ifstream in(folder / "items/alpha/item.json");
        item.assign(std::istreambuf_iterator<char>(in), {});
    }
    const std::string renamed = std::string(item).replace(item.find("\"Alpha\""), 7, "\"Alpha renamed\"");
    writeFile(folder / "items/alpha/item.json", renamed);
    REQUIRE(offers.waitFor(1));
    {
        std::lock_guard lock(mutex);
        const Item* alpha = offered.back()->findItem("alpha");
        REQUIRE(alpha);
        CHECK(*alpha->title.exact("en") == "Alpha renamed");
    }

    // Then breaks exhibition.json: nothing is offered, the problem is recorded.
    const int offersBefore = offers.count();
    writeFile(folder / "exhibition.json", "{ \"id\": ");
    Signal failed;
    for (int i = 0; i < 3000 && p.failedReloads() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    REQUIRE(p.failedReloads() >= 1);
    CHECK(offers.count() == offersBefore);
    const auto problems = p.lastProblems();
    REQUIRE_FALSE(problems.empty());
    CHECK(problems.front().rfind("exhibition.json:1:", 0) == 0);

    // And fixes it again: the preview follows.
    fs::copy_file(fixturesDir() / "good/exhibition.json", folder / "exhibition.json",
                  fs::copy_options::overwrite_existing);
    REQUIRE(offers.waitFor(offersBefore + 1));
    CHECK(p.lastProblems().empty());
}

TEST_CASE("reload() logs a failure's problems once and offers nothing") {
    ScratchDir dir("preview-once");
    int offered = 0;
    auto preview = app::ContentPreview::start(dir.path(), {}, [&](ContentSnapshot) { ++offered; }, kTestDebounceMs);
    REQUIRE(preview.ok());
    (*preview)->reload();
    (*preview)->reload();
    CHECK(offered == 0);
    CHECK((*preview)->failedReloads() >= 2);
    REQUIRE((*preview)->lastProblems().size() == 1);
    CHECK((*preview)->lastProblems()[0].find("missing exhibition.json") != std::string::npos);
}

} // TEST_SUITE
