#include "kiosk/tools/logs/fleet_file.h"

#include <set>

#include <toml++/toml.h>

#include "kiosk/tools/logs/kiosk_client.h"
#include "kiosk/tools/logs/logs_pull.h"

namespace kiosk::logs {
namespace {

std::string at(const std::filesystem::path& file, const toml::source_region& where) {
    return file.string() + ":" + std::to_string(where.begin.line) + ":" + std::to_string(where.begin.column) + ": ";
}

} // namespace

Result<std::vector<FleetEntry>> loadFleetFile(const std::filesystem::path& file) {
    toml::table root;
    try {
        root = toml::parse_file(file.string());
    } catch (const toml::parse_error& error) {
        return Error{at(file, error.source()) + std::string(error.description())};
    }
    const std::filesystem::path base = file.parent_path();
    auto resolve = [&](const std::string& path) {
        const std::filesystem::path p(path);
        return p.is_absolute() || base.empty() ? p : base / p;
    };
    std::filesystem::path defaultToken;
    for (const auto& [key, node] : root) {
        if (key == "kiosk") continue;
        if (key == "token_file") {
            if (!node.is_string()) return Error{at(file, node.source()) + "token_file must be a string"};
            defaultToken = resolve(*node.value<std::string>());
            continue;
        }
        return Error{at(file, node.source()) + "unknown key '" + std::string(key.str()) +
                     "' (known: token_file and [[kiosk]] tables)"};
    }
    const toml::node* kiosks = root.get("kiosk");
    if (!kiosks) return Error{file.string() + ": no [[kiosk]] entries"};
    const toml::array* list = kiosks->as_array();
    if (!list) return Error{at(file, kiosks->source()) + "kiosk must be an array of tables: write [[kiosk]]"};
    std::vector<FleetEntry> entries;
    std::set<std::string> ids;
    for (const toml::node& item : *list) {
        const toml::table* table = item.as_table();
        if (!table) return Error{at(file, item.source()) + "each kiosk must be a table ([[kiosk]])"};
        FleetEntry entry;
        entry.tokenFile = defaultToken;
        for (const auto& [key, node] : *table) {
            const std::string name(key.str());
            if (!node.is_string()) return Error{at(file, node.source()) + name + " must be a string"};
            const std::string value = *node.value<std::string>();
            if (name == "id") entry.kioskId = value;
            else if (name == "url") {
                auto url = kioskBaseUrl(value);
                if (!url) return Error{at(file, node.source()) + url.error()};
                entry.url = *url;
            } else if (name == "pin") {
                auto pin = normalizeCertificatePin(value);
                if (!pin) return Error{at(file, node.source()) + pin.error()};
                entry.pin = *pin;
            } else if (name == "token_file") entry.tokenFile = resolve(value);
            else if (name == "hall") entry.hall = value;
            else
                return Error{at(file, node.source()) + "unknown key '" + name + "' (known: id, url, pin, token_file, hall)"};
        }
        if (entry.kioskId.empty()) return Error{at(file, table->source()) + "a kiosk needs an id"};
        if (entry.url.empty()) return Error{at(file, table->source()) + "kiosk '" + entry.kioskId + "' needs a url"};
        if (entry.tokenFile.empty())
            return Error{at(file, table->source()) + "kiosk '" + entry.kioskId + "' needs a token_file (here or at the top)"};
        if (entry.url.rfind("https://", 0) != 0 && !entry.pin.empty())
            return Error{at(file, table->source()) + "kiosk '" + entry.kioskId + "' has a pin but a plain http:// url"};
        if (!ids.insert(entry.kioskId).second)
            return Error{at(file, table->source()) + "kiosk id '" + entry.kioskId + "' appears twice"};
        entries.push_back(std::move(entry));
    }
    if (entries.empty()) return Error{file.string() + ": no [[kiosk]] entries"};
    return entries;
}

} // namespace kiosk::logs
