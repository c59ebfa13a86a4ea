#include "kiosk/core/command_line.h"

#include <charconv>

namespace kiosk {
namespace {

bool parseInt(const std::string& text, int& out) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

} // namespace

const char* kioskUsage() {
    return "usage: kiosk [--config FILE] [--content DIR] [--preview DIR] [--data DIR] [--lang CODE] [--windowed]\n"
           "             [--size WxH] [--headless] [--frames N] [--rasterize-all] [--script FILE]\n"
           "             [--check-damage] [--full-redraw] [--screenshot FILE.png] [--stats FILE.json] [--version] [--help]\n"
           "             [--sync-once] [--check-store] [--hash-pin PIN|-]\n"
           "             [--make-api-cert DIR]\n"
           "\n"
           "  --config FILE        kiosk configuration (TOML); see README \"Configuration\"\n"
           "  --content DIR        show this exhibition folder (reloaded when its files change)\n"
           "  --preview DIR        curator's preview of an exhibition folder, in a window: each save is\n"
           "                       shown at once on the same screen, item and language; problems in a\n"
           "                       panel; a broken item as a marked card; PageDown/PageUp next/previous\n"
           "                       item, Tab next language, Esc back; no idle reset\n"
           "  --data DIR           where releases, the event log and state are kept\n"
           "  --lang CODE          start in this language (e.g. en, zh-Hans, ar)\n"
           "  --windowed           open a window instead of going fullscreen\n"
           "  --size WxH           window or headless frame size, e.g. 1920x1080 or 1080x1920\n"
           "  --headless           no window, no display server: software rendering into memory\n"
           "                       on a virtual clock (scripts' waits take no real time)\n"
           "  --frames N           render N frames, then exit\n"
           "  --rasterize-all      headless: draw the pixels of every frame at display rate (frame-time\n"
           "                       benchmarks); without it only captured frames are rasterized and\n"
           "                       virtual time jumps from one wake-up to the next\n"
           "  --check-damage       software renderer: draw every damaged frame a second time whole and\n"
           "                       compare pixel for pixel (tests; counts in --stats, errors logged)\n"
           "  --full-redraw        software renderer: no damage tracking, every frame drawn whole\n"
           "                       (frame-time benchmarks: the cost of a frame that changes everything)\n"
           "  --script FILE        run an input script (wait, tap, drag, key, shot, expect)\n"
           "  --screenshot FILE    write the last frame as PNG\n"
           "  --stats FILE         write startup time, frame times, peak memory, screens as JSON\n"
           "  --sync-once          run one content sync cycle (needs [sync] in --config), print one\n"
           "                       line (up to date / updated to version N / refused: / failed:)\n"
           "                       and exit: 0 when up to date or updated\n"
           "  --check-store        hash-check every release and object under --data, then exit\n"
           "  --hash-pin PIN       print an Argon2id hash of a technician PIN (4-12 digits) for\n"
           "                       [kiosk] admin_pin_hash; \"-\" reads the PIN from standard input\n"
           "  --make-api-cert DIR  write a self-signed HTTPS certificate and key for the API\n"
           "                       (DIR/api-cert.pem, DIR/api-key.pem), print its sha256: pin, exit\n"
           "  --version            print the version\n"
           "  --help               print this help\n";
}

Result<KioskOptions> parseKioskCommandLine(const std::vector<std::string>& args) {
    KioskOptions options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        const auto value = [&](const char* what) -> std::optional<std::string> {
            if (i + 1 >= args.size()) return std::nullopt;
            (void)what;
            return args[++i];
        };
        const auto missing = [&]() { return Error{"option " + arg + " needs a value"}; };
        if (arg == "--config") { auto v = value("FILE"); if (!v) return missing(); options.configFile = *v; }
        else if (arg == "--content") { auto v = value("DIR"); if (!v) return missing(); options.contentDir = *v; }
        else if (arg == "--preview") {
            auto v = value("DIR");
            if (!v) return missing();
            options.contentDir = *v;
            options.preview = true;
            options.windowed = true;
        }
        else if (arg == "--data") { auto v = value("DIR"); if (!v) return missing(); options.dataDir = *v; }
        else if (arg == "--lang") { auto v = value("CODE"); if (!v) return missing(); options.language = *v; }
        else if (arg == "--windowed") options.windowed = true;
        else if (arg == "--headless") options.headless = true;
        else if (arg == "--rasterize-all") options.rasterizeAll = true;
        else if (arg == "--check-damage") options.checkDamage = true;
        else if (arg == "--full-redraw") options.fullRedraw = true;
        else if (arg == "--size") {
            auto v = value("WxH");
            if (!v) return missing();
            const auto x = v->find('x');
            if (x == std::string::npos || !parseInt(v->substr(0, x), options.width) ||
                !parseInt(v->substr(x + 1), options.height) || options.width < 64 || options.height < 64 ||
                options.width > 16384 || options.height > 16384)
                return Error{"--size wants WIDTHxHEIGHT between 64 and 16384, e.g. 1920x1080 (got '" + *v + "')"};
        } else if (arg == "--frames") {
            auto v = value("N");
            if (!v) return missing();
            if (!parseInt(*v, options.frames) || options.frames < 1)
                return Error{"--frames wants a whole number of at least 1 (got '" + *v + "')"};
        } else if (arg == "--script") { auto v = value("FILE"); if (!v) return missing(); options.scriptFile = *v; }
        else if (arg == "--screenshot") { auto v = value("FILE"); if (!v) return missing(); options.screenshotFile = *v; }
        else if (arg == "--stats") { auto v = value("FILE"); if (!v) return missing(); options.statsFile = *v; }
        else if (arg == "--sync-once") options.syncOnce = true;
        else if (arg == "--check-store") options.checkStore = true;
        else if (arg == "--make-api-cert") { auto v = value("DIR"); if (!v) return missing(); options.makeApiCertDir = *v; }
        else if (arg == "--version") options.showVersion = true;
        else if (arg == "--hash-pin") { auto v = value("PIN"); if (!v) return missing(); options.hashPin = *v; }
        else if (arg == "--help" || arg == "-h") options.showHelp = true;
        else return Error{"unknown option '" + arg + "' (see --help)"};
    }
    return options;
}

} // namespace kiosk
