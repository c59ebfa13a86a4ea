// Fonts for the screens: found through fontconfig per script, loaded into the ImGui atlas
// with only the glyphs the exhibition and the interface actually use (never whole CJK ranges).
#pragma once
#include <array>
#include <memory>
#include <string>
#include <vector>

#include <imgui.h>

#include "kiosk/ui/theme.h"

namespace kiosk::ui {

struct FontFace {
    std::string file;
    int index = 0;       // face index inside a .ttc collection
};

// Finds a font for a language (e.g. "en", "zh-Hans", "ar", "th") through fontconfig.
// `bold` asks for a bold weight. Returns an empty file when nothing suitable is installed.
FontFace findFontFace(const std::string& language, bool bold);

// Codepoints the fonts must hold: one set for every role, one for the large roles only.
struct GlyphNeeds {
    std::u32string allText;      // Body, Label, Caption
    std::u32string titleText;    // Display, Title, Heading (titles, names, interface strings)
};

class FontSet {
public:
    FontSet();
    ~FontSet();
    FontSet(const FontSet&) = delete;
    FontSet& operator=(const FontSet&) = delete;

    // Rebuilds the atlas of `atlas` for these glyphs at this scale. Returns false if no font
    // could be loaded at all (ImGui's built-in font is used then).
    bool build(ImFontAtlas& atlas, const GlyphNeeds& needs, float scale);

    ImFont* font(FontRole role) const { return fonts_[static_cast<int>(role)]; }
    float size(FontRole role) const { return sizes_[static_cast<int>(role)]; }
    float builtScale() const { return scale_; }

private:
    struct MappedFile;
    const MappedFile* map(const FontFace& face);

    std::vector<std::unique_ptr<MappedFile>> files_;
    ImVector<ImWchar> allRanges_, titleRanges_;
    std::array<ImFont*, static_cast<int>(FontRole::Count)> fonts_{};
    std::array<float, static_cast<int>(FontRole::Count)> sizes_{};
    float scale_ = 0;
};

} // namespace kiosk::ui
