#include "kiosk/core/content_loader.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "kiosk/core/limits.h"
#include "kiosk/core/utf8.h"

namespace kiosk {
namespace fs = std::filesystem;
using nlohmann::json;

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

class Loader {
public:
    explicit Loader(fs::path root) : root_(std::move(root)) {}

    ContentLoadResult run();

private:
    void problem(const fs::path& file, Severity severity, std::string message, int line = 0, int column = 0) {
        problems_.push_back({relative(file), line, column, severity, std::move(message)});
    }
    std::string relative(const fs::path& file) const {
        std::error_code ec;
        auto rel = fs::relative(file, root_, ec);
        return (ec || rel.empty()) ? file.string() : rel.generic_string();
    }

    bool readFile(const fs::path& file, std::uintmax_t maxBytes, std::string& out);
    bool parseJson(const fs::path& file, json& out);
    LocalizedText text(const fs::path& file, const json& object, const char* key, bool required);
    std::string string(const fs::path& file, const json& object, const char* key, bool required);
    std::vector<std::string> stringList(const fs::path& file, const json& object, const char* key);
    std::optional<CalendarDate> date(const fs::path& file, const json& object, const char* key);
    Rgba color(const fs::path& file, const json& object, const char* key, Rgba fallback);
    // Resolves a file the content refers to. A missing file is an error for the checker, but
    // the path is kept so that the kiosk shows a fallback in its place (soft problem).
    fs::path contentPath(const fs::path& file, const fs::path& base, const std::string& relativePath);
    void softProblem(const fs::path& file, std::string message) {
        problem(file, Severity::Error, std::move(message));
        softErrors_.insert(problems_.size() - 1);
    }
    bool hasFatalErrorSince(std::size_t start) const {
        for (std::size_t i = start; i < problems_.size(); ++i)
            if (problems_[i].severity == Severity::Error && !softErrors_.count(i)) return true;
        return false;
    }
    std::set<std::size_t> softErrors_;

    bool loadExhibitionFile(Exhibition& ex);
    void loadCategories(Exhibition& ex);
    void loadItems(Exhibition& ex);
    void loadFacts(Exhibition& ex);
    void loadUiStrings(Exhibition& ex);
    bool loadCsv(const fs::path& file, Fact& fact);

    fs::path root_;
    std::vector<ContentProblem> problems_;
};

bool Loader::readFile(const fs::path& file, std::uintmax_t maxBytes, std::string& out) {
    std::error_code ec;
    const auto size = fs::file_size(file, ec);
    if (ec) { problem(file, Severity::Error, "cannot read file: " + ec.message()); return false; }
    if (size > maxBytes) {
        problem(file, Severity::Error, "file is too large (" + std::to_string(size) + " bytes, limit " +
                                           std::to_string(maxBytes) + ")");
        return false;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) { problem(file, Severity::Error, "cannot open file"); return false; }
    out.assign(std::istreambuf_iterator<char>(in), {});
    if (const auto bad = utf8::firstInvalid(out); bad != std::string::npos) {
        const int line = 1 + static_cast<int>(std::count(out.begin(), out.begin() + bad, '\n'));
        problem(file, Severity::Error, "invalid UTF-8", line);
        return false;
    }
    return true;
}

bool Loader::parseJson(const fs::path& file, json& out) {
    std::string data;
    if (!readFile(file, limits::kMaxContentJsonBytes, data)) return false;
    try {
        out = json::parse(data);
    } catch (const json::parse_error& e) {
        // e.byte is 1-based position of the error; turn it into line and column.
        const std::size_t pos = std::min<std::size_t>(e.byte ? e.byte - 1 : 0, data.size());
        int line = 1, column = 1;
        for (std::size_t i = 0; i < pos; ++i) {
            if (data[i] == '\n') { ++line; column = 1; } else { ++column; }
        }
        std::string message = e.what();
        if (const auto at = message.find("; last read"); at != std::string::npos) message = message.substr(at + 2);
        problem(file, Severity::Error, "invalid JSON: " + message, line, column);
        return false;
    }
    return true;
}

LocalizedText Loader::text(const fs::path& file, const json& object, const char* key, bool required) {
    LocalizedText out;
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
        if (required) problem(file, Severity::Error, std::string("missing required text '") + key + "'");
        return out;
    }
    if (it->is_string()) {   // a plain string is accepted as text in every language
        out.byLanguage["*"] = it->get<std::string>();
        return out;
    }
    if (!it->is_object()) {
        problem(file, Severity::Error, std::string("'") + key + "' must be a map of language code to text");
        return out;
    }
    for (const auto& [language, value] : it->items()) {
        if (!value.is_string()) {
            problem(file, Severity::Error, std::string("'") + key + "." + language + "' must be a string");
            continue;
        }
        out.byLanguage[language] = value.get<std::string>();
    }
    return out;
}

std::string Loader::string(const fs::path& file, const json& object, const char* key, bool required) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
        if (required) problem(file, Severity::Error, std::string("missing required field '") + key + "'");
        return {};
    }
    if (!it->is_string()) {
        problem(file, Severity::Error, std::string("'") + key + "' must be a string");
        return {};
    }
    return it->get<std::string>();
}

std::vector<std::string> Loader::stringList(const fs::path& file, const json& object, const char* key) {
    std::vector<std::string> out;
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return out;
    if (!it->is_array()) {
        problem(file, Severity::Error, std::string("'") + key + "' must be a list of strings");
        return out;
    }
    for (const auto& value : *it) {
        if (value.is_string()) out.push_back(value.get<std::string>());
        else problem(file, Severity::Error, std::string("'") + key + "' must contain only strings");
    }
    return out;
}

std::optional<CalendarDate> Loader::date(const fs::path& file, const json& object, const char* key) {
    const std::string value = string(file, object, key, false);
    if (value.empty()) return std::nullopt;
    auto parsed = parseCalendarDate(value);
    if (!parsed) problem(file, Severity::Error, std::string("'") + key + "' is not a date (YYYY-MM-DD): " + value);
    return parsed;
}

Rgba Loader::color(const fs::path& file, const json& object, const char* key, Rgba fallback) {
    const std::string value = string(file, object, key, false);
    if (value.empty()) return fallback;
    if (value.size() == 7 && value[0] == '#') {
        unsigned rgb = 0;
        const auto [end, ec] = std::from_chars(value.data() + 1, value.data() + 7, rgb, 16);
        if (ec == std::errc() && end == value.data() + 7) return (static_cast<Rgba>(rgb) << 8) | 0xFF;
    }
    problem(file, Severity::Warning, std::string("'") + key + "' is not a colour like #RRGGBB: " + value);
    return fallback;
}

fs::path Loader::contentPath(const fs::path& file, const fs::path& base, const std::string& relativePath) {
    if (relativePath.empty()) return {};
    const fs::path rel(relativePath);
    if (rel.is_absolute() || relativePath.find("..") != std::string::npos || relativePath.find('\\') != std::string::npos) {
        problem(file, Severity::Error, "path must stay inside the exhibition folder: " + relativePath);
        return {};
    }
    const fs::path full = base / rel;
    std::error_code ec;
    if (!fs::is_regular_file(full, ec)) softProblem(file, "missing file: " + relativePath);
    return full;
}

bool Loader::loadExhibitionFile(Exhibition& ex) {
    const fs::path file = root_ / "exhibition.json";
    json doc;
    if (!fs::exists(file)) { problem(file, Severity::Error, "missing exhibition.json"); return false; }
    if (!parseJson(file, doc)) return false;
    if (!doc.is_object()) { problem(file, Severity::Error, "exhibition.json must hold a JSON object"); return false; }

    ex.id = string(file, doc, "id", true);
    ex.sample = doc.value("sample", false);
    ex.title = text(file, doc, "title", true);
    ex.subtitle = text(file, doc, "subtitle", false);

    if (const auto it = doc.find("languages"); it != doc.end() && it->is_array()) {
        for (const auto& entry : *it) {
            if (!entry.is_object()) { problem(file, Severity::Error, "each language must be an object"); continue; }
            LanguageInfo language;
            language.code = string(file, entry, "code", true);
            language.nativeName = string(file, entry, "name", true);
            language.rightToLeft = entry.value("dir", std::string("ltr")) == "rtl";
            if (!language.code.empty()) ex.languages.push_back(std::move(language));
        }
    }
    if (ex.languages.empty()) {
        problem(file, Severity::Error, "'languages' must list at least one language");
        return false;
    }
    std::string defaultLanguage = string(file, doc, "default_language", false);
    if (defaultLanguage.empty()) defaultLanguage = ex.languages.front().code;
    std::map<std::string, std::vector<std::string>, std::less<>> chains;
    if (const auto it = doc.find("fallback"); it != doc.end() && it->is_object()) {
        for (const auto& [language, chain] : it->items())
            chains[language] = stringList(file, *it, language.c_str());
    }
    ex.fallback = LanguageFallback(std::move(chains), defaultLanguage);

    if (const auto it = doc.find("theme"); it != doc.end() && it->is_object()) {
        ex.theme.background = color(file, *it, "background", ex.theme.background);
        ex.theme.surface = color(file, *it, "surface", ex.theme.surface);
        ex.theme.accent = color(file, *it, "accent", ex.theme.accent);
        ex.theme.text = color(file, *it, "text", ex.theme.text);
        ex.theme.muted = color(file, *it, "muted", ex.theme.muted);
    }
    ex.featured = stringList(file, doc, "featured");
    ex.attractImage = contentPath(file, root_, string(file, doc, "attract_image", false));
    return true;
}

void Loader::loadCategories(Exhibition& ex) {
    const fs::path file = root_ / "categories.json";
    json doc;
    if (!fs::exists(file)) { problem(file, Severity::Error, "missing categories.json"); return; }
    if (!parseJson(file, doc)) return;
    if (!doc.is_array()) { problem(file, Severity::Error, "categories.json must hold a JSON array"); return; }
    for (const auto& entry : doc) {
        if (!entry.is_object()) { problem(file, Severity::Error, "each category must be an object"); continue; }
        Category category;
        category.id = string(file, entry, "id", true);
        category.title = text(file, entry, "title", true);
        category.summary = text(file, entry, "summary", false);
        category.image = contentPath(file, root_, string(file, entry, "image", false));
        category.color = color(file, entry, "color", category.color);
        if (category.id.empty()) continue;
        if (ex.findCategory(category.id)) {
            problem(file, Severity::Error, "duplicate category id '" + category.id + "'");
            continue;
        }
        ex.categories.push_back(std::move(category));
    }
}

void Loader::loadItems(Exhibition& ex) {
    const fs::path dir = root_ / "items";
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) { problem(dir, Severity::Warning, "no items folder"); return; }
    std::vector<fs::path> folders;
    for (const auto& entry : fs::directory_iterator(dir, ec))
        if (entry.is_directory()) folders.push_back(entry.path());
    std::sort(folders.begin(), folders.end());
    for (const auto& folder : folders) {
        if (static_cast<int>(ex.items.size()) >= limits::kMaxItems) {
            problem(dir, Severity::Error, "too many items (limit " + std::to_string(limits::kMaxItems) + ")");
            break;
        }
        const fs::path file = folder / "item.json";
        json doc;
        if (!fs::exists(file)) { problem(folder, Severity::Warning, "item folder without item.json"); continue; }
        const std::size_t problemsBefore = problems_.size();
        if (!parseJson(file, doc)) continue;
        if (!doc.is_object()) { problem(file, Severity::Error, "item.json must hold a JSON object"); continue; }
        Item item;
        item.id = string(file, doc, "id", true);
        item.category = string(file, doc, "category", true);
        item.title = text(file, doc, "title", true);
        item.summary = text(file, doc, "summary", false);
        item.story = text(file, doc, "story", false);
        item.origin = text(file, doc, "origin", false);
        item.partners = text(file, doc, "partners", false);
        item.link = string(file, doc, "link", false);
        item.tags = stringList(file, doc, "tags");
        item.factIds = stringList(file, doc, "facts");
        item.kioskTags = stringList(file, doc, "kiosk_tags");
        item.availableFrom = date(file, doc, "available_from");
        item.availableUntil = date(file, doc, "available_until");
        if (const auto it = doc.find("images"); it != doc.end() && it->is_array()) {
            for (const auto& image : *it) {
                if (!image.is_object()) { problem(file, Severity::Error, "each image must be an object"); continue; }
                ImageRef ref;
                ref.file = contentPath(file, folder, string(file, image, "file", true));
                ref.caption = text(file, image, "caption", false);
                if (!ref.file.empty()) item.images.push_back(std::move(ref));
            }
        }
        if (!item.category.empty() && !ex.findCategory(item.category))
            problem(file, Severity::Error, "unknown category '" + item.category + "'");
        if (!item.id.empty() && ex.findItem(item.id))
            problem(file, Severity::Error, "duplicate item id '" + item.id + "'");
        if (hasFatalErrorSince(problemsBefore)) continue;   // a bad item is left out; the rest of the exhibition shows
        ex.items.push_back(std::move(item));
    }
}

bool Loader::loadCsv(const fs::path& file, Fact& fact) {
    std::string data;
    if (!readFile(file, limits::kMaxCsvBytes, data)) return false;
    std::istringstream in(data);
    std::string line;
    int lineNumber = 0;
    std::vector<std::string> header;
    const auto split = [](const std::string& text) {
        std::vector<std::string> cells;
        std::string cell;
        bool quoted = false;
        for (char c : text) {
            if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { cells.push_back(cell); cell.clear(); }
            else if (c != '\r') cell.push_back(c);
        }
        cells.push_back(cell);
        return cells;
    };
    while (std::getline(in, line)) {
        ++lineNumber;
        if (line.empty() || line == "\r") continue;
        auto cells = split(line);
        if (header.empty()) {
            header = cells;
            if (header.size() < 2) { problem(file, Severity::Error, "CSV header needs a label and at least one series", lineNumber); return false; }
            for (std::size_t i = 1; i < header.size(); ++i) {
                const auto it = std::find_if(fact.series.begin(), fact.series.end(),
                                             [&](const FactSeries& s) { return s.id == header[i]; });
                if (it == fact.series.end()) fact.series.push_back(FactSeries{header[i], {}, {}});
            }
            continue;
        }
        if (cells.size() != header.size()) {
            problem(file, Severity::Error, "expected " + std::to_string(header.size()) + " cells, found " +
                                               std::to_string(cells.size()), lineNumber);
            return false;
        }
        if (static_cast<int>(fact.labels.size()) >= limits::kMaxChartPoints) {
            problem(file, Severity::Error, "too many rows for a chart", lineNumber);
            return false;
        }
        fact.labels.push_back(cells[0]);
        for (std::size_t i = 1; i < cells.size(); ++i) {
            double value = 0;
            const char* begin = cells[i].data();
            while (*begin == ' ') ++begin;
            const auto [end, ec] = std::from_chars(begin, cells[i].data() + cells[i].size(), value);
            if (ec != std::errc() || end != cells[i].data() + cells[i].size()) {
                problem(file, Severity::Error, "not a number: '" + cells[i] + "'", lineNumber);
                return false;
            }
            auto it = std::find_if(fact.series.begin(), fact.series.end(),
                                   [&](const FactSeries& s) { return s.id == header[i]; });
            it->values.push_back(value);
        }
    }
    if (fact.labels.empty()) { problem(file, Severity::Error, "CSV has no data rows"); return false; }
    return true;
}

void Loader::loadFacts(Exhibition& ex) {
    const fs::path dir = root_ / "facts";
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir, ec))
        if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        json doc;
        const std::size_t problemsBefore = problems_.size();
        if (!parseJson(file, doc)) continue;
        if (!doc.is_object()) { problem(file, Severity::Error, "a fact file must hold a JSON object"); continue; }
        Fact fact;
        fact.id = string(file, doc, "id", true);
        fact.title = text(file, doc, "title", true);
        fact.summary = text(file, doc, "summary", false);
        fact.unit = text(file, doc, "unit", false);
        fact.notes = text(file, doc, "notes", false);
        const std::string chart = string(file, doc, "chart", false);
        if (chart == "line") fact.chart = ChartKind::Line;
        else if (!chart.empty() && chart != "bar") problem(file, Severity::Error, "'chart' must be bar or line");
        if (const auto it = doc.find("series"); it != doc.end() && it->is_object()) {
            for (const auto& [seriesId, names] : it->items()) {
                FactSeries series;
                series.id = seriesId;
                series.name = text(file, *it, seriesId.c_str(), false);
                fact.series.push_back(std::move(series));
            }
        }
        if (const auto it = doc.find("source"); it != doc.end() && it->is_object()) {
            fact.source.name = string(file, *it, "name", true);
            fact.source.url = string(file, *it, "url", false);
            if (const auto year = it->find("year"); year != it->end() && year->is_number_integer())
                fact.source.year = year->get<int>();
            else problem(file, Severity::Error, "'source.year' must be a whole number");
        } else {
            problem(file, Severity::Error, "missing required 'source' (name, year, optional url)");
        }
        const fs::path csv = contentPath(file, dir, string(file, doc, "data", true));
        if (!csv.empty() && fs::is_regular_file(csv, ec)) loadCsv(csv, fact);
        else if (!csv.empty()) problem(file, Severity::Error, "the chart has no data");
        // Series named in JSON but absent from the CSV have no values: drop them.
        std::erase_if(fact.series, [&](const FactSeries& s) { return s.values.size() != fact.labels.size(); });
        if (hasFatalErrorSince(problemsBefore) || fact.series.empty()) continue;
        ex.facts.push_back(std::move(fact));
    }
}

void Loader::loadUiStrings(Exhibition& ex) {
    const fs::path dir = root_ / "strings";
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (entry.path().extension() != ".json") continue;
        json doc;
        if (!parseJson(entry.path(), doc)) continue;
        if (!doc.is_object()) { problem(entry.path(), Severity::Error, "a strings file must hold a JSON object"); continue; }
        auto& strings = ex.uiStrings[entry.path().stem().string()];
        for (const auto& [key, value] : doc.items())
            if (value.is_string()) strings[key] = value.get<std::string>();
    }
}

ContentLoadResult Loader::run() {
    auto ex = std::make_shared<Exhibition>();
    ex->rootDir = root_;
    std::error_code ec;
    if (!fs::is_directory(root_, ec)) {
        problem(root_, Severity::Error, "exhibition folder not found");
        return {nullptr, std::move(problems_)};
    }
    if (!loadExhibitionFile(*ex)) return {nullptr, std::move(problems_)};
    loadCategories(*ex);
    loadItems(*ex);
    loadFacts(*ex);
    loadUiStrings(*ex);
    const fs::path exhibitionFile = root_ / "exhibition.json";
    std::erase_if(ex->featured, [&](const std::string& id) {
        if (ex->findItem(id)) return false;
        problem(exhibitionFile, Severity::Error, "featured item '" + id + "' does not exist");
        return true;
    });
    return {std::move(ex), std::move(problems_)};
}

} // namespace

ContentLoadResult loadExhibition(const fs::path& folder) {
    return Loader(folder).run();
}

} // namespace kiosk
