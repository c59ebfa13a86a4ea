// KioskUi: the visitor's side of the kiosk. Owns the screens and puts the parts together, one
// frame at a time: the pointer turned into taps and drags, new content at an idle moment
// (content_swap.h), the visitor session and idle countdown (visitor_session.h,
// idle_countdown.h), the screen, the screen transition (screen_transition.h), the technician's
// hidden corner and overlay timeout (admin_gesture.h), and the moves screens asked for
// (navigation.h). Each part has its own contract and in-process tests (tests/ui).
// The app calls frame() between ImGui::NewFrame() and ImGui::Render().
#pragma once
#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "kiosk/core/clock.h"
#include "kiosk/core/kiosk_config.h"
#include "kiosk/ui/admin_gesture.h"
#include "kiosk/ui/content_swap.h"
#include "kiosk/ui/font_set.h"
#include "kiosk/ui/navigation.h"
#include "kiosk/ui/preview_overlay.h"
#include "kiosk/ui/screen.h"
#include "kiosk/ui/screen_rehearsal.h"
#include "kiosk/ui/screen_transition.h"
#include "kiosk/ui/visitor_session.h"

namespace kiosk::ui {

struct KioskUiSettings {
    std::string startLanguage;              // empty: the exhibition's default language
    int idleTimeoutSeconds = kioskConfigDefaults().idleTimeoutSeconds;
    int idleCountdownSeconds = kioskConfigDefaults().idleCountdownSeconds;
    std::string adminPinHash;               // Argon2id (core/admin_pin.h); empty: the default PIN
    int adminTimeoutSeconds = kioskConfigDefaults().adminTimeoutSeconds;   // overlay closes and locks after this without a touch
    std::filesystem::path atlasCacheFile;   // glyph atlas cache (ui/atlas_cache.h); empty: none
    // At an idle moment, wait for a background glyph rebuild still running, and for the glyph
    // atlas of new content being packed (headless: frames must not depend on timing); otherwise
    // they are swapped in at the first idle frame after they are done.
    bool waitForGlyphRebuild = false;
    // Curator's preview (kiosk --preview): new content is shown at once on the same screen
    // (same item, same language), no idle reset, the preview overlay (problems panel, broken
    // items marked), keys "pagedown"/"pageup" (next/previous item) and "tab" (next language).
    bool preview = false;
};

// Every text of the exhibition and the interface, for the glyph atlas.
GlyphNeeds collectGlyphNeeds(const Exhibition& exhibition, const UiStrings& strings);

class KioskUi {
public:
    KioskUi(ContentSnapshot content, const UiStrings& strings, ImageSource& images, EventLog& log,
            KioskUiSettings settings);
    ~KioskUi();

    // Offers a new content snapshot; it is shown at the next idle moment (attract loop,
    // or no touch for a while), never under a visitor's finger. In preview: at the next frame.
    // New content (a release from sync, a preview save), from any thread: its glyph atlas is
    // packed on a thread (FontSet::prepare, started by the next frame) and the content swapped
    // in at an idle moment once that is done, so the swap's atlas build takes it instead of
    // stopping the attract loop for 0.2-1.2 s.
    void offerContent(ContentSnapshot content);

    // True when the font atlas must be (re)built for this display size; then call buildFonts()
    // and re-upload the atlas texture.
    bool fontsNeedBuilding(ImVec2 displaySize) const;
    void buildFonts(ImFontAtlas& atlas, ImVec2 displaySize);
    // Once a frame before frame(): starts a background atlas rebuild for glyphs the atlas lacked
    // (drawn as boxes meanwhile) and swaps a finished one in at an idle moment. True when it
    // swapped: the glyph texture must be uploaded again (fonts().glyphPixelsToUpload()).
    bool updateGlyphAtlas();
    FontSet& fonts() { return fonts_; }

    // Draws one frame. `nowMs` is the (possibly virtual) clock; keys are names like "back".
    void frame(ImVec2 displaySize, std::int64_t nowMs, const std::vector<std::string>& keys);

    // Idle time (no frame due, no input): draws off screen the next screen a tap may lead to
    // (screen_rehearsal.h), so that its text is laid out before the visitor opens it. Returns
    // the draw list, for the renderer to prepare its shapes (Display::prepareOffscreen), or
    // null when nothing is left to rehearse for the screen shown. Changes nothing visible.
    const ImDrawList* rehearseNext();
    // True when rehearseNext() would draw (never while the fonts wait to be rebuilt: the window's
    // loop polls without waiting while this is true).
    bool rehearsalPending() const { return !fontsDirty_ && hitTargetsAreCurrent() && rehearsal_.pending(); }
    int rehearsedScreens() const { return rehearsal_.rehearsed(); }
    const TextEngine& text() const { return *text_; }

    ScreenId currentScreen() const { return navigation_.current().screen; }
    // The images the current screen draws in its first frame (start-up decodes them before it).
    std::vector<std::filesystem::path> firstFrameImages() const;
    // The current screen's subject (category, item or fact id; empty for the others).
    const std::string& currentSubject() const { return navigation_.current().subject; }
    // Where "back" leads (the most recent last).
    const std::vector<Destination>& backStack() const { return navigation_.backStack(); }
    // The screen the last frame drew. It differs from currentScreen() for one frame after a
    // navigation; a UI that changed screen without asking for the frame that shows it stays so.
    ScreenId drawnScreen() const { return drawn_; }
    // True when hitTargets() were registered by the screen (and subject) now current. False
    // after a navigation until the next frame: the targets are still the previous screen's,
    // and tapping one would hit whatever the new screen has at that place.
    bool hitTargetsAreCurrent() const { return drawn_ == currentScreen() && drawnSubject_ == currentSubject(); }
    // Before a frame: the pictures the screen it draws for the first time asks for, when idle
    // time rehearsed it (file and place, as its rehearsal asked for them); otherwise none. The
    // app has them decoded together (TextureCache::request) before the screen asks one by one.
    const std::vector<PictureRequest>& picturesAhead() const;
    const char* currentScreenName() const { return screenName(currentScreen()); }
    // Screens entered so far, in order (for --stats).
    const std::vector<std::string>& screenHistory() const { return history_; }
    // True while something moves or the picture changed in a way the last frame does not show
    // yet (screen change, idle reset, new content): the app draws the next frame at display rate.
    bool animating() const { return animating_; }
    // When a timer will next change what is shown (idle countdown and reset, attract slides,
    // technician timeout, corner hold); -1: never.
    std::int64_t nextWakeMs() const;
    // Ends the visitor's session as the idle reset would (the screen's view with its dwell
    // time, session_end), without drawing: the kiosk is stopping (SIGTERM, SIGINT, exit).
    void endVisit(std::int64_t nowMs);
    // The technician's hidden corner on the current screen: the top-left square, cut back so that
    // it overlaps no visitor control (hit targets smaller than the screen) of the last frame.
    ImRect adminCorner() const;
    const std::vector<HitTarget>& hitTargets() const { return targets_; }
    bool quitRequested() const { return quitRequested_; }
    // The colour the frame is cleared to before the UI draws (the theme's background).
    ImU32 clearColor() const { return toImU32(content_->theme.background); }
    const std::string& language() const { return language_; }
    const ContentSnapshot& content() const { return content_; }

    // Technician hooks (admin screen).
    std::function<void()> onSyncNow;
    std::function<std::vector<std::pair<std::string, std::string>>()> onStatusLines;
    std::function<void()> onQuit;

private:
    void updateTouch(std::int64_t nowMs);
    void recordScreen(const char* name);
    void navigate(Destination destination) { navigation_.request(std::move(destination)); }
    void goBack() { navigation_.requestBack(); }
    // Ends the session (if any) and shows the attract loop in the start language.
    void resetToAttract();
    // Carries out the move the frame's requests amount to (navigation.h).
    void applyMove(UiContext& ctx);
    void requestFrame() { animating_ = true; }   // the picture changed: draw it
    void applyPendingContent(ContentSnapshot next);
    // Preview: after new content, stay on the screen shown (it is entered again to read the
    // new snapshot), or go home when its item, category or fact is gone.
    void keepScreenAfterReload();
    // Preview keys: next/previous item, next language. True when handled.
    bool previewKey(const std::string& key);
    void setLanguage(const std::string& language);
    Screen& screen(ScreenId id) { return *screens_[static_cast<int>(id)]; }
    UiContext makeContext(ImDrawList* draw);
    GlyphNeeds glyphNeeds() const;

    ContentSnapshot content_;
    ContentSwap contentSwap_;
    // Offered content may be swapped in now as far as its glyphs go: its atlas is packed (or
    // none is being packed); headless waits for it.
    bool glyphsReadyForSwap();
    // UI thread, each frame: starts packing the glyph atlas of content offered since (once an
    // offer; an earlier offer's still running is waited for by the next frames).
    void prepareOfferedGlyphs();
    std::weak_ptr<const Exhibition> preparedFor_;   // the offer prepareOfferedGlyphs() last handled
    static constexpr std::int64_t kPreparationPollMs = 100;
    const UiStrings& strings_;
    ImageSource& images_;
    EventLog& log_;
    KioskUiSettings settings_;

    FontSet fonts_;
    std::unique_ptr<TextEngine> text_;
    Theme theme_;
    bool fontsDirty_ = true;
    ImVec2 displaySize_{0, 0};

    std::array<std::unique_ptr<Screen>, static_cast<int>(ScreenId::Count)> screens_;
    Navigation navigation_;
    VisitorSession session_;
    AdminGesture adminGesture_;
    ScreenTransition transition_;
    ScreenRehearsal rehearsal_;
    ScreenId drawn_ = ScreenId::Attract;
    std::string drawnSubject_;
    std::vector<std::string> history_;
    std::string language_;

    TouchState touch_;
    std::vector<HitTarget> targets_;
    std::int64_t nowMs_ = 0;
    std::int64_t screenWakeMs_ = -1;
    bool swallowGesture_ = false;
    bool animating_ = true;
    bool quitRequested_ = false;
    PreviewOverlayState previewOverlay_;
};

} // namespace kiosk::ui
