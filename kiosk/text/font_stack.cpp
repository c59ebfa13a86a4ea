#include "kiosk/text/font_stack.h"

#include <algorithm>
#include <cmath>

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb-ot.h>
#include <hb.h>

#include "kiosk/core/log.h"
#include "kiosk/text/text_limits.h"

namespace kiosk::text {

FaceSpec findFace(const std::string& language, bool bold) {
    // fontconfig knows languages by its own names (zh-cn, not zh-Hans).
    std::string fcLanguage = language;
    if (language == "zh-Hans" || language == "zh") fcLanguage = "zh-cn";
    else if (language == "zh-Hant") fcLanguage = "zh-tw";
    static std::once_flag initOnce;
    std::call_once(initOnce, [] { FcInit(); });
    FaceSpec face;
    face.language = language;
    // Preferred families per script; fontconfig falls back to any face covering the language.
    const char* family = "Noto Sans";
    if (fcLanguage == "ar" || fcLanguage == "fa" || fcLanguage == "ur") family = "Noto Sans Arabic";
    else if (fcLanguage == "th") family = "Noto Sans Thai";
    else if (fcLanguage == "zh-cn") family = "Noto Sans CJK SC";
    else if (fcLanguage == "zh-tw") family = "Noto Sans CJK TC";
    else if (fcLanguage == "ja") family = "Noto Sans CJK JP";
    else if (fcLanguage == "ko") family = "Noto Sans CJK KR";
    FcPattern* pattern = FcPatternCreate();
    FcPatternAddString(pattern, FC_FAMILY, reinterpret_cast<const FcChar8*>(family));
    FcLangSet* langs = FcLangSetCreate();
    FcLangSetAdd(langs, reinterpret_cast<const FcChar8*>(fcLanguage.c_str()));
    FcPatternAddLangSet(pattern, FC_LANG, langs);
    FcPatternAddInteger(pattern, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcPatternAddInteger(pattern, FC_SLANT, FC_SLANT_ROMAN);
    FcPatternAddBool(pattern, FC_OUTLINE, FcTrue);
    FcConfigSubstitute(nullptr, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult result;
    FcPattern* match = FcFontMatch(nullptr, pattern, &result);
    if (match) {
        FcChar8* file = nullptr;
        int index = 0;
        FcLangSet* matchLangs = nullptr;
        const bool covers = FcPatternGetLangSet(match, FC_LANG, 0, &matchLangs) == FcResultMatch &&
                            FcLangSetHasLang(matchLangs, reinterpret_cast<const FcChar8*>(fcLanguage.c_str())) != FcLangDifferentLang;
        if (covers && FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch) {
            face.file = reinterpret_cast<const char*>(file);
            FcPatternGetInteger(match, FC_INDEX, 0, &index);
            face.index = index;
        }
        FcPatternDestroy(match);
    }
    FcLangSetDestroy(langs);
    FcPatternDestroy(pattern);
    return face;
}

std::vector<FaceSpec> findScriptFaces(bool bold) {
    // Order matters: the first face that has a character draws it. Noto Sans covers Latin,
    // Cyrillic, Greek and Vietnamese.
    static const char* kScriptLanguages[] = {"en", "ru", "vi", "ar", "th", "zh-Hans", "ja", "ko"};
    std::vector<FaceSpec> faces;
    for (const char* language : kScriptLanguages) {
        FaceSpec face = findFace(language, bold);
        if (face.file.empty() && bold) face = findFace(language, false);
        if (face.file.empty()) {
            log::warnOnce(std::string("font:") + language, std::string("no font installed for language ") + language +
                                                              " (install fonts-noto-core and fonts-noto-cjk)");
            continue;
        }
        const bool duplicate = std::any_of(faces.begin(), faces.end(), [&](const FaceSpec& f) {
            return f.file == face.file && f.index == face.index;
        });
        if (duplicate) continue;
        // Arabic letters look small next to Latin ones at the same nominal size.
        if (face.language == "ar") face.sizeFactor = 1.15f;
        faces.push_back(std::move(face));
    }
    return faces;
}

struct FontStack::FreeTypeLibrary {
    FT_Library library = nullptr;
    FreeTypeLibrary() {
        if (FT_Init_FreeType(&library) != 0) library = nullptr;
    }
    ~FreeTypeLibrary() {
        if (library) FT_Done_FreeType(library);
    }
};

struct FontStack::Face {
    FaceSpec spec;
    hb_blob_t* blob = nullptr;
    hb_face_t* face = nullptr;
    hb_font_t* font = nullptr;
    unsigned unitsPerEm = 1000;
    FT_Face ftFace = nullptr;   // opened on first rasterization
    float ftSize = -1;
    ~Face() {
        if (ftFace) FT_Done_Face(ftFace);
        if (font) hb_font_destroy(font);
        if (face) hb_face_destroy(face);
        if (blob) hb_blob_destroy(blob);
    }
};

FontStack::FontStack(const std::vector<FaceSpec>& specs) : freetype_(std::make_unique<FreeTypeLibrary>()) {
    for (const auto& spec : specs) {
        auto face = std::make_unique<Face>();
        face->spec = spec;
        face->blob = hb_blob_create_from_file(spec.file.c_str());   // memory-mapped
        if (hb_blob_get_length(face->blob) == 0) {
            log::warnOnce("font-unreadable:" + spec.file, "cannot read font file " + spec.file);
            continue;
        }
        face->face = hb_face_create(face->blob, static_cast<unsigned>(spec.index));
        face->unitsPerEm = std::max(1u, hb_face_get_upem(face->face));
        face->font = hb_font_create(face->face);   // scale = units per em: shaping in font units
        faces_.push_back(std::move(face));
    }
    if (!faces_.empty()) {
        hb_font_extents_t extents{};
        hb_font_get_h_extents(faces_[0]->font, &extents);
        const float height = static_cast<float>(extents.ascender - extents.descender);
        const float upem = static_cast<float>(faces_[0]->unitsPerEm);
        if (height > 0) {
            primaryUnitsPerSize_ = upem / height;
            primaryAscender_ = static_cast<float>(extents.ascender) / upem;
        }
    }
}

FontStack::~FontStack() {
    faces_.clear();   // FreeType faces go before the library
}

const FaceSpec& FontStack::spec(int face) const { return faces_.at(static_cast<std::size_t>(face))->spec; }

bool FontStack::covers(int face, char32_t c) const {
    if (face < 0 || face >= faceCount()) return false;
    hb_codepoint_t glyph = 0;
    return hb_font_get_nominal_glyph(faces_[static_cast<std::size_t>(face)]->font, c, &glyph) && glyph != 0;
}

int FontStack::faceFor(char32_t c, int previousFace) const {
    if (previousFace != kNoFace) {
        const hb_script_t script = hb_unicode_script(hb_unicode_funcs_get_default(), c);
        const bool neutral = script == HB_SCRIPT_COMMON || script == HB_SCRIPT_INHERITED;
        if (neutral && covers(previousFace, c)) return previousFace;
        // A combining mark no face has alone still belongs to its base letter.
        if (script == HB_SCRIPT_INHERITED && !covers(previousFace, c)) {
            for (int f = 0; f < faceCount(); ++f)
                if (covers(f, c)) return f;
            return previousFace;
        }
    }
    for (int f = 0; f < faceCount(); ++f)
        if (covers(f, c)) return f;
    return kNoFace;
}

hb_font_t* FontStack::shapingFont(int face) const { return faces_.at(static_cast<std::size_t>(face))->font; }

float FontStack::pixelsPerUnit(int face, float sizePx) const {
    const Face& f = *faces_.at(static_cast<std::size_t>(face));
    const float emPx = sizePx * primaryUnitsPerSize_ * f.spec.sizeFactor;
    return emPx / static_cast<float>(f.unitsPerEm);
}

float FontStack::ascentPx(float sizePx) const { return sizePx * primaryUnitsPerSize_ * primaryAscender_; }

GlyphBitmap FontStack::rasterize(int face, std::uint32_t glyph, float sizePx) const {
    GlyphBitmap out;
    if (face < 0 || face >= faceCount() || !freetype_->library) return out;
    std::lock_guard lock(rasterMutex_);
    Face& f = *faces_[static_cast<std::size_t>(face)];
    if (!f.ftFace) {
        if (FT_New_Memory_Face(freetype_->library, reinterpret_cast<const FT_Byte*>(hb_blob_get_data(f.blob, nullptr)),
                               static_cast<FT_Long>(hb_blob_get_length(f.blob)), f.spec.index, &f.ftFace) != 0) {
            f.ftFace = nullptr;
            log::warnOnce("font-freetype:" + f.spec.file, "FreeType cannot open " + f.spec.file);
            return out;
        }
    }
    const float emPx = sizePx * primaryUnitsPerSize_ * f.spec.sizeFactor;
    if (f.ftSize != emPx) {
        FT_Set_Char_Size(f.ftFace, 0, static_cast<FT_F26Dot6>(std::lround(emPx * 64.0f)), 72, 72);
        f.ftSize = emPx;
    }
    if (FT_Load_Glyph(f.ftFace, glyph, FT_LOAD_TARGET_LIGHT | FT_LOAD_RENDER) != 0) return out;
    const FT_Bitmap& bitmap = f.ftFace->glyph->bitmap;
    if (bitmap.pixel_mode != FT_PIXEL_MODE_GRAY || bitmap.width == 0 || bitmap.rows == 0) return out;
    const int width = std::min(static_cast<int>(bitmap.width), limits::kMaxGlyphSidePx);
    const int height = std::min(static_cast<int>(bitmap.rows), limits::kMaxGlyphSidePx);
    out.width = width;
    out.height = height;
    out.left = f.ftFace->glyph->bitmap_left;
    out.top = f.ftFace->glyph->bitmap_top;
    out.pixels.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
    for (int y = 0; y < height; ++y) {
        const unsigned char* row = bitmap.buffer + static_cast<std::ptrdiff_t>(y) * bitmap.pitch;
        std::copy(row, row + width, out.pixels.begin() + static_cast<std::ptrdiff_t>(y) * width);
    }
    return out;
}

} // namespace kiosk::text
