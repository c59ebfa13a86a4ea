// What KioskApp is assembled from: the display, the content source, the event log's storage,
// content sync and the HTTP API. The composition root (main.cpp) passes kioskAppParts(), the
// real ones; a test passes its own (a display that fails, a content folder of its choosing, an
// event store that cannot open) to check how the kiosk copes, in process.
// Each is called at most once, by KioskApp::run() on the main thread, with what the
// configuration and command line say; none may be empty.
#pragma once
#include <filesystem>
#include <functional>
#include <memory>

#include "kiosk/api/api_server.h"
#include "kiosk/core/content_loader.h"
#include "kiosk/core/result.h"
#include "kiosk/storage/event_store.h"
#include "kiosk/sync/sync_service.h"
#include "platform/display.h"

namespace kiosk::app {

struct KioskAppParts {
    // The screen: a window, the console's KMS/DRM output, or headless (software, no window).
    std::function<Result<std::unique_ptr<platform::Display>>(const platform::DisplayOptions&)> openDisplay;
    // The content source for an exhibition folder (the bundled one, or --content DIR); the
    // installed releases of content sync are read by the sync module's ReleaseStore.
    std::function<ContentLoadResult(const std::filesystem::path& folder)> loadContentFolder;
    // The event log's storage (<data_dir>/events.db); on an error the events stay in memory.
    std::function<Result<std::unique_ptr<storage::EventStore>>(const std::filesystem::path& file,
                                                                 const storage::EventStoreOptions& options)>
        openEventStore;
    // Content sync, only when [sync] url is set; started after the first frame.
    std::function<std::unique_ptr<sync::SyncService>(sync::SyncSettings settings, const std::filesystem::path& dataDir,
                                                     sync::SyncService::NewReleaseCallback onNewRelease)>
        makeSyncService;
    // The HTTP API, only when [api] token_file is set. `store` may be null (events in memory).
    std::function<Result<std::unique_ptr<api::ApiServer>>(api::ApiOptions options, storage::EventStore* store,
                                                          api::ApiCallbacks callbacks)>
        startApi;
};

// The real parts: Display::open, loadExhibition, EventStore::open, SyncService, ApiServer::start.
KioskAppParts kioskAppParts();

} // namespace kiosk::app
