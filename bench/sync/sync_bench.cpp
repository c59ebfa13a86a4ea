// sync_bench: how fast the kiosk's sync fetches a release over loopback, compared with plain
// `curl --parallel --parallel-max N` fetching the same objects from the same server in the same
// run (alternated, --rounds times), the CPU seconds each spends per 100 MB, and what an
// unchanged check costs.
//   sync_bench [--megabytes N] [--files N] [--parallel N] [--rounds N]
// The server is cpp-httplib in a child process serving the release tree (both clients use it).
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <thread>

#include <httplib.h>

#include "kiosk/core/log.h"
#include "kiosk/core/release_manifest.h"
#include "kiosk/core/release_signing.h"
#include "kiosk/sync/sync_client.h"
#include "kiosk/tools/publish/release_builder.h"

namespace fs = std::filesystem;

namespace {

double cpuSeconds(int who) {
    rusage usage{};
    ::getrusage(who, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void writeRandomFile(const fs::path& file, std::size_t size, std::uint32_t seed) {
    fs::create_directories(file.parent_path());
    std::mt19937 random(seed);
    std::string bytes(size, '\0');
    auto* words = reinterpret_cast<std::uint32_t*>(bytes.data());
    for (std::size_t i = 0; i < size / 4; ++i) words[i] = random();
    std::ofstream(file, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

} // namespace

int main(int argc, char** argv) {
    int megabytes = 200, files = 100, parallel = 4, rounds = 3;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string arg = argv[i];
        if (arg == "--megabytes") megabytes = std::atoi(argv[i + 1]);
        else if (arg == "--files") files = std::atoi(argv[i + 1]);
        else if (arg == "--parallel") parallel = std::atoi(argv[i + 1]);
        else if (arg == "--rounds") rounds = std::atoi(argv[i + 1]);
    }
    if (megabytes < 1 || files < 1 || parallel < 1 || rounds < 1) {
        std::fputs("usage: sync_bench [--megabytes N] [--files N] [--parallel N] [--rounds N]\n", stderr);
        return 2;
    }
    kiosk::log::setQuiet(true);
    std::string pattern = (fs::temp_directory_path() / "kiosk-sync-bench-XXXXXX").string();
    const fs::path root = ::mkdtemp(pattern.data());

    // A release of `megabytes` MB in `files` files.
    const fs::path source = root / "src";
    fs::create_directories(source);
    std::ofstream(source / "exhibition.json")
        << R"({"id": "bench", "title": {"en": "Bench"}, "languages": [{"code": "en", "name": "English"}]})";
    std::ofstream(source / "categories.json") << "[]";
    const std::size_t fileBytes = static_cast<std::size_t>(megabytes) * 1000 * 1000 / static_cast<std::size_t>(files);
    for (int i = 0; i < files; ++i) writeRandomFile(source / "media" / ("f" + std::to_string(i) + ".bin"), fileBytes, i + 1);
    const kiosk::KeyPair keys = kiosk::generateKeyPair();
    kiosk::publish::BuildOptions build;
    build.sourceDir = source;
    build.outDir = root / "tree";
    build.secretKey = keys.secretKey;
    auto t0 = std::chrono::steady_clock::now();
    auto built = kiosk::publish::buildRelease(build);
    if (!built) { std::fprintf(stderr, "publish failed: %s\n", built.error().c_str()); return 1; }
    const double publishSeconds = secondsSince(t0);

    // The server runs in a child process, so that this process's CPU time is the kiosk's alone
    // (and curl's is counted through RUSAGE_CHILDREN while the server child still runs).
    int portPipe[2];
    if (::pipe(portPipe) != 0) return 1;
    const pid_t serverPid = ::fork();
    if (serverPid == 0) {
        httplib::Server server;
        // Objects as static files; the manifest with an ETag, as nginx would (deploy/nginx-release.conf).
        server.set_mount_point("/objects", (root / "tree/objects").string());
        server.Get(R"(/channels/stable/manifest\.json(\.sig)?)", [&](const httplib::Request& req, httplib::Response& res) {
            std::ifstream in(root / "tree/channels/stable" / (req.matches[1].length() ? "manifest.json.sig" : "manifest.json"),
                             std::ios::binary);
            const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            const std::string etag = "\"" + kiosk::sha256Hex(bytes).substr(0, 16) + "\"";
            res.set_header("ETag", etag);
            if (req.get_header_value("If-None-Match") == etag) { res.status = 304; return; }
            res.set_content(bytes, "application/json");
        });
        const int port = server.bind_to_any_port("127.0.0.1");
        if (::write(portPipe[1], &port, sizeof port) != sizeof port) ::_exit(1);
        server.listen_after_bind();
        ::_exit(0);
    }
    int port = 0;
    if (serverPid < 0 || ::read(portPipe[0], &port, sizeof port) != sizeof port || port <= 0) {
        std::fputs("cannot start the server\n", stderr);
        return 1;
    }
    const std::string base = "http://127.0.0.1:" + std::to_string(port);

    kiosk::sync::SyncSettings settings;
    settings.baseUrl = base;
    settings.publicKeys = {keys.publicKey};
    settings.parallelDownloads = parallel;
    settings.reserveBytes = 0;

    // Plain curl, same objects, same parallelism, files written to disk (no fsync, no hashing).
    std::ifstream manifestIn(root / "tree/channels/stable/manifest.json", std::ios::binary);
    const std::string manifestBytes((std::istreambuf_iterator<char>(manifestIn)), std::istreambuf_iterator<char>());
    const auto manifest = kiosk::parseManifest(manifestBytes);
    {
        std::ofstream config(root / "curl.cfg");
        for (const auto& file : manifest->files)
            config << "url = \"" << kiosk::sync::objectUrl(settings, file.sha256) << "\"\noutput = \""
                   << (root / "curl-out" / file.sha256).string() << "\"\n";
    }
    const std::string curlCommand = "curl -s --no-progress-meter -f --parallel --parallel-max " + std::to_string(parallel) + " -K " +
                                    (root / "curl.cfg").string();
    const double mb = static_cast<double>(manifest->totalBytes()) / 1e6;
    std::printf("release: %.1f MB in %zu files (published in %.2f s); %d parallel; %d rounds, alternated\n", mb,
                manifest->files.size(), publishSeconds, parallel, rounds);

    double curlBest = 1e9, kioskBest = 1e9, curlCpuTotal = 0, kioskCpuTotal = 0, curlTotal = 0, kioskTotal = 0;
    bool allSucceeded = true;
    kiosk::SyncOutcome second;
    kiosk::sync::SyncCycleStats unchanged;
    double unchangedMs = 0;
    for (int round = 0; round < rounds; ++round) {
        const auto runCurl = [&] {
            fs::remove_all(root / "curl-out");
            fs::create_directories(root / "curl-out");
            const double cpu0 = cpuSeconds(RUSAGE_CHILDREN);
            const auto t = std::chrono::steady_clock::now();
            const int status = std::system(curlCommand.c_str());
            const double seconds = secondsSince(t);
            const double cpu = cpuSeconds(RUSAGE_CHILDREN) - cpu0;
            if (status != 0) std::fprintf(stderr, "warning: curl exited with %d\n", status);
            std::printf("  round %d curl:  %.2f s  %4.0f MB/s  %.2f CPU-s\n", round + 1, seconds, mb / seconds, cpu);
            curlBest = std::min(curlBest, seconds);
            curlTotal += seconds;
            curlCpuTotal += cpu;
        };
        const auto runKiosk = [&] {
            fs::remove_all(root / "data");
            const double cpu0 = cpuSeconds(RUSAGE_SELF);
            kiosk::sync::SyncCycleStats fresh;
            const auto t = std::chrono::steady_clock::now();
            const kiosk::SyncOutcome first = kiosk::sync::runSyncCycle(settings, root / "data", &fresh);
            const double seconds = secondsSince(t);
            const double cpu = cpuSeconds(RUSAGE_SELF) - cpu0;
            allSucceeded = allSucceeded && first.succeeded();
            std::printf("  round %d kiosk: %.2f s  %4.0f MB/s  %.2f CPU-s  (%s, %d requests)\n", round + 1, seconds, mb / seconds,
                        cpu, first.line().c_str(), fresh.http.requests.load());
            kioskBest = std::min(kioskBest, seconds);
            kioskTotal += seconds;
            kioskCpuTotal += cpu;
        };
        if (round % 2 == 0) { runCurl(); runKiosk(); }
        else { runKiosk(); runCurl(); }
    }
    // Unchanged: one conditional request.
    {
        const auto t = std::chrono::steady_clock::now();
        second = kiosk::sync::runSyncCycle(settings, root / "data", &unchanged);
        unchangedMs = secondsSince(t) * 1000;
    }
    const double per100 = 100.0 / mb / rounds;
    std::printf("kiosk sync: best %.2f s (%.0f MB/s), mean %.2f s; CPU %.2f s per 100 MB\n", kioskBest, mb / kioskBest,
                kioskTotal / rounds, kioskCpuTotal * per100);
    std::printf("plain curl: best %.2f s (%.0f MB/s), mean %.2f s; CPU %.2f s per 100 MB\n", curlBest, mb / curlBest,
                curlTotal / rounds, curlCpuTotal * per100);
    std::printf("throughput ratio kiosk/curl (goal >= 0.8): best %.2f, mean %.2f\n", curlBest / kioskBest, curlTotal / kioskTotal);
    std::printf("unchanged check: %s, %d request(s), %llu bytes received, %.1f ms\n", second.line().c_str(),
                unchanged.http.requests.load(), static_cast<unsigned long long>(unchanged.http.bytesReceived.load()),
                unchangedMs);
    ::kill(serverPid, SIGTERM);
    ::waitpid(serverPid, nullptr, 0);
    fs::remove_all(root);
    return allSucceeded && second.line() == "up to date" ? 0 : 1;
}
