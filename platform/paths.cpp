#include "platform/paths.h"

#include <unistd.h>

#include <cstdlib>

namespace kiosk::platform {
namespace fs = std::filesystem;

fs::path executableDir() {
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::current_path() : self.parent_path();
}

namespace {
fs::path findUp(const fs::path& start, const char* name) {
    for (fs::path dir = start; !dir.empty(); dir = dir.parent_path()) {
        std::error_code ec;
        if (fs::is_directory(dir / name, ec) && fs::exists(dir / "CMakeLists.txt", ec)) return dir / name;
        if (dir == dir.parent_path()) break;
    }
    return {};
}
} // namespace

fs::path assetsDir() {
    if (const char* env = std::getenv("KIOSK_ASSETS_DIR"); env && *env) return env;
    if (fs::path found = findUp(executableDir(), "assets"); !found.empty()) return found;
    return "/usr/share/exhibition-kiosk/assets";
}

fs::path bundledContentDir() {
    if (fs::path found = findUp(executableDir(), "content"); !found.empty()) return found;
    return "/usr/share/exhibition-kiosk/content";
}

fs::path defaultDataDir() {
    if (const char* env = std::getenv("KIOSK_DATA_DIR"); env && *env) return env;
    if (const char* state = std::getenv("XDG_STATE_HOME"); state && *state) return fs::path(state) / "exhibition-kiosk";
    if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".local/state/exhibition-kiosk";
    return "/var/lib/exhibition-kiosk";
}

} // namespace kiosk::platform
