// Benchmark: loading the sample exhibition the way the kiosk does (no image decoding), the
// way `kiosk-publish check` does (every image decoded), and the JSON position scanner alone.
//   build/tests/content/bench_content_load [content-dir] [repetitions]
// Prints median wall-clock figures; run it on an otherwise idle machine.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "kiosk/core/content_loader.h"
#include "kiosk/core/json_positions.h"
#include "kiosk/core/limits.h"

namespace {

template <class F>
double medianMs(int repetitions, F&& run) {
    std::vector<double> samples;
    for (int i = 0; i < repetitions; ++i) {
        const auto start = std::chrono::steady_clock::now();
        run();
        samples.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(samples.begin(), samples.end());
    return samples[samples.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
    const std::filesystem::path content = argc > 1 ? argv[1] : KIOSK_SOURCE_DIR "/content";
    const int repetitions = argc > 2 ? std::max(1, std::atoi(argv[2])) : 9;
    std::size_t items = 0;
    const double kioskMs = medianMs(repetitions, [&] { items = kiosk::loadExhibition(content).snapshot->items.size(); });
    kiosk::ContentLoadOptions check;
    check.decodeImages = true;
    const double checkMs = medianMs(repetitions, [&] { (void)kiosk::loadExhibition(content, check); });

    // One valid document made of every JSON file of the exhibition, repeated to about 8 MiB.
    std::string all = "[";
    for (const auto& entry : std::filesystem::recursive_directory_iterator(content))
        if (entry.path().extension() == ".json") {
            std::ifstream in(entry.path(), std::ios::binary);
            if (all.size() > 1) all += ",";
            all.append(std::istreambuf_iterator<char>(in), {});
        }
    all += "]";
    std::string big = "[" + all;
    while (big.size() < 8u * 1024 * 1024) big += "," + all;
    big += "]";
    std::size_t found = 0;
    const double scanMs = medianMs(repetitions, [&] {
        found = kiosk::JsonPositions::scan(big, kiosk::limits::kMaxJsonNestingDepth).find("/1/0/id").line;
    });
    if (found == 0) { std::fprintf(stderr, "scanner did not reach the second copy\n"); return 1; }

    std::printf("content: %s (%zu items)\n", content.c_str(), items);
    std::printf("load_exhibition_ms (kiosk, no image decoding): %.2f\n", kioskMs);
    std::printf("check_exhibition_ms (every image decoded):     %.2f\n", checkMs);
    std::printf("json_position_scan_mb_per_s:                   %.1f\n",
                static_cast<double>(big.size()) / (1024.0 * 1024.0) / (scanMs / 1000.0));
    return 0;
}
