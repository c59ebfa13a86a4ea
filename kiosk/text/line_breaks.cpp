#include "kiosk/text/line_breaks.h"

#include <mutex>
#include <string>

#include <linebreak.h>
#include <thai/thbrk.h>
#include <thai/thwbrk.h>

namespace kiosk::text {
namespace {

bool isThai(char32_t c) { return c >= 0x0E00 && c <= 0x0E7F; }

// libthai's breaker loads its dictionary once; it is not documented as thread-safe, so
// calls are serialized.
struct ThaiBreaker {
    std::mutex mutex;
    ThBrk* brk = nullptr;
    ThaiBreaker() : brk(th_brk_new(nullptr)) {}
    ~ThaiBreaker() {
        if (brk) th_brk_delete(brk);
    }
};

ThaiBreaker& thaiBreaker() {
    static ThaiBreaker breaker;
    return breaker;
}

// Marks the word boundaries inside each run of Thai letters as break opportunities.
void addThaiWordBreaks(std::u32string_view text, std::vector<BreakKind>& breaks) {
    std::size_t i = 0;
    while (i < text.size()) {
        if (!isThai(text[i])) { ++i; continue; }
        std::size_t end = i;
        while (end < text.size() && isThai(text[end])) ++end;
        if (end - i > 1) {
            ThaiBreaker& breaker = thaiBreaker();
            std::wstring run(text.begin() + static_cast<std::ptrdiff_t>(i), text.begin() + static_cast<std::ptrdiff_t>(end));
            std::vector<int> positions(run.size() + 1);
            int count = 0;
            {
                std::lock_guard lock(breaker.mutex);
                if (breaker.brk)
                    count = th_brk_wc_find_breaks(breaker.brk, reinterpret_cast<const thwchar_t*>(run.c_str()),
                                                  positions.data(), positions.size());
            }
            // libthai reports positions before which a word starts: a break after position-1.
            for (int k = 0; k < count; ++k) {
                const int at = positions[static_cast<std::size_t>(k)];
                if (at > 0 && static_cast<std::size_t>(at) < run.size())
                    breaks[i + static_cast<std::size_t>(at) - 1] = BreakKind::Allowed;
            }
        }
        i = end;
    }
}

} // namespace

void loadLineBreakData() {
    static std::once_flag initOnce;
    std::call_once(initOnce, [] { init_linebreak(); });
    (void)thaiBreaker();
}

std::vector<BreakKind> findLineBreaks(std::u32string_view text, std::string_view language) {
    std::vector<BreakKind> breaks(text.size(), BreakKind::None);
    if (text.empty()) return breaks;
    loadLineBreakData();
    static_assert(sizeof(utf32_t) == sizeof(char32_t));
    std::vector<char> raw(text.size());
    const std::string lang(language.substr(0, 2));   // libunibreak knows "zh", "ja", "ko"
    set_linebreaks_utf32(reinterpret_cast<const utf32_t*>(text.data()), text.size(), lang.empty() ? nullptr : lang.c_str(),
                         raw.data());
    for (std::size_t i = 0; i < text.size(); ++i) {
        switch (raw[i]) {
        case LINEBREAK_MUSTBREAK: breaks[i] = BreakKind::Mandatory; break;
        case LINEBREAK_ALLOWBREAK: breaks[i] = BreakKind::Allowed; break;
        default: breaks[i] = BreakKind::None; break;
        }
    }
    addThaiWordBreaks(text, breaks);
    breaks.back() = BreakKind::Mandatory;
    return breaks;
}

} // namespace kiosk::text
