#include "ui_harness.h"

#include <algorithm>
#include <filesystem>

#include <doctest/doctest.h>
#include <imgui.h>

namespace kiosk::testing {

ContentSnapshot sampleSnapshot() {
    static const ContentSnapshot snapshot = [] {
        const auto loaded = loadExhibition(std::filesystem::path(KIOSK_SOURCE_DIR) / "content");
        REQUIRE_MESSAGE(loaded.snapshot != nullptr, "the sample exhibition loads");
        return loaded.snapshot;
    }();
    return snapshot;
}

const Exhibition& sampleExhibition() { return *sampleSnapshot(); }

const UiStrings& builtInStrings() {
    static const UiStrings strings = [] {
        UiStrings s;
        const auto problems = s.loadBuiltIn(std::filesystem::path(KIOSK_SOURCE_DIR) / "assets/i18n");
        REQUIRE_MESSAGE(problems.empty(), "the built-in strings load");
        return s;
    }();
    return strings;
}

UiHarness::UiHarness(ImVec2 size, ui::KioskUiSettings settings, std::int64_t startMs) : size_(size), nowMs_(startMs - 16) {
    context_ = ImGui::CreateContext();
    ImGui::SetCurrentContext(context_);
    ImGui::GetIO().IniFilename = nullptr;
    ImGui::GetIO().DisplaySize = size;
    ui_ = std::make_unique<ui::KioskUi>(sampleSnapshot(), builtInStrings(), images_, log_, std::move(settings));
    frame();
}

UiHarness::~UiHarness() {
    ui_.reset();
    ImGui::DestroyContext(context_);
}

void UiHarness::frame(bool down, ImVec2 pos, int ms, const std::vector<std::string>& keys) {
    ImGui::SetCurrentContext(context_);
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = size_;
    io.DeltaTime = static_cast<float>(ms) / 1000.0f;
    nowMs_ += ms;
    if (ui_->fontsNeedBuilding(size_)) ui_->buildFonts(*io.Fonts, size_);
    ImGui::NewFrame();
    io.MousePos = pos;
    io.MouseDown[0] = down;
    ui_->frame(size_, nowMs_, keys);
    ImGui::Render();
}

void UiHarness::wait(int ms) {
    while (ms > 0) {
        const int step = std::min(ms, 100);
        frame(false, ImVec2(-1, -1), step);
        ms -= step;
    }
}

void UiHarness::key(const std::string& name) {
    frame(false, ImVec2(-1, -1), 16, {name});
    frame();
}

void UiHarness::drag(ImVec2 from, ImVec2 to, int ms) {
    frame(false, from);
    frame(true, from);
    const int steps = std::max(1, ms / 16);
    for (int i = 1; i <= steps; ++i) {
        const float t = static_cast<float>(i) / static_cast<float>(steps);
        frame(true, ImVec2(from.x + (to.x - from.x) * t, from.y + (to.y - from.y) * t));
    }
    frame(false, to);
    frame();
}

const ui::HitTarget* UiHarness::find(const std::string& labelOrId) const {
    const ui::HitTarget* found = nullptr;
    for (const auto& target : ui_->hitTargets())
        if (target.label == labelOrId || target.id == labelOrId) found = &target;   // the last drawn is on top
    return found;
}

bool UiHarness::tap(const std::string& label) {
    const ui::HitTarget* target = find(label);
    if (!target) return false;
    const ImVec2 c = target->rect.GetCenter();
    if (c.x < 0 || c.y < 0 || c.x > size_.x || c.y > size_.y) return false;   // not on screen: not tappable
    frame(true, c);
    frame(false, c);
    frame();   // the navigation asked for while drawing happens after the frame
    wait(400); // the transition ends
    return true;
}

} // namespace kiosk::testing
