// kiosk-publish keygen --out DIR [--name NAME]: a new Ed25519 key pair for signing releases.
// NAME.key (secret, mode 0600) stays with the curator; NAME.pub goes into every kiosk's config.
// Existing key files are never overwritten.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include <fcntl.h>
#include <unistd.h>

#include "kiosk/core/release_signing.h"
#include "kiosk/tools/publish/publish_command.h"

namespace kiosk::publish {
namespace {

bool writeNewFile(const std::filesystem::path& file, const std::string& text, mode_t mode) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) {
        std::fprintf(stderr, "kiosk-publish keygen: %s: %s\n", file.c_str(),
                     errno == EEXIST ? "already exists; not overwriting a key (move it away first)" : std::strerror(errno));
        return false;
    }
    const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) std::fprintf(stderr, "kiosk-publish keygen: %s: cannot write\n", file.c_str());
    return ok;
}

int runKeygen(const std::vector<std::string>& args) {
    std::filesystem::path outDir;
    std::string name = "release";
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--out" && i + 1 < args.size()) outDir = args[++i];
        else if (args[i] == "--name" && i + 1 < args.size()) name = args[++i];
        else if (args[i] == "--help") {
            std::puts("usage: kiosk-publish keygen --out DIR [--name NAME]\n"
                      "  writes DIR/NAME.key (secret, 0600) and DIR/NAME.pub (for [sync] public_key); NAME: release");
            return kExitOk;
        } else {
            std::fprintf(stderr, "kiosk-publish keygen: unexpected '%s' (see --help)\n", args[i].c_str());
            return kExitUsage;
        }
    }
    if (outDir.empty()) {
        std::fputs("kiosk-publish keygen: --out DIR is required\n", stderr);
        return kExitUsage;
    }
    if (!initCrypto()) {
        std::fputs("kiosk-publish keygen: cannot initialise libsodium\n", stderr);
        return kExitFailed;
    }
    std::error_code ec;
    std::filesystem::create_directories(outDir, ec);
    const auto secretFile = outDir / (name + ".key");
    const auto publicFile = outDir / (name + ".pub");
    if (std::filesystem::exists(secretFile) || std::filesystem::exists(publicFile)) {
        std::fprintf(stderr, "kiosk-publish keygen: %s or %s already exists; not overwriting a key\n",
                     secretFile.c_str(), publicFile.c_str());
        return kExitFailed;
    }
    KeyPair pair = generateKeyPair();
    std::string secretHex = toHex(pair.secretKey.data(), pair.secretKey.size()) + "\n";
    const bool ok = writeNewFile(secretFile, secretHex, 0600) &&
                    writeNewFile(publicFile, toHex(pair.publicKey.data(), pair.publicKey.size()) + "\n", 0644);
    std::fill(secretHex.begin(), secretHex.end(), '\0');
    std::fill(pair.secretKey.begin(), pair.secretKey.end(), 0);
    if (!ok) return kExitFailed;
    std::printf("secret key: %s (keep it private)\npublic key: %s (set [sync] public_key to it on every kiosk)\n",
                secretFile.c_str(), publicFile.c_str());
    return kExitOk;
}

const PublishCommandRegistration registration({"keygen", "keygen --out DIR [--name NAME]",
                                               "create an Ed25519 key pair for signing releases", runKeygen});

} // namespace
} // namespace kiosk::publish
