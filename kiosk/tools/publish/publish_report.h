// What `kiosk-publish check` prints, shared with `build` (which runs the same check first and
// prints the same report): problems as file:line:column, a summary, the items left out, the
// translation report; or all of it as JSON.
#pragma once
#include <filesystem>

#include "kiosk/core/content_loader.h"

namespace kiosk::publish {

// Prints the report of a checked folder to stdout. Returns kExitOk when it is publishable
// (warnings allowed), kExitFailed when it has errors.
int printCheckReport(const std::filesystem::path& source, const ContentLoadResult& result, bool json);

} // namespace kiosk::publish
