#include "kiosk/core/kiosk_config.h"

#include <fstream>
#include <sstream>

#include "kiosk/core/config_settings.h"

namespace kiosk {

KioskConfig::KioskConfig() { config::applyDefaults(*this, config::kioskSettings()); }

const KioskConfig& kioskConfigDefaults() {
    static const KioskConfig defaults;
    return defaults;
}

Result<KioskConfig> parseKioskConfig(std::string_view text, const std::string& name,
                                     const std::filesystem::path& baseDir) {
    KioskConfig config;
    config::ParseReport report = config::parseSettings(text, name, baseDir, config::kioskSettings(), config);
    if (!report.errors.empty()) {
        std::string message;
        for (const auto& error : report.errors) message += (message.empty() ? "" : "\n") + error;
        // Unknown keys too: a misspelt key is often why a value seems to be missing.
        for (const auto& warning : report.warnings) message += "\n" + warning + " (warning)";
        return Error{message};
    }
    config.warnings = std::move(report.warnings);
    return config;
}

Result<KioskConfig> loadKioskConfig(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error{file.string() + ": cannot open config file"};
    std::stringstream buffer;
    buffer << in.rdbuf();
    return parseKioskConfig(buffer.str(), file.string(), file.parent_path());
}

} // namespace kiosk
