// kiosk-publish: the curators' tool. Checks an exhibition folder and publishes it as a signed
// release tree for any static web server. Links the core only, no UI.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "kiosk/tools/publish/publish_command.h"

namespace kiosk::publish {
std::vector<PublishCommand>& publishCommands() {
    static std::vector<PublishCommand> commands;
    return commands;
}
} // namespace kiosk::publish

namespace {
void usage(FILE* out) {
    std::fputs("usage: kiosk-publish COMMAND [ARGS...]\n\ncommands:\n", out);
    auto commands = kiosk::publish::publishCommands();
    std::sort(commands.begin(), commands.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    for (const auto& command : commands)
        std::fprintf(out, "  %-52s %s\n", command.synopsis.c_str(), command.summary.c_str());
    std::fputs("\nkiosk-publish COMMAND --help shows a command's options.\n", out);
}
} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        usage(stderr);
        return kiosk::publish::kExitUsage;
    }
    const std::string name = argv[1];
    if (name == "--help" || name == "-h" || name == "help") {
        usage(stdout);
        return kiosk::publish::kExitOk;
    }
    for (const auto& command : kiosk::publish::publishCommands())
        if (command.name == name) return command.run(std::vector<std::string>(argv + 2, argv + argc));
    std::fprintf(stderr, "kiosk-publish: unknown command '%s'\n\n", name.c_str());
    usage(stderr);
    return kiosk::publish::kExitUsage;
}
