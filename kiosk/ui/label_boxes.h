// The boxes the interface strings are drawn in, in one place: the screens take each box's size
// and fit rule from here, and tests/ui lays every interface string of every language into its
// boxes at every supported size (a label that would be cut fails there, not in front of a visitor).
#pragma once
#include <string_view>
#include <vector>

#include "kiosk/ui/text_engine.h"
#include "kiosk/ui/theme.h"

namespace kiosk::ui {

struct LabelBox {
    const char* name;
    FitRule rule;
    ImVec2 (*size)(const Theme& theme);   // the text's box in screen pixels
};

namespace labels {
extern const LabelBox kAttractPrompt;      // "touch to start" in the attract pill
extern const LabelBox kPrimaryButton;      // pill buttons (trade facts on an item)
extern const LabelBox kTopBarTitle;        // the title of the top bar (its narrowest case)
extern const LabelBox kChip;               // a language chip (native name)
extern const LabelBox kCardHeading;        // "Trade facts" on the home card
extern const LabelBox kSectionLabel;       // "Categories" above the grid
extern const LabelBox kKicker;             // "Highlights" above the featured title
extern const LabelBox kIdleTitle;          // "Are you still there?"
extern const LabelBox kIdleBody;           // "Touch to continue", "Returning to the start in n s"
extern const LabelBox kBadge;              // "Sample exhibition" badge
extern const LabelBox kHint;               // "Swipe for more" under the gallery and the story
extern const LabelBox kQrLabel;            // "Scan to learn more" beside the QR code
extern const LabelBox kMessage;            // "Nothing to show here yet", "This content is unavailable"
extern const LabelBox kLanguageHeading;    // the language screen's heading
extern const LabelBox kLanguageGreeting;   // "Choose your language" in each language, on its card
extern const LabelBox kCountLine;          // "n items", "+n more"
extern const LabelBox kRowLabel;           // "Origin", "Partners", "Source"
extern const LabelBox kAdminHeading;       // technician overlay heading and prompt
extern const LabelBox kAdminButton;        // technician overlay buttons and status labels
} // namespace labels

// Interface string keys and the boxes each is drawn in.
struct InterfaceStringBoxes {
    std::string_view key;
    std::vector<const LabelBox*> boxes;
};
const std::vector<InterfaceStringBoxes>& interfaceStringBoxes();
// Keys never drawn as text (names of icon buttons for scripts and tests, the app's name).
const std::vector<std::string_view>& interfaceStringsNotDrawn();

} // namespace kiosk::ui
