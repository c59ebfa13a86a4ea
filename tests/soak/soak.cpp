// kiosk-soak: a seeded monkey plays a headless kiosk for many virtual hours and checks that it
// stays fit to be left alone: after every idle period the attract loop is drawn (the script's
// `expect attract` also fails when a screen changed without a frame showing it), every
// session_start in the event log has its session_end, and the resident memory after warm-up
// grows by less than 2 MB.
//
//   kiosk-soak [--seed N] [--virtual-hours H] [--kiosk PATH] [--work DIR] [--no-rss-check]
//
// The seed is printed; rerun with --seed N to replay the same visitors. Exit 0: all checks
// passed; 1: a check failed (the reason is printed); 2: usage.
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/storage/event_store.h"

namespace fs = std::filesystem;

namespace {

constexpr long kRssGrowthLimitKb = 2048;   // after warm-up
constexpr int kScreenW = 1920, kScreenH = 1080;

struct Options {
    std::uint64_t seed = 0;
    bool seedGiven = false;
    double virtualHours = 1.0;
    fs::path kiosk = KIOSK_EXECUTABLE;
    fs::path work;
    bool rssCheck = true;
};

// The monkey: writes a script of visits, each followed by a long idle period and the checks.
class Monkey {
public:
    Monkey(std::uint64_t seed, fs::path work, std::vector<fs::path> exhibitions)
        : random_(seed), work_(std::move(work)), exhibitions_(std::move(exhibitions)) {}

    std::string write(double virtualHours) {
        const std::int64_t endMs = static_cast<std::int64_t>(virtualHours * 3600.0 * 1000.0);
        while (virtualMs_ < endMs) {
            visit();
            idle();
        }
        return script_.str();
    }
    int visits() const { return visits_; }
    int idlePeriods() const { return idlePeriods_; }
    std::int64_t virtualMs() const { return virtualMs_; }

private:
    int between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random_); }
    bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(random_) < p; }
    void line(const std::string& text, std::int64_t ms) { script_ << text << "\n"; virtualMs_ += ms; }
    void tap(int x, int y) { line("tap " + std::to_string(x) + " " + std::to_string(y), 48); }
    void drag(int x1, int y1, int x2, int y2, int ms) {
        line("drag " + std::to_string(x1) + " " + std::to_string(y1) + " " + std::to_string(x2) + " " +
                 std::to_string(y2) + " " + std::to_string(ms), ms + 48);
    }
    // The technician's PIN pad at 1920x1080: 120 px keys, 20 px gaps, centred, from y 350.
    void pinKey(int index) { tap(760 + (index % 3) * 140 + 60, 350 + (index / 3) * 140 + 60); }
    void pin(const std::string& digits) {
        static const std::string kKeys = "123456789C0K";
        for (char c : digits) pinKey(static_cast<int>(kKeys.find(c)));
        pinKey(11);   // OK
    }

    void visit() {
        ++visits_;
        tap(between(200, 1700), between(300, 900));   // touch to start
        tap(between(100, 1800), between(200, 1000));  // a language, or whatever is there
        const int actions = between(3, 40);
        for (int i = 0; i < actions; ++i) {
            const int what = between(0, 99);
            if (what < 35) tap(between(0, kScreenW - 1), between(0, kScreenH - 1));
            else if (what < 50) drag(between(100, 1800), between(200, 1000), between(100, 1800), between(200, 1000), between(50, 900));
            else if (what < 60) { const int y = between(300, 900); drag(1500, y, 300, y, between(80, 250)); }   // swipe
            else if (what < 68) {
                static const char* kKeys[] = {"escape", "back", "enter", "left", "right", "up", "down", "home"};
                line(std::string("key ") + kKeys[between(0, 7)], 16);
            } else if (what < 75) { tap(1700, 64); tap(between(100, 1800), between(200, 1000)); }   // language button, a choice
            else if (what < 80) {
                drag(6, 6, 6, 6, 3600);                   // the technician's corner
                // Closed with the back key, not a tap on the close button: in a right-to-left
                // language the overlay is mirrored, the button is top left, and a tap at the
                // left-to-right position left the overlay open for the random taps that follow
                // (one of them once landed on its Exit button and ended the 24-hour run).
                if (chance(0.5)) {
                    std::string wrong = std::to_string(between(1000, 9999));
                    if (wrong == "2468") wrong = "1357";
                    pin(wrong);
                    line("key back", 16);
                }
                else { pin("2468"); line("wait " + std::to_string(between(100, 3000)), 0); line("key back", 16); }   // close it
            } else if (what < 83 && exhibitions_.size() > 1) {
                // A new release arrives while a visitor is on a screen: shown at the next idle moment.
                line("offer " + exhibitions_[static_cast<std::size_t>(between(0, static_cast<int>(exhibitions_.size()) - 1))].string(), 0);
            } else {
                const int ms = chance(0.1) ? between(20000, 65000) : between(100, 5000);   // reading, or the countdown
                line("wait " + std::to_string(ms), ms);
            }
        }
    }

    void idle() {
        ++idlePeriods_;
        // Idle timeout 60 s + countdown 10 s; the technician overlay closes after 60 s.
        const int ms = chance(0.03) ? between(600000, 3600000) : between(75000, 240000);
        line("wait " + std::to_string(ms), ms);
        line("expect attract", 0);
        line("shot " + (work_ / ("idle-" + std::to_string(idlePeriods_) + ".png")).string(), 0);
    }

    std::mt19937_64 random_;
    fs::path work_;
    std::vector<fs::path> exhibitions_;
    std::ostringstream script_;
    std::int64_t virtualMs_ = 0;
    int visits_ = 0, idlePeriods_ = 0;
};

long rssKb(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}

int usage(const std::string& message) {
    std::fprintf(stderr, "kiosk-soak: %s\nusage: kiosk-soak [--seed N] [--virtual-hours H] [--kiosk PATH] [--work DIR] [--no-rss-check]\n",
                 message.c_str());
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
        try {
            if (arg == "--seed") { options.seed = std::stoull(value()); options.seedGiven = true; }
            else if (arg == "--virtual-hours") options.virtualHours = std::stod(value());
            else if (arg == "--kiosk") options.kiosk = value();
            else if (arg == "--work") options.work = value();
            else if (arg == "--no-rss-check") options.rssCheck = false;
            else return usage("unknown option '" + arg + "'");
        } catch (const std::exception&) {
            return usage("bad value for " + arg);
        }
    }
    if (options.virtualHours <= 0 || options.virtualHours > 24 * 60) return usage("--virtual-hours wants 0 < H <= 1440");
    if (!options.seedGiven) options.seed = std::random_device{}() ^ static_cast<std::uint64_t>(std::chrono::system_clock::now().time_since_epoch().count());
    if (options.work.empty()) options.work = fs::temp_directory_path() / ("kiosk-soak-" + std::to_string(getpid()));
    std::printf("soak: seed %llu (replay with --seed %llu), %.2f virtual hours, work folder %s\n",
                static_cast<unsigned long long>(options.seed), static_cast<unsigned long long>(options.seed), options.virtualHours,
                options.work.c_str());
    std::fflush(stdout);

    fs::remove_all(options.work);
    fs::create_directories(options.work);
    // A second exhibition (another title) to offer in the middle of visits, and the first again.
    const fs::path first = fs::path(KIOSK_SOURCE_DIR) / "content";
    const fs::path second = options.work / "exhibition-b";
    fs::copy(first, second, fs::copy_options::recursive);
    {
        std::ifstream in(second / "exhibition.json");
        nlohmann::json exhibition = nlohmann::json::parse(in);
        in.close();
        exhibition["title"]["en"] = "Soak test exhibition";
        std::ofstream(second / "exhibition.json") << exhibition.dump(2);
    }
    Monkey monkey(options.seed, options.work, {second, first});
    const fs::path scriptFile = options.work / "monkey.txt";
    std::ofstream(scriptFile) << monkey.write(options.virtualHours);

    const auto started = std::chrono::steady_clock::now();
    const fs::path dataDir = options.work / "data", logFile = options.work / "kiosk.log";
    const pid_t pid = fork();
    if (pid == 0) {
        std::freopen(logFile.c_str(), "w", stdout);
        dup2(fileno(stdout), 2);
        execl(options.kiosk.c_str(), options.kiosk.c_str(), "--headless", "--size", "1920x1080", "--script", scriptFile.c_str(),
              "--data", dataDir.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    // RSS at every idle check (when its screenshot appears).
    std::vector<long> rss;
    int status = 0;
    int seen = 0;
    while (waitpid(pid, &status, WNOHANG) == 0) {
        while (fs::exists(options.work / ("idle-" + std::to_string(seen + 1) + ".png"))) {
            ++seen;
            const long kb = rssKb(pid);
            if (kb > 0) rss.push_back(kb);
            fs::remove(options.work / ("idle-" + std::to_string(seen - 1) + ".png"));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    const double wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const int exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);

    bool ok = true;
    const auto fail = [&](const std::string& why) { std::printf("soak: FAILED: %s\n", why.c_str()); ok = false; };
    if (exitCode != 0) {
        std::ifstream in(logFile);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (text.size() > 4000) text = "..." + text.substr(text.size() - 4000);
        fail("the kiosk exited with " + std::to_string(exitCode) + ":\n" + text);
    }

    // Every session_start has its session_end, before the next session starts.
    long starts = 0, ends = 0, resets = 0;
    {
        auto store = kiosk::storage::EventStore::open(dataDir / "events.db");
        if (!store) fail("event log: " + store.error());
        else {
            std::map<std::string, int> open;
            std::string current;
            std::int64_t after = 0;
            while (true) {
                auto page = (*store)->readAfter(after, 5000);
                if (!page) { fail("event log: " + page.error()); break; }
                if (page->empty()) break;
                for (const auto& e : *page) {
                    after = e.id;
                    if (e.typeName == "session_start") {
                        ++starts;
                        if (!current.empty()) fail("session " + current + " has no session_end before the next session_start");
                        current = e.event.sessionId;
                    } else if (e.typeName == "session_end") {
                        ++ends;
                        if (e.event.sessionId != current) fail("session_end of " + e.event.sessionId + " without its session_start");
                        current.clear();
                    } else if (e.typeName == "idle_reset") {
                        ++resets;
                    }
                }
            }
            if (!current.empty()) fail("session " + current + " never ended");
        }
    }

    // Memory: warm-up is the first quarter of the idle checks (at least two). Decoded images come
    // and go within their budget (LRU), so single samples swing by megabytes; what a leak raises
    // is the floor. Growth is the lowest sample of the last quarter minus the sample at the end
    // of warm-up; the peak is printed as well.
    long warm = -1, peakAfter = -1, floorLate = -1;
    if (rss.size() >= 4) {
        const std::size_t warmUp = std::max<std::size_t>(2, rss.size() / 4);
        warm = rss[warmUp - 1];
        for (std::size_t i = warmUp; i < rss.size(); ++i) peakAfter = std::max(peakAfter, rss[i]);
        const std::size_t lateFrom = rss.size() - std::max<std::size_t>(1, rss.size() / 4);
        for (std::size_t i = lateFrom; i < rss.size(); ++i) floorLate = floorLate < 0 ? rss[i] : std::min(floorLate, rss[i]);
        if (options.rssCheck && floorLate - warm >= kRssGrowthLimitKb)
            fail("resident memory grew by " + std::to_string(floorLate - warm) + " KB after warm-up (lowest of the last " +
                 "quarter of idle checks; limit " + std::to_string(kRssGrowthLimitKb) + " KB)");
    } else if (options.rssCheck) {
        fail("too few idle checks (" + std::to_string(rss.size()) + ") to judge memory: run more virtual hours");
    }
    if (static_cast<int>(rss.size()) < monkey.idlePeriods() && exitCode == 0)
        std::printf("soak: note: %zu of %d idle checks sampled (the kiosk ran ahead of the sampler)\n", rss.size(), monkey.idlePeriods());

    std::printf("soak: %.2f virtual hours, %d visits, %d idle periods checked, %ld sessions (%ld ended, %ld idle resets), "
                "RSS start %ld KB, after warm-up %ld KB, peak after warm-up %ld KB, lowest of the last quarter %ld KB, end %ld KB, %.1f s wall\n",
                static_cast<double>(monkey.virtualMs()) / 3600000.0, monkey.visits(), monkey.idlePeriods(), starts, ends, resets,
                rss.empty() ? -1 : rss.front(), warm, peakAfter, floorLate, rss.empty() ? -1 : rss.back(), wallSeconds);
    std::printf("soak: %s (seed %llu)\n", ok ? "passed" : "FAILED", static_cast<unsigned long long>(options.seed));
    if (ok) fs::remove_all(options.work);
    return ok ? 0 : 1;
}
