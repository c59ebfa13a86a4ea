#include "kiosk/core/content_loader.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string_view>

#include "kiosk/core/content_reader.h"
#include "kiosk/core/limits.h"

namespace kiosk {
namespace fs = std::filesystem;
using namespace content_detail;

std::string ContentProblem::toString() const {
    std::string out = file;
    if (line > 0) {
        out += ":" + std::to_string(line);
        if (column > 0) out += ":" + std::to_string(column);
    }
    out += severity == Severity::Error ? ": error: " : ": warning: ";
    out += message;
    return out;
}

bool ContentLoadResult::hasErrors() const {
    return std::any_of(problems.begin(), problems.end(),
                       [](const ContentProblem& p) { return p.severity == Severity::Error; });
}

namespace {

// The host of `link` when it is a reserved example domain (RFC 2606: example.org, example.com,
// example.net and their subdomains), else "". Case and a trailing dot do not matter.
std::string placeholderLinkHost(std::string_view link) {
    const std::size_t scheme = link.find("://");
    if (scheme == std::string_view::npos) return {};
    std::string_view rest = link.substr(scheme + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    if (const std::size_t at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
    rest = rest.substr(0, rest.find(':'));
    std::string host(rest);
    for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    while (!host.empty() && host.back() == '.') host.pop_back();
    for (const char* reserved : {"example.org", "example.com", "example.net"}) {
        const std::string r = reserved;
        if (host == r || (host.size() > r.size() && host.compare(host.size() - r.size(), r.size(), r) == 0 &&
                          host[host.size() - r.size() - 1] == '.'))
            return host;
    }
    return {};
}

// A reference to check once everything is loaded.
struct PendingReference {
    fs::path file;
    TextPosition at;
    std::string id;
};

class Loader {
public:
    Loader(fs::path root, const ContentLoadOptions& options) : reader_(std::move(root), options) {}
    ContentLoadResult run();

private:
    bool loadExhibitionFile(Exhibition& ex);
    void loadLanguages(JsonObject& doc, Exhibition& ex);
    void loadCategories(Exhibition& ex);
    void loadItems(Exhibition& ex);
    bool loadItem(const fs::path& folder, Exhibition& ex);
    void loadUiStrings(Exhibition& ex);
    void checkImageFile(const fs::path& image, const JsonObject& owner, const char* key) {
        if (reader_.options().decodeImages && !image.empty()) checkImage(reader_, image, owner.file(), owner.at(key));
    }
    std::vector<MissingTranslation> missingTranslations(const Exhibition& ex);

    ContentReader reader_;
    std::vector<PendingReference> featured_;
    bool categoriesBroken_ = false;                 // categories.json unreadable: no "unknown category" follow-ons
    std::set<std::string> brokenFacts_;             // fact files left out (by file name)
    std::map<std::string, std::string> itemFolders_;   // item id -> folder that holds it
    std::vector<BrokenItem> brokenItems_;
};

void Loader::loadLanguages(JsonObject& doc, Exhibition& ex) {
    std::vector<std::string> codes;
    for (auto& entry : doc.objects("languages", "language")) {
        entry.checkUnknownFields({"code", "name", "dir"}, "a language");
        LanguageInfo language;
        language.code = entry.string("code", true);
        language.nativeName = entry.string("name", true);
        const std::string dir = entry.string("dir", false);
        if (!dir.empty() && dir != "ltr" && dir != "rtl") entry.problem("dir", Severity::Error, "'dir' must be \"ltr\" or \"rtl\"");
        language.rightToLeft = dir == "rtl";
        if (language.code.empty()) continue;
        if (ex.findLanguage(language.code)) {
            entry.problem("code", Severity::Error, "language '" + language.code + "' is declared twice");
            continue;
        }
        codes.push_back(language.code);
        ex.languages.push_back(std::move(language));
    }
    reader_.setDeclaredLanguages(std::move(codes));
}

bool Loader::loadExhibitionFile(Exhibition& ex) {
    const fs::path file = reader_.root() / "exhibition.json";
    std::error_code ec;
    if (!fs::exists(file, ec)) { reader_.problem(file, Severity::Error, "missing exhibition.json"); return false; }
    auto doc = reader_.parseJson(file);
    if (!doc) return false;
    if (!doc->value.is_object()) {
        reader_.problem(file, Severity::Error, "exhibition.json must hold a JSON object", {1, 1});
        return false;
    }
    JsonObject object(reader_, *doc, doc->value, "");
    object.checkUnknownFields({"format", "id", "sample", "title", "subtitle", "languages", "default_language", "fallback",
                              "theme", "featured", "attract_image"},
                             "exhibition.json");
    if (auto format = object.integer("format", false); format && *format > limits::kContentFormatVersion)
        object.problem("format", Severity::Error, "content format " + std::to_string(*format) +
                                                      " is newer than this kiosk understands (" +
                                                      std::to_string(limits::kContentFormatVersion) + ")");
    loadLanguages(object, ex);   // first: texts are checked against the declared languages
    ex.id = object.string("id", true);
    ex.sample = object.boolean("sample", false);
    ex.title = object.text("title", true);
    ex.subtitle = object.text("subtitle", false);
    if (ex.languages.empty()) {
        object.problem("languages", Severity::Error, "'languages' must list at least one language");
        return false;
    }
    std::string defaultLanguage = object.string("default_language", false);
    if (!defaultLanguage.empty() && !ex.findLanguage(defaultLanguage)) {
        object.problem("default_language", Severity::Error,
                       "default language '" + defaultLanguage + "' is not declared in 'languages'");
        defaultLanguage.clear();
    }
    if (defaultLanguage.empty()) defaultLanguage = ex.languages.front().code;
    std::map<std::string, std::vector<std::string>, std::less<>> chains;
    if (auto fallback = object.object("fallback", false)) {
        for (const auto& [language, chain] : fallback->value().items()) {
            std::vector<TextPosition> positions;
            auto codes = fallback->stringList(language.c_str(), &positions);
            for (std::size_t i = 0; i < codes.size(); ++i)
                if (!ex.findLanguage(codes[i]))
                    reader_.problem(file, Severity::Warning,
                                    "fallback for '" + language + "' names '" + codes[i] +
                                        "', which is not declared in 'languages'; it is skipped",
                                    positions[i]);
            std::erase_if(codes, [&](const std::string& code) { return !ex.findLanguage(code); });
            chains[language] = std::move(codes);
        }
    }
    ex.fallback = LanguageFallback(std::move(chains), defaultLanguage);

    if (auto theme = object.object("theme", false)) {
        theme->checkUnknownFields({"background", "surface", "accent", "text", "muted"}, "'theme'");
        ex.theme.background = theme->color("background", ex.theme.background);
        ex.theme.surface = theme->color("surface", ex.theme.surface);
        ex.theme.accent = theme->color("accent", ex.theme.accent);
        ex.theme.text = theme->color("text", ex.theme.text);
        ex.theme.muted = theme->color("muted", ex.theme.muted);
    }
    std::vector<TextPosition> positions;
    ex.featured = object.stringList("featured", &positions);
    for (std::size_t i = 0; i < ex.featured.size(); ++i) featured_.push_back({file, positions[i], ex.featured[i]});
    ex.attractImage = object.path("attract_image", reader_.root(), false);
    checkImageFile(ex.attractImage, object, "attract_image");
    return true;
}

void Loader::loadCategories(Exhibition& ex) {
    const fs::path file = reader_.root() / "categories.json";
    std::error_code ec;
    categoriesBroken_ = true;   // until it has been read
    if (!fs::exists(file, ec)) {
        reader_.problem(file, Severity::Error, "missing categories.json: create it with a list of categories "
                                               "(kiosk-publish new category DIR ID)");
        return;
    }
    auto doc = reader_.parseJson(file);
    if (!doc) return;
    if (!doc->value.is_array()) {
        reader_.problem(file, Severity::Error, "categories.json must hold a list: [ {category}, {category} ]", {1, 1});
        return;
    }
    categoriesBroken_ = false;
    for (std::size_t i = 0; i < doc->value.size(); ++i) {
        const std::string pointer = appendPointer("", std::to_string(i));
        if (!doc->value[i].is_object()) {
            reader_.problem(file, Severity::Error, "each category must be an object", doc->positions.find(pointer));
            continue;
        }
        JsonObject entry(reader_, *doc, doc->value[i], pointer);
        entry.checkUnknownFields({"id", "title", "summary", "image", "color"}, "a category");
        Category category;
        category.id = entry.string("id", true);
        category.title = entry.text("title", true);
        category.summary = entry.text("summary", false);
        category.image = entry.path("image", reader_.root(), false);
        checkImageFile(category.image, entry, "image");
        category.color = entry.color("color", category.color);
        if (category.id.empty()) continue;
        if (ex.findCategory(category.id)) {
            entry.problem("id", Severity::Error, "duplicate category id '" + category.id + "'");
            continue;
        }
        ex.categories.push_back(std::move(category));
    }
}

bool Loader::loadItem(const fs::path& folder, Exhibition& ex) {
    const fs::path file = folder / "item.json";
    std::error_code ec;
    if (!fs::exists(file, ec)) {
        reader_.problem(folder, Severity::Warning, "item folder without item.json; it is ignored");
        return false;
    }
    if (!reader_.checkInsideRoot(folder, folder)) return false;
    const std::size_t problemsBefore = reader_.problemCount();
    const std::string folderName = folder.filename().string();
    const auto leftOut = [&](const Item* item) {
        BrokenItem broken;
        broken.folder = folderName;
        if (item) { broken.category = item->category; broken.title = item->title; }
        for (std::size_t i = problemsBefore; i < reader_.problemCount(); ++i)
            if (reader_.problemAt(i).severity == Severity::Error) { broken.firstError = reader_.problemAt(i); break; }
        brokenItems_.push_back(std::move(broken));
        return false;
    };
    auto doc = reader_.parseJson(file);
    if (!doc) return leftOut(nullptr);
    if (!doc->value.is_object()) {
        reader_.problem(file, Severity::Error, "item.json must hold one object: { \"id\": ..., \"title\": ... }", {1, 1});
        return leftOut(nullptr);
    }
    JsonObject object(reader_, *doc, doc->value, "");
    object.checkUnknownFields({"id", "category", "title", "summary", "story", "origin", "partners", "images", "link",
                              "tags", "facts", "available_from", "available_until", "kiosk_tags"},
                             "an item");
    Item item;
    item.id = object.string("id", true);
    item.category = object.string("category", true);
    item.title = object.text("title", true);
    item.summary = object.text("summary", true);
    item.story = object.text("story", true);
    item.origin = object.text("origin", true);
    item.partners = object.text("partners", false);
    item.link = object.string("link", false);
    if (const std::string host = placeholderLinkHost(item.link); !host.empty())
        object.problem("link", Severity::Warning, "the link goes to the placeholder domain '" + host +
                                                      "': a visitor scanning the QR code sees \"Example Domain\"; link "
                                                      "a real page of the product, museum or company");
    item.tags = object.stringList("tags");
    std::vector<TextPosition> factPositions;
    item.factIds = object.stringList("facts", &factPositions);
    item.kioskTags = object.stringList("kiosk_tags");
    item.availableFrom = object.date("available_from");
    item.availableUntil = object.date("available_until");
    if (item.availableFrom && item.availableUntil && item.availableFrom->ordinal() > item.availableUntil->ordinal())
        object.problem("available_until", Severity::Error, "'available_until' is before 'available_from'");
    const auto images = object.objects("images", "image");
    if (images.empty() && !object.has("images"))
        object.problem("images", Severity::Error,
                       "missing required field 'images': add \"images\": [{\"file\": \"cover.jpg\"}] (at least one "
                       "image, in the item's folder)");
    if (static_cast<int>(images.size()) > limits::kMaxImagesPerItem)
        object.problem("images", Severity::Warning, "more than " + std::to_string(limits::kMaxImagesPerItem) +
                                                        " images; only the first ones are shown");
    for (auto image : images) {
        if (static_cast<int>(item.images.size()) >= limits::kMaxImagesPerItem) break;
        image.checkUnknownFields({"file", "caption"}, "an image");
        ImageRef ref;
        ref.file = image.path("file", folder, true);
        checkImageFile(ref.file, image, "file");
        ref.caption = image.text("caption", false);
        if (!ref.file.empty()) item.images.push_back(std::move(ref));
    }
    if (!item.id.empty() && item.id != folder.filename().string())
        object.problem("id", Severity::Warning, "item id '" + item.id + "' differs from its folder name '" +
                                                    folder.filename().string() + "'");
    if (!item.category.empty() && !ex.findCategory(item.category) && !categoriesBroken_) {
        std::vector<std::string> ids;
        for (const auto& category : ex.categories) ids.push_back(category.id);
        std::string suggestion = didYouMean(item.category, ids);
        std::string list;
        for (const auto& id : ids) list += (list.empty() ? "" : ", ") + id;
        object.problem("category", Severity::Error,
                       "unknown category '" + item.category + "'" + suggestion + ": use one of the ids in categories.json (" +
                           list + ")");
    }
    std::vector<std::string> factIds;
    for (const auto& fact : ex.facts) factIds.push_back(fact.id);
    for (std::size_t i = 0; i < item.factIds.size(); ++i)
        if (!ex.findFact(item.factIds[i]) && !brokenFacts_.count(item.factIds[i]))   // the item still shows, without the link
            reader_.softProblem(file,
                                "unknown fact '" + item.factIds[i] + "'" + didYouMean(item.factIds[i], factIds) +
                                    ": name a file of facts/ without '.json'",
                                factPositions[i]);
    std::erase_if(item.factIds, [&](const std::string& id) { return !ex.findFact(id); });
    if (!item.id.empty()) {
        if (const auto other = itemFolders_.find(item.id); other != itemFolders_.end())
            object.problem("id", Severity::Error,
                           "duplicate item id '" + item.id + "': items/" + other->second +
                               "/item.json already uses it; give each item its own id (usually its folder name)");
    }
    if (reader_.hasFatalErrorSince(problemsBefore)) return leftOut(&item);
    if (!item.id.empty()) itemFolders_.emplace(item.id, folderName);
    ex.items.push_back(std::move(item));
    return true;
}

void Loader::loadItems(Exhibition& ex) {
    const fs::path dir = reader_.root() / "items";
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) { reader_.problem(dir, Severity::Warning, "no items folder"); return; }
    std::vector<fs::path> folders;
    // Counted while listing: a folder of a million entries is refused, not collected.
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (!entry.is_directory(ec)) continue;
        if (static_cast<int>(folders.size()) >= limits::kMaxItems) {
            reader_.problem(dir, Severity::Error, "too many items (limit " + std::to_string(limits::kMaxItems) + ")");
            break;
        }
        folders.push_back(entry.path());
    }
    std::sort(folders.begin(), folders.end());
    for (const auto& folder : folders) loadItem(folder, ex);
}

void Loader::loadUiStrings(Exhibition& ex) {
    for (const auto& file : reader_.jsonFilesIn(reader_.root() / "strings")) {
        const std::string language = file.stem().string();
        auto doc = reader_.parseJson(file);
        if (!doc) continue;
        if (!doc->value.is_object()) {
            reader_.problem(file, Severity::Error, "a strings file must hold a JSON object", {1, 1});
            continue;
        }
        if (!ex.findLanguage(language))
            reader_.problem(file, Severity::Warning, "language '" + language + "' is not declared in exhibition.json; "
                                                     "these strings are never shown");
        JsonObject object(reader_, *doc, doc->value, "");
        auto& strings = ex.uiStrings[language];
        for (const auto& [key, value] : doc->value.items()) {
            if (value.is_string()) strings[key] = value.get<std::string>();
            else object.problem(key, Severity::Error, "UI string '" + key + "' must be a string");
        }
    }
}

std::vector<MissingTranslation> Loader::missingTranslations(const Exhibition& ex) {
    std::vector<MissingTranslation> out;
    for (const auto& language : ex.languages) {
        for (const auto& record : reader_.texts()) {
            if (record.text.empty() || record.text.exact("*")) continue;   // plain strings are for every language
            if (const std::string* exact = record.text.exact(language.code); exact && !exact->empty()) continue;
            std::string used;
            ex.fallback.resolve(record.text, language.code, &used);
            out.push_back({language.code, record.file, record.line, record.field, used});
        }
    }
    return out;
}

ContentLoadResult Loader::run() {
    auto ex = std::make_shared<Exhibition>();
    ex->rootDir = reader_.root();
    std::error_code ec;
    if (!fs::is_directory(reader_.root(), ec)) {
        reader_.problem(reader_.root(), Severity::Error, "exhibition folder not found");
        return {nullptr, reader_.takeProblems(), {}};
    }
    if (!loadExhibitionFile(*ex)) return {nullptr, reader_.takeProblems(), {}};
    loadCategories(*ex);
    loadFacts(reader_, *ex, brokenFacts_);   // before items: items refer to facts
    loadItems(*ex);
    loadUiStrings(*ex);
    std::vector<std::string> itemIds;
    for (const auto& item : ex->items) itemIds.push_back(item.id);
    for (const auto& reference : featured_) {
        if (ex->findItem(reference.id)) continue;
        const bool brokenItem = std::any_of(brokenItems_.begin(), brokenItems_.end(),
                                            [&](const BrokenItem& b) { return b.folder == reference.id; });
        if (brokenItem) continue;   // its own errors are reported; it comes back when they are fixed
        reader_.problem(reference.file, Severity::Error,
                        "featured item '" + reference.id + "' does not exist" + didYouMean(reference.id, itemIds) +
                            ": name an item folder of items/",
                        reference.at);
    }
    std::erase_if(ex->featured, [&](const std::string& id) { return !ex->findItem(id); });
    auto missing = missingTranslations(*ex);
    ContentLoadResult result{std::move(ex), reader_.takeProblems(), std::move(missing)};
    result.brokenItems = std::move(brokenItems_);
    for (auto& record : reader_.texts()) result.texts.push_back({record.file, record.line, record.field, std::move(record.text)});
    result.referencedFiles = reader_.takeReferenced();
    return result;
}

} // namespace

ContentLoadResult loadExhibition(const fs::path& folder, const ContentLoadOptions& options) {
    // The parser boundary: the readers above turn every library error they know of into a
    // problem at its line; anything a library still throws (std::filesystem on a folder that
    // changes while it is read, an allocation failure) ends here as a problem, never a terminate.
    try {
        return Loader(folder, options).run();
    } catch (const std::exception& e) {
        ContentLoadResult result;
        result.problems.push_back({folder.string(), 0, 0, Severity::Error,
                                   std::string("cannot read the exhibition: ") + e.what()});
        return result;
    }
}

} // namespace kiosk
