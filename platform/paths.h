// Where things are on this machine: bundled assets and content, the data folder.
#pragma once
#include <filesystem>

namespace kiosk::platform {

// The folder of the running executable.
std::filesystem::path executableDir();
// assets/ of the source tree (development) or /usr/share/exhibition-kiosk/assets (installed).
std::filesystem::path assetsDir();
// The bundled sample exhibition: content/ next to assets/.
std::filesystem::path bundledContentDir();
// Default data folder: $KIOSK_DATA_DIR, else $XDG_STATE_HOME/exhibition-kiosk, else ~/.local/state/...
std::filesystem::path defaultDataDir();

} // namespace kiosk::platform
