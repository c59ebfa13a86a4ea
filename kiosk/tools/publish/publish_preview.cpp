// kiosk-publish preview DIR --out sheet.png: contact sheets of every item page in every
// language (or a chosen subset), for a side-by-side review. Each language is rendered by the
// kiosk itself (`kiosk --preview DIR --headless --script ...`, pages reached with the preview's
// "pagedown" key), then the shots are scaled down into a grid: one column per language, one
// row per item; long exhibitions give sheet.png, sheet-2.png, ...
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <stb_image_write.h>

#include "kiosk/core/content_loader.h"
#include "kiosk/core/image_decode.h"
#include "kiosk/tools/publish/publish_command.h"

extern char** environ;

namespace kiosk::publish {
namespace {
namespace fs = std::filesystem;

constexpr int kShotWidthPx = 1920, kShotHeightPx = 1080;     // the kiosk's landscape screen
constexpr int kThumbWidthPx = 480, kThumbHeightPx = 270;     // one page on the sheet
constexpr int kSheetGapPx = 12;
constexpr int kMaxRowsPerSheet = 10;
constexpr int kSettleMs = 800;                               // after a page change: transition done

constexpr const char* kUsage =
    "usage: kiosk-publish preview DIR --out SHEET.png [--lang en,fr] [--items id1,id2] [--kiosk PATH]\n"
    "\n"
    "Renders the page of every item (or --items) in every language (or --lang) with the kiosk,\n"
    "headless, and puts them side by side: one column per language, one row per item, at most\n"
    "10 rows a sheet (SHEET.png, SHEET-2.png, ...). Items with errors show their marked\n"
    "placeholder card. --kiosk: the kiosk program (default: next to kiosk-publish, else on PATH).\n";

std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = text.find(',', start);
        const std::string part = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!part.empty()) out.push_back(part);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

fs::path findKiosk(const fs::path& given) {
    if (!given.empty()) return given;
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        for (const fs::path& candidate : {self.parent_path() / "kiosk", self.parent_path().parent_path() / "app/kiosk"})
            if (fs::is_regular_file(candidate, ec)) return candidate;
    }
    return "kiosk";   // on PATH
}

int runProgram(const std::vector<std::string>& argv, const fs::path& log) {
    std::vector<char*> args;
    for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    pid_t pid = 0;
    const int spawned = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) return -1;
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Box-filters an RGB(A) shot down into the sheet at (x, y).
void paste(std::vector<unsigned char>& sheet, int sheetWidth, const DecodedImage& shot, int x, int y) {
    const int channels = shot.channels;
    for (int ty = 0; ty < kThumbHeightPx; ++ty)
        for (int tx = 0; tx < kThumbWidthPx; ++tx) {
            const int x0 = tx * shot.width / kThumbWidthPx, x1 = std::max(x0 + 1, (tx + 1) * shot.width / kThumbWidthPx);
            const int y0 = ty * shot.height / kThumbHeightPx, y1 = std::max(y0 + 1, (ty + 1) * shot.height / kThumbHeightPx);
            unsigned sum[3] = {0, 0, 0};
            unsigned count = 0;
            for (int sy = y0; sy < y1; ++sy)
                for (int sx = x0; sx < x1; ++sx) {
                    const unsigned char* p = shot.pixels.get() + (static_cast<std::size_t>(sy) * shot.width + sx) * channels;
                    for (int c = 0; c < 3; ++c) sum[c] += p[c];
                    ++count;
                }
            unsigned char* out = sheet.data() + (static_cast<std::size_t>(y + ty) * sheetWidth + (x + tx)) * 3;
            for (int c = 0; c < 3; ++c) out[c] = static_cast<unsigned char>(sum[c] / count);
        }
}

int runPreview(const std::vector<std::string>& args) {
    fs::path dir, out, kioskGiven;
    std::vector<std::string> languages, items;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        const bool hasValue = i + 1 < args.size();
        if (arg == "--help" || arg == "-h") { std::fputs(kUsage, stdout); return kExitOk; }
        if (arg == "--out" && hasValue) out = args[++i];
        else if (arg == "--lang" && hasValue) languages = splitList(args[++i]);
        else if (arg == "--items" && hasValue) items = splitList(args[++i]);
        else if (arg == "--kiosk" && hasValue) kioskGiven = args[++i];
        else if (!arg.empty() && arg[0] != '-' && dir.empty()) dir = arg;
        else { std::fprintf(stderr, "kiosk-publish preview: unexpected '%s'\n\n%s", arg.c_str(), kUsage); return kExitUsage; }
    }
    if (dir.empty() || out.empty()) { std::fprintf(stderr, "kiosk-publish preview: DIR and --out are needed\n\n%s", kUsage); return kExitUsage; }
    const ContentLoadResult result = loadExhibition(dir);
    if (!result.snapshot) {
        for (const auto& problem : result.problems) std::fprintf(stderr, "%s\n", problem.toString().c_str());
        return kExitFailed;
    }
    const Exhibition& ex = *result.snapshot;
    // The items in the preview's "pagedown" order: categories in order (items of broken files too).
    std::vector<std::string> order;
    // (content_preview.cpp puts a broken item of an unknown category into the first category).
    for (std::size_t c = 0; c < ex.categories.size(); ++c) {
        const Category& category = ex.categories[c];
        for (const Item* item : ex.itemsInCategory(category.id)) order.push_back(item->id);
        for (const auto& broken : result.brokenItems) {
            const bool here = broken.category == category.id || (c == 0 && !ex.findCategory(broken.category));
            if (here && !ex.findItem(broken.folder)) order.push_back(broken.folder);
        }
    }
    if (languages.empty())
        for (const auto& language : ex.languages) languages.push_back(language.code);
    for (const auto& code : languages)
        if (!ex.findLanguage(code)) { std::fprintf(stderr, "kiosk-publish preview: language '%s' is not declared\n", code.c_str()); return kExitUsage; }
    for (const auto& id : items)
        if (std::find(order.begin(), order.end(), id) == order.end()) {
            std::fprintf(stderr, "kiosk-publish preview: no item '%s'\n", id.c_str());
            return kExitUsage;
        }
    std::vector<std::size_t> rows;   // indexes into `order` to show
    for (std::size_t i = 0; i < order.size(); ++i)
        if (items.empty() || std::find(items.begin(), items.end(), order[i]) != items.end()) rows.push_back(i);
    if (rows.empty()) { std::fprintf(stderr, "kiosk-publish preview: the exhibition has no items\n"); return kExitFailed; }

    char tempTemplate[] = "/tmp/kiosk-preview-XXXXXX";
    if (!mkdtemp(tempTemplate)) { std::fprintf(stderr, "kiosk-publish preview: cannot make a temporary folder\n"); return kExitFailed; }
    const fs::path temp = tempTemplate;
    const fs::path kiosk = findKiosk(kioskGiven);
    int failures = 0;
    for (const auto& language : languages) {
        std::string script;
        std::size_t at = 0;
        for (const std::size_t row : rows) {
            for (; at <= row; ++at) script += "key pagedown\n";
            script += "wait " + std::to_string(kSettleMs) + "\nshot " + (temp / (language + "-" + std::to_string(row) + ".png")).string() + "\n";
        }
        const fs::path scriptFile = temp / (language + ".script");
        std::ofstream(scriptFile) << script;
        const int code = runProgram({kiosk.string(), "--preview", dir.string(), "--headless", "--lang", language, "--size",
                                     std::to_string(kShotWidthPx) + "x" + std::to_string(kShotHeightPx), "--data",
                                     (temp / "data").string(), "--script", scriptFile.string()},
                                    temp / (language + ".log"));
        if (code != 0) {
            std::fprintf(stderr, "kiosk-publish preview: the kiosk (%s) failed for '%s' (exit %d); its output is in %s\n",
                         kiosk.c_str(), language.c_str(), code, (temp / (language + ".log")).c_str());
            ++failures;
        }
    }
    if (failures) return kExitFailed;

    const int columns = static_cast<int>(languages.size());
    const int sheetWidth = kSheetGapPx + columns * (kThumbWidthPx + kSheetGapPx);
    int sheetNumber = 0;
    for (std::size_t first = 0; first < rows.size(); first += kMaxRowsPerSheet) {
        const int rowCount = static_cast<int>(std::min<std::size_t>(kMaxRowsPerSheet, rows.size() - first));
        const int sheetHeight = kSheetGapPx + rowCount * (kThumbHeightPx + kSheetGapPx);
        std::vector<unsigned char> sheet(static_cast<std::size_t>(sheetWidth) * sheetHeight * 3, 0x40);
        for (int r = 0; r < rowCount; ++r)
            for (int c = 0; c < columns; ++c) {
                const fs::path shotFile = temp / (languages[c] + "-" + std::to_string(rows[first + r]) + ".png");
                auto bytes = readImageFile(shotFile);
                auto shot = bytes ? decodeImage(*bytes, static_cast<std::int64_t>(kShotWidthPx) * kShotHeightPx * 4, 3)
                                  : Result<DecodedImage>(Error{bytes.error()});
                if (!shot) { std::fprintf(stderr, "kiosk-publish preview: %s: %s\n", shotFile.c_str(), shot.error().c_str()); return kExitFailed; }
                paste(sheet, sheetWidth, *shot, kSheetGapPx + c * (kThumbWidthPx + kSheetGapPx),
                      kSheetGapPx + r * (kThumbHeightPx + kSheetGapPx));
            }
        ++sheetNumber;
        fs::path file = out;
        if (sheetNumber > 1) file = out.parent_path() / (out.stem().string() + "-" + std::to_string(sheetNumber) + out.extension().string());
        if (!stbi_write_png(file.c_str(), sheetWidth, sheetHeight, 3, sheet.data(), sheetWidth * 3)) {
            std::fprintf(stderr, "kiosk-publish preview: cannot write %s\n", file.c_str());
            return kExitFailed;
        }
        std::string rowNames;
        for (int r = 0; r < rowCount; ++r) rowNames += (r ? ", " : "") + order[rows[first + static_cast<std::size_t>(r)]];
        std::string columnNames;
        for (const auto& language : languages) columnNames += (columnNames.empty() ? "" : ", ") + language;
        std::printf("%s: columns %s; rows %s\n", file.c_str(), columnNames.c_str(), rowNames.c_str());
    }
    std::error_code ec;
    fs::remove_all(temp, ec);
    return kExitOk;
}

const PublishCommandRegistration registration({"preview", "preview DIR --out SHEET.png [--lang ..] [--items ..]",
                                               "contact sheets of every item page in every language", runPreview});

} // namespace
} // namespace kiosk::publish
