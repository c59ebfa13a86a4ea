#include "process_runner.h"

namespace kiosk::test {

ProcessResult runKiosk(const std::vector<std::string>& args, const std::vector<std::string>& env) {
    return runProgram(KIOSK_EXECUTABLE, args, env);
}

BackgroundProcess startKiosk(const std::vector<std::string>& args, const std::vector<std::string>& env) {
    return startProcess(KIOSK_EXECUTABLE, args, env);
}

} // namespace kiosk::test
