// kiosk-publish push RELEASE_DIR DEST [--verbose]: uploads a release tree so that kiosks polling
// meanwhile never see a manifest before its objects: objects/, releases/, keys.json, then each
// channel's signature and manifest last. DEST is a local folder (atomic renames) or an rsync
// destination (host:path, user@host:path, rsync://...), run through the `rsync` command.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "kiosk/tools/publish/publish_command.h"
#include "kiosk/tools/publish/release_builder.h"

namespace kiosk::publish {
namespace {

const char* kPushUsage =
    "usage: kiosk-publish push RELEASE_DIR DEST [--verbose]\n"
    "  RELEASE_DIR  the tree written by build --out\n"
    "  DEST         a local folder served by the web server, or an rsync/SSH destination\n"
    "               (host:path, user@host:path, rsync://host/module/path; needs rsync)\n"
    "Order: objects/, releases/, keys.json, channels/*/manifest.json.sig, channels/*/manifest.json.\n";

bool isRemote(const std::string& dest) {
    if (dest.rfind("rsync://", 0) == 0) return true;
    const auto colon = dest.find(':');
    const auto slash = dest.find('/');
    return colon != std::string::npos && (slash == std::string::npos || colon < slash);
}

int runCommand(const std::vector<std::string>& command) {
    std::vector<char*> argv;
    for (const auto& part : command) argv.push_back(const_cast<char*>(part.c_str()));
    argv.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        ::execvp(argv[0], argv.data());
        std::perror("kiosk-publish push: cannot run rsync");
        ::_exit(127);
    }
    int status = 0;
    if (::waitpid(pid, &status, 0) != pid) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int runPush(const std::vector<std::string>& args) {
    std::vector<std::string> positional;
    bool verbose = false;
    for (const auto& arg : args) {
        if (arg == "--help") { std::fputs(kPushUsage, stdout); return kExitOk; }
        if (arg == "--verbose") verbose = true;
        else if (!arg.empty() && arg[0] != '-') positional.push_back(arg);
        else {
            std::fprintf(stderr, "kiosk-publish push: unexpected '%s'\n%s", arg.c_str(), kPushUsage);
            return kExitUsage;
        }
    }
    if (positional.size() != 2) {
        std::fprintf(stderr, "kiosk-publish push: RELEASE_DIR and DEST are required\n%s", kPushUsage);
        return kExitUsage;
    }
    const std::filesystem::path tree = positional[0];
    const std::string& dest = positional[1];
    if (isRemote(dest)) {
        for (const auto& command : rsyncPushCommands(tree, dest)) {
            if (verbose) {
                for (const auto& part : command) std::printf("%s ", part.c_str());
                std::printf("\n");
                std::fflush(stdout);
            }
            const int code = runCommand(command);
            if (code != 0) {
                std::fprintf(stderr, "kiosk-publish push: rsync failed (exit %d); the channel manifests were not replaced\n", code);
                return kExitFailed;
            }
        }
        std::printf("pushed %s to %s\n", tree.c_str(), dest.c_str());
        return kExitOk;
    }
    auto report = pushReleaseTree(tree, dest, [&](const std::string& file) {
        if (verbose) std::printf("placed %s\n", file.c_str());
    });
    if (!report) {
        std::fprintf(stderr, "kiosk-publish push: %s\n", report.error().c_str());
        return kExitFailed;
    }
    std::printf("pushed %s to %s: %d files copied (%llu bytes), %d already there\n", tree.c_str(), dest.c_str(),
                report->filesCopied, static_cast<unsigned long long>(report->bytesCopied), report->filesSkipped);
    return kExitOk;
}

const PublishCommandRegistration registration({"push", "push RELEASE_DIR DEST [--verbose]",
                                               "upload a release tree: objects first, manifests last", runPush});

} // namespace
} // namespace kiosk::publish
