// kiosk-publish new exhibition|category|item|fact DIR ...: starting points. Each writes a
// skeleton that loads ("TODO" texts are warnings until written), with "$comment" lines that
// say what each part is and "$schema" naming the JSON Schema (in the hidden .schema/ folder)
// so that editors flag mistakes while typing. Never overwrites a file.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <stb_image_write.h>

#include "kiosk/core/content_loader.h"
#include "kiosk/tools/publish/content_schemas.h"
#include "kiosk/tools/publish/publish_command.h"

namespace kiosk::publish {
namespace {
namespace fs = std::filesystem;

constexpr const char* kUsage =
    "usage: kiosk-publish new exhibition DIR [--id ID] [--languages en,fr,...]\n"
    "       kiosk-publish new category DIR ID\n"
    "       kiosk-publish new item DIR ID --category CATEGORY\n"
    "       kiosk-publish new fact DIR ID [--series a,b] [--chart bar|line]\n"
    "\n"
    "Writes a commented skeleton that passes 'kiosk-publish check' with warnings for every\n"
    "\"TODO\" text still to write. Ids are lowercase letters, digits and hyphens. An exhibition\n"
    "gets the JSON Schemas in DIR/.schema/ (hidden files are never published) and an editor\n"
    "setting (DIR/.vscode/settings.json) for categories.json. Existing files are never replaced.\n";

constexpr int kCoverWidthPx = 1600;
constexpr int kCoverHeightPx = 1000;

bool validId(const std::string& id) {
    if (id.empty() || id.size() > 64 || id.front() == '-') return false;
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return true;
}

std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    std::string part;
    while (std::getline(in, part, ','))
        if (!part.empty()) out.push_back(part);
    return out;
}

struct KnownLanguage { const char* code; const char* name; bool rtl; };
constexpr KnownLanguage kLanguages[] = {
    {"en", "English", false}, {"fr", "Français", false}, {"es", "Español", false}, {"de", "Deutsch", false},
    {"it", "Italiano", false}, {"pt", "Português", false}, {"ar", "العربية", true}, {"fa", "فارسی", true},
    {"he", "עברית", true}, {"zh-Hans", "简体中文", false}, {"zh-Hant", "繁體中文", false}, {"ja", "日本語", false},
    {"ko", "한국어", false}, {"ru", "Русский", false}, {"th", "ไทย", false}, {"vi", "Tiếng Việt", false},
    {"id", "Bahasa Indonesia", false}, {"tr", "Türkçe", false},
};

// Writes a new file; refuses to replace one.
bool writeNew(const fs::path& file, const std::string& text) {
    std::error_code ec;
    if (fs::exists(file, ec)) {
        std::fprintf(stderr, "kiosk-publish new: %s already exists; nothing was changed\n", file.c_str());
        return false;
    }
    fs::create_directories(file.parent_path(), ec);
    std::ofstream out(file, std::ios::binary);
    out << text;
    if (!out) {
        std::fprintf(stderr, "kiosk-publish new: cannot write %s\n", file.c_str());
        return false;
    }
    std::printf("wrote %s\n", file.c_str());
    return true;
}

using ordered = nlohmann::ordered_json;

std::string dump(const ordered& value) { return value.dump(2, ' ', false) + "\n"; }

// The exhibition's declared languages, to write one TODO text per language.
std::vector<std::string> languagesOf(const fs::path& dir) {
    std::vector<std::string> out;
    std::ifstream in(dir / "exhibition.json");
    const auto parsed = ordered::parse(in, nullptr, false);
    if (parsed.is_object() && parsed.contains("languages") && parsed["languages"].is_array())
        for (const auto& language : parsed["languages"])
            if (language.is_object() && language.contains("code") && language["code"].is_string())
                out.push_back(language["code"].get<std::string>());
    return out;
}

ordered todoText(const std::vector<std::string>& languages, const std::string& what) {
    ordered text = ordered::object();
    for (const auto& code : languages) text[code] = "TODO: " + what;
    return text;
}

int newExhibition(const fs::path& dir, const std::vector<std::string>& args) {
    std::string id = dir.filename().string();
    std::vector<std::string> languages = {"en"};
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--id" && i + 1 < args.size()) id = args[++i];
        else if (args[i] == "--languages" && i + 1 < args.size()) languages = splitList(args[++i]);
        else { std::fprintf(stderr, "kiosk-publish new exhibition: unexpected '%s'\n\n%s", args[i].c_str(), kUsage); return kExitUsage; }
    }
    if (!validId(id)) {
        std::fprintf(stderr, "kiosk-publish new exhibition: '%s' is not an id (lowercase letters, digits, hyphens): "
                             "give one with --id\n", id.c_str());
        return kExitUsage;
    }
    if (languages.empty()) { std::fprintf(stderr, "kiosk-publish new exhibition: --languages lists none\n"); return kExitUsage; }
    ordered ex;
    ex["$schema"] = ".schema/exhibition.schema.json";
    ex["$comment"] = "The exhibition. Texts are maps of language code to text. docs/CURATORS.md explains every field; "
                     "'kiosk-publish check DIR' checks them.";
    ex["format"] = 1;
    ex["id"] = id;
    ex["title"] = todoText(languages, "exhibition title");
    ex["subtitle"] = todoText(languages, "one line under the title");
    ordered list = ordered::array();
    for (const auto& code : languages) {
        ordered entry;
        entry["code"] = code;
        entry["name"] = code;
        entry["dir"] = "ltr";
        for (const auto& known : kLanguages)
            if (code == known.code) { entry["name"] = known.name; entry["dir"] = known.rtl ? "rtl" : "ltr"; }
        list.push_back(entry);
    }
    ex["languages"] = list;
    ex["default_language"] = languages.front();
    ex["theme"] = {{"background", "#1B1F2A"}, {"surface", "#F4EEE3"}, {"accent", "#C8553D"}, {"text", "#F7F3EA"},
                   {"muted", "#B9B2A5"}};
    ex["featured"] = ordered::array();
    std::error_code ec;
    if (fs::exists(dir / "exhibition.json", ec)) {
        std::fprintf(stderr, "kiosk-publish new: %s already holds an exhibition; nothing was changed\n", dir.c_str());
        return kExitFailed;
    }
    bool ok = writeNew(dir / "exhibition.json", dump(ex)) && writeNew(dir / "categories.json", "[\n]\n");
    std::size_t count = 0;
    const ContentSchema* schemas = contentSchemas(count);
    for (std::size_t i = 0; ok && i < count; ++i)
        ok = writeNew(dir / ".schema" / std::string(schemas[i].fileName), std::string(schemas[i].text));
    if (ok)
        ok = writeNew(dir / ".vscode/settings.json",
                      "{\n  \"json.schemas\": [\n    {\"fileMatch\": [\"categories.json\"], \"url\": \"./.schema/categories.schema.json\"}\n  ]\n}\n");
    fs::create_directories(dir / "items", ec);
    fs::create_directories(dir / "facts", ec);
    if (!ok) return kExitFailed;
    std::printf("next: kiosk-publish new category %s ID, then kiosk-publish new item %s ID --category ID\n", dir.c_str(), dir.c_str());
    return kExitOk;
}

int newCategory(const fs::path& dir, const std::string& id) {
    const fs::path file = dir / "categories.json";
    std::ifstream in(file, std::ios::binary);
    if (!in) { std::fprintf(stderr, "kiosk-publish new category: no %s (kiosk-publish new exhibition first)\n", file.c_str()); return kExitFailed; }
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    in.close();
    const auto parsed = ordered::parse(text, nullptr, false);
    if (!parsed.is_array()) {
        std::fprintf(stderr, "kiosk-publish new category: %s is not a list of categories (run kiosk-publish check)\n", file.c_str());
        return kExitFailed;
    }
    for (const auto& category : parsed)
        if (category.is_object() && category.value("id", "") == id) {
            std::fprintf(stderr, "kiosk-publish new category: '%s' already exists\n", id.c_str());
            return kExitFailed;
        }
    const auto languages = languagesOf(dir);
    ordered category;
    category["$comment"] = "A category: its id is what items name in \"category\"; order here is the order on screen.";
    category["id"] = id;
    category["title"] = todoText(languages, "category name");
    category["summary"] = todoText(languages, "one sentence");
    category["color"] = "#2F7F8A";
    std::string entry = category.dump(2, ' ', false);
    // Indent the object by two spaces and add it before the closing bracket.
    std::string indented = "  ";
    for (char c : entry) { indented += c; if (c == '\n') indented += "  "; }
    const std::size_t close = text.rfind(']');
    const std::size_t lastObject = text.rfind('}', close);
    if (parsed.empty()) text = text.substr(0, text.find('[') + 1) + "\n" + indented + "\n" + text.substr(close);
    else text.insert(lastObject + 1, ",\n" + indented);
    const fs::path temp = file.string() + ".tmp";
    std::ofstream(temp, std::ios::binary) << text;
    std::error_code ec;
    fs::rename(temp, file, ec);
    if (ec) { std::fprintf(stderr, "kiosk-publish new category: cannot write %s\n", file.c_str()); return kExitFailed; }
    std::printf("added category '%s' to %s\n", id.c_str(), file.c_str());
    return kExitOk;
}

void writePng(void* context, void* data, int size) {
    static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
}

int newItem(const fs::path& dir, const std::string& id, const std::vector<std::string>& args) {
    std::string category;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--category" && i + 1 < args.size()) category = args[++i];
        else { std::fprintf(stderr, "kiosk-publish new item: unexpected '%s'\n\n%s", args[i].c_str(), kUsage); return kExitUsage; }
    }
    if (category.empty()) { std::fprintf(stderr, "kiosk-publish new item: --category ID is needed\n"); return kExitUsage; }
    const auto languages = languagesOf(dir);
    if (languages.empty()) { std::fprintf(stderr, "kiosk-publish new item: no exhibition in %s\n", dir.c_str()); return kExitFailed; }
    ordered item;
    item["$schema"] = "../../.schema/item.schema.json";
    item["$comment"] = "An item. id = this folder's name. Replace cover.png with the real picture (1600x1000, JPEG or PNG).";
    item["id"] = id;
    item["category"] = category;
    item["title"] = todoText(languages, "short title (about 30 characters)");
    item["summary"] = todoText(languages, "one or two sentences");
    item["story"] = todoText(languages, "the story, 2-4 short paragraphs separated by an empty line (\\n\\n)");
    item["origin"] = todoText(languages, "where it comes from");
    item["images"] = ordered::array({{{"file", "cover.png"}, {"caption", todoText(languages, "caption and credit")}}});
    item["facts"] = ordered::array();
    const fs::path folder = dir / "items" / id;
    if (!writeNew(folder / "item.json", dump(item))) return kExitFailed;
    // A plain grey picture, so that the skeleton loads until the real one replaces it.
    std::vector<unsigned char> pixels(static_cast<std::size_t>(kCoverWidthPx) * kCoverHeightPx * 3, 0x9A);
    std::string png;
    stbi_write_png_to_func(writePng, &png, kCoverWidthPx, kCoverHeightPx, 3, pixels.data(), kCoverWidthPx * 3);
    if (!writeNew(folder / "cover.png", png)) return kExitFailed;
    return kExitOk;
}

int newFact(const fs::path& dir, const std::string& id, const std::vector<std::string>& args) {
    std::vector<std::string> series = {"value"};
    std::string chart = "bar";
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--series" && i + 1 < args.size()) series = splitList(args[++i]);
        else if (args[i] == "--chart" && i + 1 < args.size()) chart = args[++i];
        else { std::fprintf(stderr, "kiosk-publish new fact: unexpected '%s'\n\n%s", args[i].c_str(), kUsage); return kExitUsage; }
    }
    if (chart != "bar" && chart != "line") { std::fprintf(stderr, "kiosk-publish new fact: --chart is bar or line\n"); return kExitUsage; }
    if (series.empty()) { std::fprintf(stderr, "kiosk-publish new fact: --series lists none\n"); return kExitUsage; }
    const auto languages = languagesOf(dir);
    if (languages.empty()) { std::fprintf(stderr, "kiosk-publish new fact: no exhibition in %s\n", dir.c_str()); return kExitFailed; }
    ordered fact;
    fact["$schema"] = "../.schema/fact.schema.json";
    fact["$comment"] = "A trade-facts chart. The numbers are in the CSV file named in \"data\": first line label,<series>..., "
                       "then one line per label. A spreadsheet saving ';' and decimal commas: add \"csv\": "
                       "{\"separator\": \";\", \"decimal\": \",\"}.";
    fact["id"] = id;
    fact["title"] = todoText(languages, "chart title");
    fact["chart"] = chart;
    fact["unit"] = todoText(languages, "unit, e.g. US$ billion");
    fact["data"] = id + ".csv";
    ordered names = ordered::object();
    for (const auto& s : series) names[s] = todoText(languages, "name of the series '" + s + "'");
    fact["series"] = names;
    fact["source"] = {{"name", "TODO: source"}, {"year", 2025}};
    std::string csv = "label";
    for (const auto& s : series) csv += "," + s;
    csv += "\n2024";
    for (std::size_t i = 0; i < series.size(); ++i) csv += ",0";
    csv += "\n";
    if (!writeNew(dir / "facts" / (id + ".json"), dump(fact))) return kExitFailed;
    if (!writeNew(dir / "facts" / (id + ".csv"), csv)) return kExitFailed;
    return kExitOk;
}

int runNew(const std::vector<std::string>& args) {
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) { std::fputs(kUsage, stdout); return kExitOk; }
    if (args.size() < 2) { std::fputs(kUsage, stderr); return kExitUsage; }
    const std::string& kind = args[0];
    const fs::path dir = args[1];
    if (kind == "exhibition") return newExhibition(dir, {args.begin() + 2, args.end()});
    if (kind != "category" && kind != "item" && kind != "fact") {
        std::fprintf(stderr, "kiosk-publish new: '%s' is not exhibition, category, item or fact\n\n%s", kind.c_str(), kUsage);
        return kExitUsage;
    }
    if (args.size() < 3 || !validId(args[2])) {
        std::fprintf(stderr, "kiosk-publish new %s: give an id (lowercase letters, digits, hyphens)%s\n", kind.c_str(),
                     args.size() < 3 ? "" : (", not '" + args[2] + "'").c_str());
        return kExitUsage;
    }
    const std::vector<std::string> rest(args.begin() + 3, args.end());
    if (kind == "category") {
        if (!rest.empty()) { std::fputs(kUsage, stderr); return kExitUsage; }
        return newCategory(dir, args[2]);
    }
    if (kind == "item") return newItem(dir, args[2], rest);
    return newFact(dir, args[2], rest);
}

const PublishCommandRegistration registration({"new", "new exhibition|category|item|fact DIR ...",
                                               "write a commented skeleton to start from", runNew});

} // namespace
} // namespace kiosk::publish
