// kiosk-publish subcommands register themselves here; main.cpp dispatches by name.
// Adding a subcommand: write publish_<name>.cpp with a static PublishCommandRegistration
// and add the file to CMakeLists.txt. Nothing else changes.
#pragma once
#include <functional>
#include <string>
#include <vector>

namespace kiosk::publish {

// Exit codes shared by every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;   // e.g. the content has errors
inline constexpr int kExitUsage = 2;

struct PublishCommand {
    std::string name;         // e.g. "check"
    std::string synopsis;     // e.g. "check SRC [--json]"
    std::string summary;      // one line for --help
    std::function<int(const std::vector<std::string>& args)> run;   // args after the name
};

std::vector<PublishCommand>& publishCommands();

struct PublishCommandRegistration {
    explicit PublishCommandRegistration(PublishCommand command) { publishCommands().push_back(std::move(command)); }
};

} // namespace kiosk::publish
