// What every screen gets each frame (UiContext), and what every screen is (Screen).
// To add a screen: add its id here, write screen_<name>.cpp with a make...Screen() factory,
// list it in kiosk_ui.cpp and CMakeLists.txt. See docs/ARCHITECTURE.md.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <imgui.h>
#include <imgui_internal.h>

#include "kiosk/core/content_model.h"
#include "kiosk/core/event_log.h"
#include "kiosk/core/ui_strings.h"
#include "kiosk/ui/image_source.h"
#include "kiosk/ui/text_engine.h"
#include "kiosk/ui/theme.h"

namespace kiosk::ui {

enum class ScreenId { Attract, Language, Home, Category, Item, Facts, Admin, Count };
const char* screenName(ScreenId id);

// Where to go: a screen and its subject (category id, item id, fact id).
struct Destination {
    ScreenId screen = ScreenId::Home;
    std::string subject;
};

// The pointer (finger or mouse) this frame, turned into taps and drags.
struct TouchState {
    ImVec2 pos{-1, -1};
    bool down = false;
    bool pressed = false;        // went down this frame
    bool released = false;       // went up this frame
    bool tapped = false;         // released without moving further than the tap slop
    ImVec2 pressPos{-1, -1};
    ImVec2 dragDelta{0, 0};      // movement since the previous frame while down
    ImVec2 dragTotal{0, 0};      // movement since the press
    bool dragging = false;       // moved beyond the tap slop since the press
};

// A tappable thing on screen this frame, for scripts' `tap "LABEL"` and for tests.
struct HitTarget {
    std::string label;           // visible text
    std::string id;              // stable id, e.g. "item:black-myth-wukong"
    ImRect rect;
};

struct UiContext {
    const Exhibition& content;
    const std::string& language;
    bool rtl = false;
    const Theme& theme;
    const TextEngine& text;
    ImageSource& images;
    const UiStrings& strings;
    EventLog& log;
    std::int64_t nowMs = 0;
    const TouchState& touch;
    ImDrawList* draw = nullptr;
    std::vector<HitTarget>& targets;
    std::function<void(Destination)> navigate;
    std::function<void()> back;
    std::function<void()> requestAnimationFrame;   // something moves: keep rendering
    std::function<void(std::int64_t)> wakeAt;      // something changes at this time (ms): draw a frame then
    std::function<void(const std::string&)> setLanguage;
    // Technician actions and status (admin screen); any may be empty.
    std::function<void()> quit;
    std::function<void()> syncNow;
    std::function<std::vector<std::pair<std::string, std::string>>()> statusLines;
    // The visit this frame belongs to (1: the first since start; the attract loop: the last
    // one): what rotates from one visitor to the next, and stays put within a visit.
    std::uint64_t visit = 0;

    // Interface string / localized content text in the current language.
    std::string tr(std::string_view key) const { return strings.get(key, language, &content); }
    std::string trn(std::string_view key, long n) const { return strings.format(key, language, &content, n); }
    const std::string& t(const LocalizedText& text) const { return content.text(text, language); }
    // Layout is written left-to-right; place() mirrors a rectangle for right-to-left languages.
    ImRect place(ImRect r) const {
        if (!rtl) return r;
        return ImRect(theme.screen.x - r.Max.x, r.Min.y, theme.screen.x - r.Min.x, r.Max.y);
    }
};

class Screen {
public:
    virtual ~Screen() = default;
    virtual ScreenId id() const = 0;
    // Called when the screen is entered with a subject (category, item or fact id).
    virtual void enter(UiContext& ctx, const std::string& subject) { (void)ctx; (void)subject; }
    // Called when the screen is left (e.g. to log dwell time).
    virtual void leave(UiContext& ctx) { (void)ctx; }
    virtual void draw(UiContext& ctx) = 0;
    // A key press: "back", "left", "right", ... Return true if handled.
    virtual bool key(UiContext& ctx, const std::string& name) { (void)ctx; (void)name; return false; }
};

std::unique_ptr<Screen> makeAttractScreen();
// The attract loop's slide images in order (the first is on the first screen of a start).
std::vector<std::filesystem::path> attractSlideImages(const Exhibition& exhibition);
std::unique_ptr<Screen> makeLanguageScreen();
std::unique_ptr<Screen> makeHomeScreen();
std::unique_ptr<Screen> makeCategoryScreen();
std::unique_ptr<Screen> makeItemDetailScreen();
std::unique_ptr<Screen> makeFactsScreen();
std::unique_ptr<Screen> makeAdminScreen(const std::string& pinHash);   // empty: the default PIN
// The screen `id` (the admin screen with `adminPinHash`); null for ScreenId::Count.
std::unique_ptr<Screen> makeScreen(ScreenId id, const std::string& adminPinHash = {});

} // namespace kiosk::ui
