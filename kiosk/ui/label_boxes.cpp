#include "kiosk/ui/label_boxes.h"

namespace kiosk::ui {
namespace labels {

using R = FontRole;

const LabelBox kAttractPrompt{"attract prompt", {R::Heading, R::Label, 2, 1.1f},
                              [](const Theme& t) { return ImVec2(t.px(640) - t.px(64), t.px(112) - t.px(16)); }};
const LabelBox kPrimaryButton{"primary button", {R::Label, R::Caption, 2, 1.1f},
                              [](const Theme& t) { return ImVec2(t.px(220), t.touchTarget() - t.px(16)); }};
const LabelBox kTopBarTitle{"top bar title", {R::Heading, R::Label, 2, 1.1f},
                            [](const Theme& t) { return ImVec2(t.px(400), t.topBarHeight() - t.px(20)); }};
const LabelBox kChip{"language chip", {R::Label, R::Caption, 1, 1.1f},
                     [](const Theme& t) { return ImVec2(t.px(240), std::max(t.px(72), t.minTouchTarget()) - t.px(12)); }};
const LabelBox kCardHeading{"card heading", {R::Heading, R::Label, 2, 1.1f},
                            [](const Theme& t) { return ImVec2(t.px(440), t.px(100)); }};
const LabelBox kSectionLabel{"section label", {R::Label, R::Caption, 1, 1.1f},
                             [](const Theme& t) { return ImVec2(t.px(600), t.px(40)); }};
const LabelBox kKicker{"kicker", {R::Label, R::Caption, 1, 1.2f}, [](const Theme& t) { return ImVec2(t.px(420), t.px(34)); }};
const LabelBox kIdleTitle{"idle card title", {R::Title, R::Heading, 2, 1.15f},
                          [](const Theme& t) { return ImVec2(t.px(820), t.px(140)); }};
const LabelBox kIdleBody{"idle card line", {R::Body, R::Caption, 2, 1.3f},
                         [](const Theme& t) { return ImVec2(t.px(820), t.px(80)); }};
const LabelBox kBadge{"sample badge", {R::Caption, R::Caption, 1, 1.0f}, [](const Theme& t) { return ImVec2(t.px(640), t.px(30)); }};
const LabelBox kHint{"hint", {R::Caption, R::Caption, 2, 1.2f}, [](const Theme& t) { return ImVec2(t.px(420), t.px(56)); }};
const LabelBox kQrLabel{"QR label", {R::Label, R::Caption, 3, 1.25f}, [](const Theme& t) { return ImVec2(t.px(220), t.px(150)); }};
const LabelBox kMessage{"message", {R::Heading, R::Body, 2, 1.2f}, [](const Theme& t) { return ImVec2(t.px(900), t.px(110)); }};
const LabelBox kLanguageHeading{"language heading", {R::Title, R::Heading, 2, 1.15f},
                                [](const Theme& t) { return ImVec2(t.px(880), t.px(140)); }};
const LabelBox kLanguageGreeting{"language greeting", {R::Label, R::Caption, 2, 1.15f},
                                 [](const Theme& t) { return ImVec2(t.px(400) - t.px(40), t.px(56)); }};
const LabelBox kCountLine{"count line", {R::Caption, R::Caption, 1, 1.3f}, [](const Theme& t) { return ImVec2(t.px(300), t.px(30)); }};
const LabelBox kRowLabel{"row label", {R::Caption, R::Caption, 1, 1.3f}, [](const Theme& t) { return ImVec2(t.px(300), t.px(30)); }};
const LabelBox kAdminHeading{"technician heading", {R::Title, R::Heading, 1, 1.2f},
                             [](const Theme& t) { return ImVec2(t.px(700), t.px(80)); }};
const LabelBox kAdminButton{"technician button", {R::Label, R::Caption, 1, 1.2f},
                            [](const Theme& t) { return ImVec2(t.px(360) - t.px(40), t.px(40)); }};

} // namespace labels

const std::vector<InterfaceStringBoxes>& interfaceStringBoxes() {
    using namespace labels;
    static const std::vector<InterfaceStringBoxes> kBoxes = {
        {"touch_to_start", {&kAttractPrompt}},
        {"choose_language", {&kLanguageHeading, &kLanguageGreeting}},
        {"categories", {&kSectionLabel, &kTopBarTitle}},
        {"featured", {&kKicker}},
        {"trade_facts", {&kPrimaryButton, &kCardHeading, &kTopBarTitle}},
        {"source", {&kRowLabel}},
        {"origin", {&kRowLabel}},
        {"partners", {&kRowLabel}},
        {"scan_to_learn_more", {&kQrLabel}},
        {"still_there", {&kIdleTitle}},
        {"touch_to_continue", {&kIdleBody}},
        {"returning_in_seconds", {&kIdleBody}},
        {"sample_exhibition", {&kBadge}},
        {"items_count", {&kCountLine}},
        // The CLDR plural forms of items_count (core/plurals): drawn in the same box.
        {"items_count_one", {&kCountLine}},
        {"items_count_other", {&kCountLine}},
        {"more_count", {&kCountLine}},
        {"swipe_for_more", {&kHint}},
        {"no_items", {&kMessage}},
        {"content_unavailable", {&kMessage}},
        {"technician", {&kAdminHeading}},
        {"enter_pin", {&kAdminHeading}},
        {"sync_now", {&kAdminButton}},
        {"exit", {&kAdminButton}},
        {"status", {&kAdminButton}},
        {"updated_at", {&kAdminButton}},
        {"version", {&kAdminButton}},
        {"cancel", {&kAdminButton}},
        {"ok", {&kAdminButton}},
    };
    return kBoxes;
}

const std::vector<std::string_view>& interfaceStringsNotDrawn() {
    // Names of icon buttons (back arrow, home, globe, gallery) are hit-target labels for
    // scripts; app_name, story and view_all are not shown by any screen.
    static const std::vector<std::string_view> kKeys = {"app_name", "back", "home", "language", "gallery", "story", "view_all"};
    return kKeys;
}

} // namespace kiosk::ui
