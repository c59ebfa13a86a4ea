// sync_bench: how fast the kiosk's sync fetches a release over loopback, compared with plain
// `curl` fetching the same objects in the same run, and what an unchanged check costs.
//   sync_bench [--megabytes N] [--files N] [--parallel N]
// The server is cpp-httplib serving the release tree from this process (both clients use it).
#include <sys/wait.h>

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
    int megabytes = 200, files = 100, parallel = 4;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string arg = argv[i];
        if (arg == "--megabytes") megabytes = std::atoi(argv[i + 1]);
        else if (arg == "--files") files = std::atoi(argv[i + 1]);
        else if (arg == "--parallel") parallel = std::atoi(argv[i + 1]);
    }
    if (megabytes < 1 || files < 1 || parallel < 1) {
        std::fputs("usage: sync_bench [--megabytes N] [--files N] [--parallel N]\n", stderr);
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
    std::thread serverThread([&] { server.listen_after_bind(); });
    while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const std::string base = "http://127.0.0.1:" + std::to_string(port);

    kiosk::sync::SyncSettings settings;
    settings.baseUrl = base;
    settings.publicKey = keys.publicKey;
    settings.parallelDownloads = parallel;

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
    fs::create_directories(root / "curl-out");
    const std::string curlCommand = "curl -s --no-progress-meter -f --parallel --parallel-max " + std::to_string(parallel) + " -K " +
                                    (root / "curl.cfg").string();
    t0 = std::chrono::steady_clock::now();
    const int curlStatus = std::system(curlCommand.c_str());
    const double curlSeconds = secondsSince(t0);
    if (curlStatus != 0) std::fprintf(stderr, "warning: curl exited with %d\n", curlStatus);
    // The kiosk makes every object durable (fsync) before using it; curl does not. To compare
    // like with like, also time curl followed by flushing its files to disk.
    t0 = std::chrono::steady_clock::now();
    const int syncStatus = std::system(("sync -f " + (root / "curl-out").string()).c_str());
    const double curlDurableSeconds = curlSeconds + secondsSince(t0);
    if (syncStatus != 0) std::fprintf(stderr, "warning: sync exited with %d\n", syncStatus);

    // The kiosk: manifest, signature, parallel downloads with hashing, fsync, materialise, switch.
    kiosk::sync::SyncCycleStats fresh;
    t0 = std::chrono::steady_clock::now();
    const kiosk::SyncOutcome first = kiosk::sync::runSyncCycle(settings, root / "data", &fresh);
    const double syncSeconds = secondsSince(t0);

    // Unchanged: one conditional request.
    kiosk::sync::SyncCycleStats unchanged;
    t0 = std::chrono::steady_clock::now();
    const kiosk::SyncOutcome second = kiosk::sync::runSyncCycle(settings, root / "data", &unchanged);
    const double unchangedMs = secondsSince(t0) * 1000;

    const double mb = static_cast<double>(manifest->totalBytes()) / 1e6;
    std::printf("release: %.1f MB in %zu files (published in %.2f s)\n", mb, manifest->files.size(), publishSeconds);
    std::printf("plain curl (--parallel-max %d):      %.2f s  %.0f MB/s\n", parallel, curlSeconds, mb / curlSeconds);
    std::printf("kiosk sync (%d parallel): %s  %.2f s  %.0f MB/s  (%d requests)\n", parallel, first.line().c_str(),
                syncSeconds, mb / syncSeconds, fresh.http.requests.load());
    std::printf("plain curl, then sync(1) to disk:  %.2f s  %.0f MB/s\n", curlDurableSeconds, mb / curlDurableSeconds);
    std::printf("ratio kiosk/curl:                  %.2f\n", syncSeconds / curlSeconds);
    std::printf("ratio kiosk/(curl + sync to disk): %.2f\n", syncSeconds / curlDurableSeconds);
    std::printf("unchanged check: %s, %d request(s), %llu bytes received, %.1f ms\n", second.line().c_str(),
                unchanged.http.requests.load(), static_cast<unsigned long long>(unchanged.http.bytesReceived.load()),
                unchangedMs);
    server.stop();
    serverThread.join();
    fs::remove_all(root);
    return first.succeeded() && second.line() == "up to date" ? 0 : 1;
}
