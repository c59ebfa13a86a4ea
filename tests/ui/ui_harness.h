// The kiosk's UI in process: an ImGui context with no renderer (ImGui's example_null), the
// sample exhibition, the built-in strings, fonts from fontconfig and a virtual clock. Taps are
// fed through io.MousePos / io.MouseDown as the kiosk's script player does. Images are not
// decoded (every picture shows its drawn fallback), which changes no layout.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "kiosk/core/content_loader.h"
#include "kiosk/core/event_log.h"
#include "kiosk/core/ui_strings.h"
#include "kiosk/ui/kiosk_ui.h"

namespace kiosk::testing {

// The bundled sample exhibition and the interface strings (loaded once per process).
const Exhibition& sampleExhibition();
ContentSnapshot sampleSnapshot();
const UiStrings& builtInStrings();

// Decodes nothing; remembers which files were asked for and which released, in order.
class NoImages final : public ui::ImageSource {
public:
    ui::ImageTexture get(const std::filesystem::path& file, int, int) override {
        asked.push_back(file);
        return {};
    }
    void clear() override {}
    void release(const std::filesystem::path& file) override { released.push_back(file); }
    std::vector<std::filesystem::path> asked;
    std::vector<std::filesystem::path> released;
};

class UiHarness {
public:
    // `startMs`: the clock at the first frame (a window's clock is far from 0 at start-up).
    explicit UiHarness(ImVec2 size, ui::KioskUiSettings settings = {}, std::int64_t startMs = 1016);
    ~UiHarness();
    UiHarness(const UiHarness&) = delete;
    UiHarness& operator=(const UiHarness&) = delete;

    // One frame `ms` after the previous one, with the finger at `pos` (down or not).
    void frame(bool down = false, ImVec2 pos = ImVec2(-1, -1), int ms = 16, const std::vector<std::string>& keys = {});
    void wait(int ms);   // frames until `ms` have passed (at most one a 100 ms: nothing is tested between)
    // Taps the target whose visible label (or id) is `label`; false if no such target is on screen.
    bool tap(const std::string& label);
    const ui::HitTarget* find(const std::string& labelOrId) const;
    // A key press ("back", "home", ...) in one frame, then the frame that carries out its move.
    void key(const std::string& name);
    // The finger down at `from`, moved to `to` over `ms` in 16 ms frames, then lifted, as the
    // script player's `drag` does (from == to: a hold).
    void drag(ImVec2 from, ImVec2 to, int ms);
    // The events the UI logged so far, oldest first.
    std::vector<Event> events() const { return sink_.events(); }
    ui::KioskUi& ui() { return *ui_; }
    std::int64_t nowMs() const { return nowMs_; }
    const NoImages& images() const { return images_; }

private:
    ImGuiContext* context_ = nullptr;
    ImVec2 size_;
    std::int64_t nowMs_;
    NoImages images_;
    MemoryEventSink sink_;
    EventLog log_{&sink_};
    std::unique_ptr<ui::KioskUi> ui_;
};

} // namespace kiosk::testing
