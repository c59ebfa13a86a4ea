#include "kiosk/core/api_settings.h"

#include <charconv>
#include <fstream>

namespace kiosk {

Result<ListenAddress> parseListenAddress(std::string_view text) {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0)
        return Error{"listen address '" + std::string(text) + "' must be host:port, e.g. 127.0.0.1:8765"};
    ListenAddress address;
    address.host = std::string(text.substr(0, colon));
    if (address.host.size() > 2 && address.host.front() == '[' && address.host.back() == ']')
        address.host = address.host.substr(1, address.host.size() - 2);
    const std::string_view portText = text.substr(colon + 1);
    const auto [end, error] = std::from_chars(portText.data(), portText.data() + portText.size(), address.port);
    if (error != std::errc() || end != portText.data() + portText.size() || address.port < 0 || address.port > 65535)
        return Error{"listen address '" + std::string(text) + "': port must be a number from 0 to 65535"};
    return address;
}

Result<std::string> loadApiToken(const std::filesystem::path& file) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status status = fs::status(file, ec);
    if (ec || !fs::exists(status)) return Error{file.string() + ": API token file not found"};
    if (!fs::is_regular_file(status)) return Error{file.string() + ": API token file is not a regular file"};
    const fs::perms groupOrOther = fs::perms::group_all | fs::perms::others_all;
    if ((status.permissions() & groupOrOther) != fs::perms::none)
        return Error{file.string() + ": API token file must be readable by its owner only (chmod 600 " +
                     file.string() + ")"};
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error{file.string() + ": cannot read the API token file"};
    std::string token;
    char c;
    while (token.size() <= kMaxApiTokenBytes && in.get(c)) token.push_back(c);
    if (token.size() > kMaxApiTokenBytes) return Error{file.string() + ": API token is too long"};
    const auto first = token.find_first_not_of(" \t\r\n");
    const auto last = token.find_last_not_of(" \t\r\n");
    token = first == std::string::npos ? std::string() : token.substr(first, last - first + 1);
    if (token.find_first_of(" \t\r\n") != std::string::npos)
        return Error{file.string() + ": API token must be one line without spaces"};
    if (token.size() < kMinApiTokenBytes)
        return Error{file.string() + ": API token must be at least " + std::to_string(kMinApiTokenBytes) +
                     " characters"};
    return token;
}

} // namespace kiosk
