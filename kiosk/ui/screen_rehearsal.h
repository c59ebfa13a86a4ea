// ScreenRehearsal: while the kiosk is idle, the screens a visitor may tap to next are drawn off
// screen, into a draw list nobody sees, so that the first frame of the screen they open costs
// what the frames after it cost.
//
// The first frame of a screen used to cost two to three times a usual one: its text laid out
// (HarfBuzz shaping and line breaking), its rounded shapes rasterized. A rehearsal fills the
// text engine's layout cache, and the app hands the draw list to the renderer
// (Display::prepareOffscreen), which rasterizes the shapes' coverage masks into its cache.
// Nothing is shown, logged, navigated or decoded: the rehearsed screens are instances of their
// own, with a log that keeps nothing and no finger, and pictures are drawn with what
// ImageSource::peek() has (the picture if it is in, else a stand-in of the same shapes):
// prefetching every picture one tap away cost a window 13 MiB more at start.
//
// What is rehearsed: after each screen entered (screen, subject and language), the screens its
// controls lead to ("category:...", "item:...", "facts", "home", "back", "start", a language:
// languages last), in the order the screen drew them, at most kMaxPerScreen. UI thread only.
#pragma once
#include <array>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "kiosk/ui/screen.h"

namespace kiosk::ui {

struct RehearsalStep {
    Destination destination;
    std::string language;
};

// The screen a control leads to, from its hit target id, on screen `on` (with `subject`) in
// `language`; `backTo` is where "back" leads (null: unknown). Nothing for controls that stay on
// the screen or leave the visitor's side (a fact of the facts list, the technician's controls).
std::optional<RehearsalStep> rehearsalStepFor(const std::string& targetId, ScreenId on, const std::string& subject,
                                              const std::string& language, const Destination* backTo);

// What a rehearsal draws with (KioskUi's own, except the log and the pictures).
struct RehearsalEnvironment {
    const Exhibition& content;
    const Theme& theme;
    TextEngine& text;                 // its right-to-left setting is switched for a step in another language, then restored
    ImageSource& images;              // peek() and aspect() only: no decode starts
    const UiStrings& strings;
    std::int64_t nowMs = 0;
    std::uint64_t visit = 0;          // UiContext::visit of the frames the rehearsed screens will be drawn in
};

class ScreenRehearsal {
public:
    static constexpr int kMaxPerScreen = 12;

    ScreenRehearsal();
    ~ScreenRehearsal();

    // Called after a frame with the screen it drew and that screen's hit targets: a screen not
    // planned for yet (another screen, subject or language) gets a new plan.
    void plan(const Destination& shown, const std::string& language, const std::vector<HitTarget>& targets,
              const Destination* backTo);
    // True while steps of the plan are left.
    bool pending() const { return !queue_.empty() && done_ < kMaxPerScreen; }
    // Draws the next step off screen; the draw list it drew (valid until the next call), or null
    // when nothing is left.
    const ImDrawList* rehearseNext(const RehearsalEnvironment& env);
    // Forgets the plan and what was rehearsed (new content: every screen is new).
    void reset();
    // The pictures a rehearsed step's screen asked for (file and place), in order; none when it
    // was not rehearsed since the last plan. For the first frame of the screen a visitor opens.
    const std::vector<PictureRequest>& picturesOf(const Destination& d, const std::string& language) const;

    int rehearsed() const { return total_; }   // steps drawn since start

private:
    Screen& screen(ScreenId id);
    static std::string keyOf(const Destination& d, const std::string& language);

    std::array<std::unique_ptr<Screen>, static_cast<int>(ScreenId::Count)> screens_;
    std::unique_ptr<ImDrawList> draw_;
    // The screen the plan is for (plan() runs every frame: compared, no key built).
    bool planned_ = false;
    Destination plannedScreen_;
    std::string plannedLanguage_;
    std::deque<RehearsalStep> queue_;
    std::set<std::string> seen_;              // steps planned or drawn for this screen (and the screen itself)
    std::map<std::string, std::vector<PictureRequest>> pictures_;   // by keyOf(): what each step drawn asked for
    int done_ = 0;                            // steps drawn for this screen
    int total_ = 0;
};

} // namespace kiosk::ui
