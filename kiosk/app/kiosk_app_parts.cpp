#include "kiosk/app/kiosk_app_parts.h"

namespace kiosk::app {

KioskAppParts kioskAppParts() {
    KioskAppParts parts;
    parts.openDisplay = [](const platform::DisplayOptions& options) { return platform::Display::open(options); };
    parts.loadContentFolder = [](const std::filesystem::path& folder) { return loadExhibition(folder); };
    parts.openEventStore = [](const std::filesystem::path& file, const storage::EventStoreOptions& options) {
        return storage::EventStore::open(file, options);
    };
    parts.makeSyncService = [](sync::SyncSettings settings, const std::filesystem::path& dataDir,
                               sync::SyncService::NewReleaseCallback onNewRelease) {
        return std::make_unique<sync::SyncService>(std::move(settings), dataDir, std::move(onNewRelease));
    };
    parts.startApi = [](api::ApiOptions options, storage::EventStore* store, api::ApiCallbacks callbacks) {
        return api::ApiServer::start(std::move(options), store, std::move(callbacks));
    };
    return parts;
}

} // namespace kiosk::app
