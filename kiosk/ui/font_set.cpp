#include "kiosk/ui/font_set.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fontconfig/fontconfig.h>

#include "kiosk/core/log.h"
#include "kiosk/core/utf8.h"

#include <algorithm>

namespace kiosk::ui {

struct FontSet::MappedFile {
    std::string path;
    void* data = nullptr;
    size_t size = 0;
    ~MappedFile() {
        if (data) munmap(data, size);
    }
};

FontFace findFontFace(const std::string& language, bool bold) {
    // fontconfig knows languages by its own names (zh-cn, not zh-Hans).
    std::string fcLanguage = language;
    if (language == "zh-Hans" || language == "zh") fcLanguage = "zh-cn";
    else if (language == "zh-Hant") fcLanguage = "zh-tw";
    FcInit();
    FontFace face;
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
    // Prefer proportional sans faces; outlines only (stb_truetype reads TrueType/OpenType).
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

FontSet::FontSet() = default;
FontSet::~FontSet() = default;

const FontSet::MappedFile* FontSet::map(const FontFace& face) {
    for (const auto& file : files_)
        if (file->path == face.file) return file.get();
    const int fd = open(face.file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return nullptr;
    struct stat st {};
    if (fstat(fd, &st) != 0 || st.st_size <= 0) { close(fd); return nullptr; }
    void* data = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (data == MAP_FAILED) return nullptr;
    auto mapped = std::make_unique<MappedFile>();
    mapped->path = face.file;
    mapped->data = data;
    mapped->size = static_cast<size_t>(st.st_size);
    files_.push_back(std::move(mapped));
    return files_.back().get();
}

bool FontSet::build(ImFontAtlas& atlas, const GlyphNeeds& needs, float scale) {
    atlas.Clear();
    fonts_.fill(nullptr);
    scale_ = scale;

    const auto ranges = [](const std::u32string& text, ImVector<ImWchar>& out) {
        ImFontGlyphRangesBuilder builder;
        builder.AddChar(0x20);
        for (char32_t c = 0x21; c < 0x7F; ++c) builder.AddChar(static_cast<ImWchar>(c));   // digits, ASCII
        builder.AddChar(0x2026);   // ellipsis
        builder.AddChar(0xFFFD);   // replacement character
        builder.AddChar(0x00B7);
        for (char32_t c : text)
            if (c < 0x10000) builder.AddChar(static_cast<ImWchar>(c));
        builder.BuildRanges(&out);
    };
    // The atlas keeps pointers to the ranges: they live as long as this FontSet.
    allRanges_.clear();
    titleRanges_.clear();
    ranges(needs.allText, allRanges_);
    ranges(needs.titleText, titleRanges_);

    // Order matters: the first face that has a glyph provides it.
    static const char* kScriptLanguages[] = {"en", "ru", "vi", "ar", "th", "zh-Hans"};
    bool anyFont = false;
    for (int r = 0; r < static_cast<int>(FontRole::Count); ++r) {
        const auto role = static_cast<FontRole>(r);
        const bool large = role == FontRole::Display || role == FontRole::Title || role == FontRole::Heading;
        const bool bold = large || role == FontRole::Label;
        sizes_[r] = fontBaseSize(role) * scale;
        ImFont* font = nullptr;
        std::vector<std::string> used;
        for (const char* language : kScriptLanguages) {
            FontFace face = findFontFace(language, bold);
            if (face.file.empty()) face = findFontFace(language, false);
            if (face.file.empty()) {
                log::warnOnce(std::string("font:") + language, std::string("no font installed for language ") + language +
                                                                  " (install fonts-noto-core and fonts-noto-cjk)");
                continue;
            }
            const std::string key = face.file + "#" + std::to_string(face.index);
            if (std::find(used.begin(), used.end(), key) != used.end()) continue;
            used.push_back(key);
            const MappedFile* file = map(face);
            if (!file) continue;
            ImFontConfig config;
            config.FontDataOwnedByAtlas = false;
            config.FontNo = face.index;
            config.MergeMode = font != nullptr;
            config.OversampleH = 1;
            config.OversampleV = 1;
            config.PixelSnapH = true;
            // Arabic glyphs look small next to Latin at the same size.
            const float sizeFactor = std::string(language) == "ar" ? 1.15f : 1.0f;
            ImFont* added = atlas.AddFontFromMemoryTTF(file->data, static_cast<int>(file->size), sizes_[r] * sizeFactor,
                                                       &config, large ? titleRanges_.Data : allRanges_.Data);
            if (!font) font = added;
        }
        if (!font) {
            ImFontConfig config;
            config.SizePixels = sizes_[r];
            font = atlas.AddFontDefault(&config);
        } else {
            anyFont = true;
        }
        fonts_[r] = font;
    }
    atlas.Build();
    return anyFont;
}

} // namespace kiosk::ui
