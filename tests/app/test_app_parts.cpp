// KioskApp assembled in process from parts of the test's choosing (kiosk_app_parts.h): a
// content folder, a display that opens or refuses, an event store that cannot open. The real
// process, its options and signals are tested end to end in the other tests/app files.
#include <doctest/doctest.h>

#include "kiosk/app/kiosk_app.h"
#include "tests/support/temp_dir.h"

using namespace kiosk;
using kiosk::app::KioskApp;
using kiosk::app::KioskAppParts;

namespace {

KioskOptions headlessOptions(const std::filesystem::path& dataDir, const std::filesystem::path& contentDir) {
    KioskOptions options;
    options.headless = true;
    options.frames = 3;
    options.width = 640;
    options.height = 360;
    options.dataDir = dataDir;
    options.contentDir = contentDir;
    return options;
}

} // namespace

TEST_SUITE("app.parts") {

TEST_CASE("the kiosk runs on the parts it is given: their display, their content, events in memory when the store refuses") {
    testing::TempDir dir("app-parts");
    KioskAppParts parts = app::kioskAppParts();
    int displaysOpened = 0, storesOpened = 0;
    std::filesystem::path folderAsked;
    parts.openDisplay = [&](const platform::DisplayOptions& options) {
        ++displaysOpened;
        CHECK(options.headless);
        CHECK(options.width == 640);
        return platform::Display::open(options);
    };
    parts.loadContentFolder = [&](const std::filesystem::path& folder) {
        folderAsked = folder;
        return loadExhibition(std::filesystem::path(KIOSK_SOURCE_DIR) / "content");
    };
    parts.openEventStore = [&](const std::filesystem::path&, const storage::EventStoreOptions&)
        -> Result<std::unique_ptr<storage::EventStore>> {
        ++storesOpened;
        return Error{"refused by the test"};
    };
    parts.makeSyncService = [](sync::SyncSettings, const std::filesystem::path&, sync::SyncService::NewReleaseCallback)
        -> std::unique_ptr<sync::SyncService> {
        FAIL("no [sync] url is configured: no sync service is made");
        return nullptr;
    };
    KioskApp kiosk(headlessOptions(dir.path, "/no/such/folder/the/test/loads/instead"), std::move(parts));
    CHECK(kiosk.run() == KioskApp::kExitOk);
    CHECK(displaysOpened == 1);
    CHECK(storesOpened == 1);
    CHECK(folderAsked == "/no/such/folder/the/test/loads/instead");
    CHECK(kiosk.ui().currentScreen() == ui::ScreenId::Attract);
    CHECK(kiosk.ui().content()->findItem("black-myth-wukong") != nullptr);
    CHECK(kiosk.display().width() == 640);
    CHECK_FALSE(std::filesystem::exists(dir.path / "events.db"));
    CHECK(kiosk.syncService() == nullptr);
}

TEST_CASE("a display that does not open is exit code 3, and content that does not load is exit code 4") {
    testing::TempDir dir("app-parts");
    KioskAppParts parts = app::kioskAppParts();
    parts.openDisplay = [](const platform::DisplayOptions&) -> Result<std::unique_ptr<platform::Display>> {
        return Error{"no display in this test"};
    };
    parts.loadContentFolder = [](const std::filesystem::path&) {
        return loadExhibition(std::filesystem::path(KIOSK_SOURCE_DIR) / "content");
    };
    KioskApp noDisplay(headlessOptions(dir.path / "a", "/unused"), parts);
    CHECK(noDisplay.run() == KioskApp::kExitNoDisplay);

    parts.loadContentFolder = [](const std::filesystem::path&) { return ContentLoadResult{}; };   // no snapshot
    KioskApp noContent(headlessOptions(dir.path / "b", "/unused"), parts);
    CHECK(noContent.run() == KioskApp::kExitContent);
}

}
