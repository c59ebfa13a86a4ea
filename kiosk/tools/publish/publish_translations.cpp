// kiosk-publish translations export|import: the translation round trip. Export writes every
// text of an exhibition, with its source text, current translation and a note, to an XLIFF 1.2
// or CSV file for a translator; import writes the translations back into the JSON files,
// changing nothing else in them (json_edit.h), and reports what changed.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "kiosk/core/content_loader.h"
#include "kiosk/core/json_edit.h"
#include "kiosk/tools/publish/publish_command.h"
#include "kiosk/tools/publish/translation_files.h"

namespace kiosk::publish {
namespace {
namespace fs = std::filesystem;

constexpr const char* kUsage =
    "usage: kiosk-publish translations export DIR --lang CODE --out FILE [--format xliff|csv] [--source CODE]\n"
    "       kiosk-publish translations import DIR FILE [--dry-run]\n"
    "\n"
    "export  writes every text of the exhibition in DIR for a translator: its id (file#field), the\n"
    "        text in the source language (default: the exhibition's default language), the current\n"
    "        translation into --lang (empty when missing) and a note. --format: xliff (XLIFF 1.2,\n"
    "        for translation tools; the default) or csv (for spreadsheets).\n"
    "import  writes the translations of FILE (XLIFF or CSV, as exported) back into the JSON files\n"
    "        of DIR. Only the translated texts change: formatting, key order and everything else\n"
    "        in the files stay as they were. Prints what changed; --dry-run changes nothing.\n"
    "        Empty translations are skipped. Run 'kiosk-publish check DIR' afterwards.\n";

Result<std::string> readWhole(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error{file.string() + ": cannot open"};
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return text;
}

Status writeWhole(const fs::path& file, const std::string& text) {
    const fs::path temp = file.string() + ".kiosk-publish.tmp";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        if (!out) return Error{temp.string() + ": cannot write"};
    }
    std::error_code ec;
    fs::rename(temp, file, ec);
    if (ec) return Error{file.string() + ": cannot replace: " + ec.message()};
    return {};
}

// What a text is, for the translator.
std::string noteFor(const Exhibition& ex, const ContentText& text, const std::string& sourceLanguage) {
    const std::string field = text.field.substr(text.field.rfind('/') + 1);
    static const std::map<std::string, std::string> kFields = {
        {"title", "Title: short, it must fit on a card (about 30 characters)"},
        {"subtitle", "One line under the exhibition title"},
        {"summary", "One or two sentences, shown on cards and at the top of the page"},
        {"story", "The story: short paragraphs; keep the empty lines between paragraphs"},
        {"origin", "Where it comes from, e.g. \"China (Hangzhou)\""},
        {"partners", "Makers, publishers, partners"},
        {"caption", "Caption of a picture; keep credits as they are"},
        {"unit", "Unit of the chart's values, e.g. \"US$ billion\""},
        {"notes", "Notes under a chart: caveats, what is included"},
    };
    std::string note;
    if (const auto it = kFields.find(field); it != kFields.end()) note = it->second;
    else if (text.field.find("/series/") == 0) note = "Name of a data series in a chart's legend";
    else note = "Text '" + field + "'";
    // Which thing it belongs to.
    std::string owner;
    if (text.file.rfind("items/", 0) == 0) {
        const std::string id = fs::path(text.file).parent_path().filename().string();
        if (const Item* item = ex.findItem(id)) owner = "item \"" + ex.text(item->title, sourceLanguage) + "\"";
    } else if (text.file.rfind("facts/", 0) == 0) {
        if (const Fact* fact = ex.findFact(fs::path(text.file).stem().string()))
            owner = "chart \"" + ex.text(fact->title, sourceLanguage) + "\"";
    } else if (text.file == "categories.json") {
        owner = "a category";
    } else if (text.file == "exhibition.json") {
        owner = "the exhibition";
    }
    if (!owner.empty()) note += " (" + owner + ")";
    return note;
}

int runExport(const std::vector<std::string>& args) {
    fs::path dir, out;
    std::string language, format = "xliff", source;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        const bool hasValue = i + 1 < args.size();
        if (arg == "--lang" && hasValue) language = args[++i];
        else if (arg == "--out" && hasValue) out = args[++i];
        else if (arg == "--format" && hasValue) format = args[++i];
        else if (arg == "--source" && hasValue) source = args[++i];
        else if (!arg.empty() && arg[0] != '-' && dir.empty()) dir = arg;
        else { std::fprintf(stderr, "kiosk-publish translations export: unexpected '%s'\n\n%s", arg.c_str(), kUsage); return kExitUsage; }
    }
    if (dir.empty() || language.empty() || out.empty()) {
        std::fprintf(stderr, "kiosk-publish translations export: DIR, --lang and --out are needed\n\n%s", kUsage);
        return kExitUsage;
    }
    if (format != "xliff" && format != "csv") {
        std::fprintf(stderr, "kiosk-publish translations export: --format is xliff or csv, not '%s'\n", format.c_str());
        return kExitUsage;
    }
    const ContentLoadResult result = loadExhibition(dir);
    if (!result.snapshot) {
        for (const auto& problem : result.problems) std::fprintf(stderr, "%s\n", problem.toString().c_str());
        std::fprintf(stderr, "kiosk-publish translations export: %s cannot be read (see above)\n", dir.c_str());
        return kExitFailed;
    }
    const Exhibition& ex = *result.snapshot;
    std::string declared;
    for (const auto& l : ex.languages) declared += (declared.empty() ? "" : ", ") + l.code;
    if (!ex.findLanguage(language)) {
        std::fprintf(stderr, "kiosk-publish translations export: language '%s' is not declared in exhibition.json "
                             "(declared: %s): add it to \"languages\" first\n", language.c_str(), declared.c_str());
        return kExitFailed;
    }
    if (source.empty()) source = ex.fallback.defaultLanguage();
    if (!ex.findLanguage(source)) {
        std::fprintf(stderr, "kiosk-publish translations export: source language '%s' is not declared (declared: %s)\n",
                     source.c_str(), declared.c_str());
        return kExitFailed;
    }
    TranslationFile file{source, language, {}};
    int missing = 0;
    for (const auto& text : result.texts) {
        if (text.text.empty() || text.text.exact("*")) continue;   // plain strings are shown in every language
        TranslationUnit unit;
        unit.id = text.file + "#" + text.field;
        unit.source = ex.text(text.text, source);
        // A "TODO" placeholder of `kiosk-publish new` is no translation.
        if (const std::string* current = text.text.exact(language); current && current->rfind("TODO", 0) != 0)
            unit.translation = *current;
        if (unit.translation.empty()) ++missing;
        unit.note = noteFor(ex, text, source);
        file.units.push_back(std::move(unit));
    }
    const std::string bytes = format == "csv" ? writeTranslationCsv(file) : writeTranslationXliff(file);
    if (auto written = writeWhole(out, bytes); !written) {
        std::fprintf(stderr, "kiosk-publish translations export: %s\n", written.error().c_str());
        return kExitFailed;
    }
    std::printf("exported %zu texts (%s -> %s, %d not translated yet) to %s\n", file.units.size(), source.c_str(),
                language.c_str(), missing, out.c_str());
    return kExitOk;
}

int runImport(const std::vector<std::string>& args) {
    fs::path dir, input;
    bool dryRun = false;
    for (const auto& arg : args) {
        if (arg == "--dry-run") dryRun = true;
        else if (!arg.empty() && arg[0] != '-' && dir.empty()) dir = arg;
        else if (!arg.empty() && arg[0] != '-' && input.empty()) input = arg;
        else { std::fprintf(stderr, "kiosk-publish translations import: unexpected '%s'\n\n%s", arg.c_str(), kUsage); return kExitUsage; }
    }
    if (dir.empty() || input.empty()) {
        std::fprintf(stderr, "kiosk-publish translations import: DIR and FILE are needed\n\n%s", kUsage);
        return kExitUsage;
    }
    std::error_code sizeError;
    const auto inputBytes = fs::file_size(input, sizeError);
    if (!sizeError && inputBytes > limits::kMaxTranslationFileBytes) {
        std::fprintf(stderr, "kiosk-publish translations import: %s: larger than %ju MiB (a translation file holds texts only)\n",
                     input.c_str(), limits::kMaxTranslationFileBytes / (1024 * 1024));
        return kExitFailed;
    }
    auto bytes = readWhole(input);
    if (!bytes) { std::fprintf(stderr, "kiosk-publish translations import: %s\n", bytes.error().c_str()); return kExitFailed; }
    auto file = readTranslationFile(*bytes);
    if (!file) {
        std::fprintf(stderr, "kiosk-publish translations import: %s: %s\n", input.c_str(), file.error().c_str());
        return kExitFailed;
    }
    const ContentLoadResult result = loadExhibition(dir);
    if (!result.snapshot) {
        for (const auto& problem : result.problems) std::fprintf(stderr, "%s\n", problem.toString().c_str());
        std::fprintf(stderr, "kiosk-publish translations import: %s cannot be read (see above)\n", dir.c_str());
        return kExitFailed;
    }
    const Exhibition& ex = *result.snapshot;
    const std::string& language = file->targetLanguage;
    if (!ex.findLanguage(language)) {
        std::fprintf(stderr, "kiosk-publish translations import: language '%s' is not declared in exhibition.json: "
                             "add it to \"languages\" first\n", language.c_str());
        return kExitFailed;
    }
    std::map<std::string, const ContentText*> texts;
    for (const auto& text : result.texts) texts[text.file + "#" + text.field] = &text;

    // Edits grouped by file, applied to the file's text one by one.
    std::map<std::string, std::string> edited;   // file -> new text
    int added = 0, changed = 0, unchanged = 0, empty = 0, failed = 0;
    for (const auto& unit : file->units) {
        const auto it = texts.find(unit.id);
        if (it == texts.end()) {
            std::printf("%s: error: no such text in %s (renamed or moved since the export?); skipped\n", unit.id.c_str(), dir.c_str());
            ++failed;
            continue;
        }
        const ContentText& text = *it->second;
        if (unit.translation.empty()) { ++empty; continue; }
        if (!unit.source.empty() && !file->sourceLanguage.empty()) {
            const std::string nowSource = ex.text(text.text, file->sourceLanguage);
            if (nowSource != unit.source)
                std::printf("%s:%d: %s: warning: the %s text changed since the export; check this translation\n",
                            text.file.c_str(), text.line, text.field.c_str(), file->sourceLanguage.c_str());
        }
        auto current = edited.find(text.file);
        if (current == edited.end()) {
            auto original = readWhole(dir / text.file);
            if (!original) { std::printf("%s: error: %s\n", text.file.c_str(), original.error().c_str()); ++failed; continue; }
            current = edited.emplace(text.file, std::move(*original)).first;
        }
        auto edit = setLanguageText(current->second, text.field, language, unit.translation);
        if (!edit) {
            std::printf("%s:%d: %s: error: %s; skipped\n", text.file.c_str(), text.line, text.field.c_str(), edit.error().c_str());
            ++failed;
            continue;
        }
        if (*edit == TextEdit::Unchanged) { ++unchanged; continue; }
        (*edit == TextEdit::Added ? added : changed)++;
        std::printf("%s:%d: %s: %s %s\n", text.file.c_str(), text.line, text.field.c_str(), language.c_str(),
                    *edit == TextEdit::Added ? "added" : "changed");
    }
    int filesWritten = 0;
    for (const auto& [name, text] : edited) {
        auto original = readWhole(dir / name);
        if (original && *original == text) continue;
        if (dryRun) { ++filesWritten; continue; }
        if (auto written = writeWhole(dir / name, text); !written) {
            std::printf("%s: error: %s\n", name.c_str(), written.error().c_str());
            ++failed;
            continue;
        }
        ++filesWritten;
    }
    std::printf("\n%s: %d added, %d changed, %d unchanged, %d without translation, %d skipped; %d file%s %s\n",
                language.c_str(), added, changed, unchanged, empty, failed, filesWritten, filesWritten == 1 ? "" : "s",
                dryRun ? "would change (dry run)" : "changed");
    if (!dryRun && filesWritten > 0) std::printf("next: kiosk-publish check %s\n", dir.c_str());
    return failed == 0 ? kExitOk : kExitFailed;
}

int runTranslations(const std::vector<std::string>& args) {
    if (args.empty() || args[0] == "--help" || args[0] == "-h") {
        std::fputs(kUsage, args.empty() ? stderr : stdout);
        return args.empty() ? kExitUsage : kExitOk;
    }
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (args[0] == "export") return runExport(rest);
    if (args[0] == "import") return runImport(rest);
    std::fprintf(stderr, "kiosk-publish translations: '%s' is not export or import\n\n%s", args[0].c_str(), kUsage);
    return kExitUsage;
}

const PublishCommandRegistration registration({"translations", "translations export|import DIR ...",
                                               "texts out to a translator (XLIFF/CSV) and back in", runTranslations});

} // namespace
} // namespace kiosk::publish
