// The faces text is drawn with, in fallback order: one per script (Latin/Cyrillic/Vietnamese,
// Arabic, Thai, CJK), found through fontconfig by language. A character takes the first face
// that has it; spaces, digits, punctuation and combining marks stay in the face of the text
// around them. Also rasterizes glyphs with FreeType for the glyph atlas.
//
// Sizes: `sizePx` means what it means to ImGui and the theme: the height from the primary
// face's descender to its ascender. Each face can be scaled (Arabic looks small next to Latin).
#pragma once
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

typedef struct hb_font_t hb_font_t;

namespace kiosk::text {

struct FaceSpec {
    std::string file;
    int index = 0;            // face index inside a .ttc collection
    float sizeFactor = 1.0f;  // relative to the primary face
    std::string language;     // what it was found for ("en", "ar", ...)
};

// Finds an installed face for a language (e.g. "en", "zh-Hans", "ar", "th") through fontconfig;
// an empty file when none covers the language.
FaceSpec findFace(const std::string& language, bool bold);

// The scripts of the kiosk, in fallback order.
std::vector<FaceSpec> findScriptFaces(bool bold);

inline constexpr int kNoFace = -1;   // no face covers the character: drawn as a box

struct GlyphBitmap {
    int width = 0, height = 0;
    int left = 0, top = 0;            // from the pen position: right, and up from the baseline
    std::vector<std::uint8_t> pixels; // width * height coverage values
};

class FontStack {
public:
    // Loads the faces; those that cannot be read are skipped and logged once.
    explicit FontStack(const std::vector<FaceSpec>& faces);
    ~FontStack();
    FontStack(const FontStack&) = delete;
    FontStack& operator=(const FontStack&) = delete;

    int faceCount() const { return static_cast<int>(faces_.size()); }
    const FaceSpec& spec(int face) const;
    bool covers(int face, char32_t c) const;
    // The face for `c` given the face of the character before it (kNoFace at the start).
    int faceFor(char32_t c, int previousFace) const;

    hb_font_t* shapingFont(int face) const;   // scaled in font units
    float pixelsPerUnit(int face, float sizePx) const;
    float ascentPx(float sizePx) const;       // primary face's ascender
    float boxAdvancePx(float sizePx) const { return sizePx * 0.55f; }

    // Renders one glyph (thread-safe). Empty bitmap for blank glyphs or on failure.
    GlyphBitmap rasterize(int face, std::uint32_t glyph, float sizePx) const;

private:
    struct Face;
    std::vector<std::unique_ptr<Face>> faces_;
    float primaryUnitsPerSize_ = 1.0f;   // units per em / (ascender - descender) of face 0
    float primaryAscender_ = 0.8f;       // in ems
    mutable std::mutex rasterMutex_;
    struct FreeTypeLibrary;
    std::unique_ptr<FreeTypeLibrary> freetype_;
};

} // namespace kiosk::text
