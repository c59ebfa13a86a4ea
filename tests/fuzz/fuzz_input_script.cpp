// libFuzzer target for input scripts (written by curators and testers, run by the kiosk with
// --script). Errors name the script and the line; accepted commands respect the limits.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "kiosk/core/input_script.h"
#include "kiosk/core/limits.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto script = kiosk::parseInputScript(text, "fuzz.txt");
    if (!script) {
        if (script.error().rfind("fuzz.txt:", 0) != 0) std::abort();
        return 0;
    }
    for (const auto& command : script->commands) {
        if (command.line < 1) std::abort();
        if (command.kind == kiosk::ScriptCommand::Kind::Wait && (command.ms < 0 || command.ms > kiosk::limits::kMaxScriptWaitMs))
            std::abort();
    }
    return 0;
}
