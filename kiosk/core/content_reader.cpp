#include "kiosk/core/content_reader.h"

#include <algorithm>
#include <charconv>
#include <fstream>

#include "kiosk/core/json_text.h"
#include "kiosk/core/limits.h"
#include "kiosk/core/suggest.h"
#include "kiosk/core/text_script.h"
#include "kiosk/core/utf8.h"

namespace kiosk::content_detail {

namespace {

bool isInside(const fs::path& file, const fs::path& folder) {
    auto f = file.begin();
    for (auto d = folder.begin(); d != folder.end(); ++d, ++f) {
        if (d->empty()) continue;   // trailing separator
        if (f == file.end() || *f != *d) return false;
    }
    return true;
}

// The last character before `offset` that is not white space; npos when there is none.
std::size_t previousToken(std::string_view text, std::size_t offset) {
    std::size_t i = std::min(offset, text.size());
    while (i > 0) {
        const char c = text[i - 1];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return i - 1;
        --i;
    }
    return std::string_view::npos;
}

} // namespace

std::pair<std::string, TextPosition> explainJsonError(std::string_view text, std::size_t offset,
                                                      const std::string& parserMessage) {
    // The parser stops on the token after the mistake (`offset` is its last byte), often on the
    // next line. The two usual mistakes are named where they are: a comma before a closing
    // bracket (JSON allows none there) and a comma missing between two entries.
    if (text.empty()) return {"invalid JSON: " + parserMessage, TextPosition{1, 1}};
    const std::size_t at = std::min(offset, text.size() - 1);
    const char token = text[at];
    if (token == '}' || token == ']') {
        const std::size_t before = previousToken(text, at);
        if (before != std::string_view::npos && text[before] == ',')
            return {std::string("invalid JSON: a comma after the last entry, before '") + token +
                        "': remove this comma (JSON allows no comma before a closing bracket)",
                    positionOfOffset(text, before)};
    }
    const bool expectedSeparator = parserMessage.find("unexpected string literal; expected '}'") != std::string::npos ||
                                   parserMessage.find("unexpected string literal; expected ']'") != std::string::npos;
    if (expectedSeparator && token == '"') {
        std::size_t open = at;   // the opening quote of the string that starts the next entry
        while (open > 0) {
            --open;
            if (text[open] == '"' && (open == 0 || text[open - 1] != '\\')) break;
        }
        const std::size_t end = previousToken(text, open);
        if (end != std::string_view::npos && text[end] != ',' && text[end] != '{' && text[end] != '[' && text[end] != ':')
            return {"invalid JSON: a comma is missing after this entry: add ',' at the end of this line",
                    positionOfOffset(text, end)};
    }
    return {"invalid JSON: " + parserMessage, positionOfOffset(text, offset)};
}

ContentReader::ContentReader(fs::path root, ContentLoadOptions options)
    : root_(std::move(root)), options_(options) {
    std::error_code ec;
    canonicalRoot_ = fs::weakly_canonical(root_, ec);
    if (ec) canonicalRoot_ = root_;
}

void ContentReader::problem(const fs::path& file, Severity severity, std::string message, TextPosition at) {
    problems_.push_back({relative(file), at.line, at.column, severity, std::move(message)});
}

void ContentReader::softProblem(const fs::path& file, std::string message, TextPosition at) {
    problem(file, Severity::Error, std::move(message), at);
    softErrors_.insert(problems_.size() - 1);
}

bool ContentReader::hasFatalErrorSince(std::size_t start) const {
    for (std::size_t i = start; i < problems_.size(); ++i)
        if (problems_[i].severity == Severity::Error && !softErrors_.count(i)) return true;
    return false;
}

std::string ContentReader::relative(const fs::path& file) const {
    // Lexically: following symlinks here would name the target instead of the curator's file.
    const auto rel = file.lexically_normal().lexically_relative(root_.lexically_normal());
    if (rel.empty() || *rel.begin() == "..") return file.generic_string();
    return rel.generic_string();
}

bool ContentReader::insideRoot(const fs::path& file) const {
    std::error_code ec;
    const fs::path resolved = fs::weakly_canonical(file, ec);
    return !ec && isInside(resolved, canonicalRoot_);
}

bool ContentReader::checkInsideRoot(const fs::path& file, const fs::path& reportedIn, TextPosition at) {
    if (insideRoot(file)) return true;
    problem(reportedIn, Severity::Error,
            "'" + relative(file) + "' points outside the exhibition folder (symlink?); it is ignored", at);
    return false;
}

bool ContentReader::readFile(const fs::path& file, std::uintmax_t maxBytes, std::string& out) {
    if (!checkInsideRoot(file, file)) return false;
    std::error_code ec;
    const auto size = fs::file_size(file, ec);
    if (ec) { problem(file, Severity::Error, "cannot read file: " + ec.message()); return false; }
    if (size > maxBytes) {
        problem(file, Severity::Error,
                "file is too large (" + std::to_string(size) + " bytes, limit " + std::to_string(maxBytes) + ")");
        return false;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) { problem(file, Severity::Error, "cannot open file"); return false; }
    out.assign(std::istreambuf_iterator<char>(in), {});
    reference(file);
    if (const auto bad = utf8::firstInvalid(out); bad != std::string::npos) {
        problem(file, Severity::Error, "invalid UTF-8 (save the file as UTF-8)", positionOfOffset(out, bad));
        return false;
    }
    return true;
}

std::optional<JsonDoc> ContentReader::parseJson(const fs::path& file) {
    std::string data;
    if (!readFile(file, limits::kMaxContentJsonBytes, data)) return std::nullopt;
    JsonDoc doc;
    doc.file = file;
    doc.positions = JsonPositions::scan(data, limits::kMaxJsonNestingDepth);
    if (doc.positions.tooDeep()) {
        problem(file, Severity::Error,
                "JSON nested deeper than " + std::to_string(limits::kMaxJsonNestingDepth) + " levels");
        return std::nullopt;
    }
    // Never throws: syntax errors and numbers beyond a double ("weight": 1e999) alike become
    // a problem at their line, not a terminate.
    auto parsed = parseJsonText(data, limits::kMaxJsonNestingDepth);
    if (parsed.error) {
        const auto [message, at] = explainJsonError(data, parsed.error->offset, parsed.error->message);
        problem(file, Severity::Error, message, at);
        return std::nullopt;
    }
    doc.value = std::move(parsed.value);
    for (const auto& duplicate : doc.positions.duplicateKeys())
        problem(file, Severity::Warning, "duplicate key '" + duplicate.pointer + "': only the last one counts",
                duplicate.position);
    return doc;
}

bool ContentReader::isDeclared(std::string_view code) const {
    return std::find(declared_.begin(), declared_.end(), code) != declared_.end();
}

std::string ContentReader::declaredList() const {
    std::string out;
    for (const auto& code : declared_) out += (out.empty() ? "" : ", ") + code;
    return out;
}

// ---- JsonObject ----

bool JsonObject::has(const char* key) const {
    const auto it = value_->find(key);
    return it != value_->end() && !it->is_null();
}

TextPosition JsonObject::at(std::string_view key) const {
    const TextPosition keyPosition = doc_->positions.find(pointerOf(key));
    return keyPosition.line > 0 ? keyPosition : position();
}

void JsonObject::problem(std::string_view key, Severity severity, std::string message) const {
    reader_->problem(file(), severity, std::move(message), at(key));
}

std::string JsonObject::string(const char* key, bool required) {
    const auto it = value_->find(key);
    if (it == value_->end() || it->is_null()) {
        if (required && !misspelt_.count(key))
            problem(key, Severity::Error, std::string("missing required field '") + key + "': add \"" + key + "\": \"...\"");
        return {};
    }
    if (!it->is_string()) {
        problem(key, Severity::Error, std::string("'") + key + "' must be a string");
        return {};
    }
    return it->get<std::string>();
}

LocalizedText JsonObject::text(const char* key, bool required) {
    LocalizedText out;
    const auto it = value_->find(key);
    if (it == value_->end() || it->is_null()) {
        if (required && !misspelt_.count(key))
            problem(key, Severity::Error, std::string("missing required field '") + key + "': add \"" + key +
                                              "\": {\"" + reader_->exampleLanguage() + "\": \"...\"} (a text in each language)");
        return out;
    }
    if (it->is_string()) {   // a plain string is accepted as text in every language
        out.byLanguage["*"] = it->get<std::string>();
        return out;
    }
    if (!it->is_object()) {
        problem(key, Severity::Error, std::string("'") + key + "' must be a map of language code to text");
        return out;
    }
    const std::string textPointer = pointerOf(key);
    for (const auto& [language, value] : it->items()) {
        const TextPosition languageAt = doc_->positions.find(appendPointer(textPointer, language));
        if (!value.is_string()) {
            reader_->problem(file(), Severity::Error, std::string("'") + key + "." + language + "' must be a string",
                             languageAt);
            continue;
        }
        if (!reader_->isDeclared(language)) {
            // The kiosk never shows it; usually a typo of a declared code ("zh-hans").
            reader_->softProblem(file(),
                                 "language '" + language + "' in '" + key +
                                     "' is not declared in exhibition.json (declared: " + reader_->declaredList() + ")",
                                 languageAt);
            continue;
        }
        out.byLanguage[language] = value.get<std::string>();
        if (out.byLanguage[language].rfind("TODO", 0) == 0)
            reader_->problem(file(), Severity::Warning,
                             "the '" + language + "' text of '" + key + "' is still the placeholder of 'kiosk-publish new': "
                             "write the text",
                             languageAt);
        else if (const auto script = mismatchedScript(language, out.byLanguage[language]))
            reader_->problem(file(), Severity::Warning,
                             "the '" + language + "' text of '" + key + "' is written in " + scriptName(*script) +
                                 " letters: is it under the right language code? (move it to its language, or translate it)",
                             languageAt);
    }
    if (required && out.empty()) problem(key, Severity::Error, std::string("'") + key + "' has no text in any language");
    reader_->texts().push_back({reader_->relative(file()), at(key).line, textPointer, out});
    return out;
}

std::vector<std::string> JsonObject::stringList(const char* key, std::vector<TextPosition>* positions) {
    std::vector<std::string> out;
    const auto it = value_->find(key);
    if (it == value_->end() || it->is_null()) return out;
    if (!it->is_array()) {
        problem(key, Severity::Error, std::string("'") + key + "' must be a list of strings");
        return out;
    }
    const std::string listPointer = pointerOf(key);
    for (std::size_t i = 0; i < it->size(); ++i) {
        const auto& value = (*it)[i];
        const TextPosition elementAt = doc_->positions.find(appendPointer(listPointer, std::to_string(i)));
        if (!value.is_string()) {
            reader_->problem(file(), Severity::Error, std::string("'") + key + "' must contain only strings", elementAt);
            continue;
        }
        out.push_back(value.get<std::string>());
        if (positions) positions->push_back(elementAt);
    }
    return out;
}

std::optional<CalendarDate> JsonObject::date(const char* key) {
    const std::string value = string(key, false);
    if (value.empty()) return std::nullopt;
    auto parsed = parseCalendarDate(value);
    if (!parsed)
        problem(key, Severity::Error, std::string("'") + key + "' is not a date (YYYY-MM-DD): '" + value + "'");
    return parsed;
}

Rgba JsonObject::color(const char* key, Rgba fallback) {
    const std::string value = string(key, false);
    if (value.empty()) return fallback;
    if (value.size() == 7 && value[0] == '#') {
        unsigned rgb = 0;
        const auto [end, ec] = std::from_chars(value.data() + 1, value.data() + 7, rgb, 16);
        if (ec == std::errc() && end == value.data() + 7) return (static_cast<Rgba>(rgb) << 8) | 0xFF;
    }
    problem(key, Severity::Warning, std::string("'") + key + "' is not a colour like #RRGGBB: '" + value + "'");
    return fallback;
}

bool JsonObject::boolean(const char* key, bool fallback) {
    const auto it = value_->find(key);
    if (it == value_->end() || it->is_null()) return fallback;
    if (!it->is_boolean()) {
        problem(key, Severity::Error, std::string("'") + key + "' must be true or false");
        return fallback;
    }
    return it->get<bool>();
}

std::optional<long long> JsonObject::integer(const char* key, bool required) {
    const auto it = value_->find(key);
    if (it == value_->end() || it->is_null()) {
        if (required && !misspelt_.count(key))
            problem(key, Severity::Error, std::string("missing required field '") + key + "': add \"" + key + "\": 2025 (a whole number)");
        return std::nullopt;
    }
    if (!it->is_number_integer()) {
        problem(key, Severity::Error, std::string("'") + key + "' must be a whole number");
        return std::nullopt;
    }
    return it->get<long long>();
}

std::optional<JsonObject> JsonObject::object(const char* key, bool required) {
    const auto it = value_->find(key);
    if (it == value_->end() || it->is_null()) {
        if (required && !misspelt_.count(key))
            problem(key, Severity::Error, std::string("missing required field '") + key + "': add \"" + key + "\": {...}");
        return std::nullopt;
    }
    if (!it->is_object()) {
        problem(key, Severity::Error, std::string("'") + key + "' must be an object");
        return std::nullopt;
    }
    return JsonObject(*reader_, *doc_, *it, pointerOf(key));
}

std::vector<JsonObject> JsonObject::objects(const char* key, std::string_view what) {
    std::vector<JsonObject> out;
    const auto it = value_->find(key);
    if (it == value_->end() || it->is_null()) return out;
    if (!it->is_array()) {
        problem(key, Severity::Error, std::string("'") + key + "' must be a list");
        return out;
    }
    const std::string listPointer = pointerOf(key);
    for (std::size_t i = 0; i < it->size(); ++i) {
        const std::string elementPointer = appendPointer(listPointer, std::to_string(i));
        if (!(*it)[i].is_object()) {
            reader_->problem(file(), Severity::Error, "each " + std::string(what) + " must be an object",
                             doc_->positions.find(elementPointer));
            continue;
        }
        out.emplace_back(*reader_, *doc_, (*it)[i], elementPointer);
    }
    return out;
}

fs::path JsonObject::path(const char* key, const fs::path& base, bool required) {
    const std::string relativePath = string(key, required);
    if (relativePath.empty()) return {};
    const fs::path rel(relativePath);
    const bool climbs = std::any_of(rel.begin(), rel.end(), [](const fs::path& part) { return part == ".."; });
    if (rel.is_absolute() || climbs || relativePath.find('\\') != std::string::npos) {
        problem(key, Severity::Error, "path must stay inside the exhibition folder (no '..', no absolute paths): '" +
                                          relativePath + "'");
        return {};
    }
    const fs::path full = base / rel;
    std::error_code ec;
    if (!fs::is_regular_file(full, ec)) {
        if (fs::is_symlink(full, ec) && !reader_->insideRoot(full)) {
            problem(key, Severity::Error, "'" + relativePath + "' is a symlink pointing outside the exhibition folder");
            return {};
        }
        const std::string similar = similarFileName(full.parent_path(), full.filename().string());
        std::string where = reader_->relative(full.parent_path());
        where = where.empty() || where == "." ? "the exhibition folder" : where + "/";
        std::string message = "missing file: '" + relativePath + "' is not in " + where;
        if (!similar.empty()) {
            const fs::path suggested = rel.parent_path() / similar;
            const bool caseOnly = editDistance(utf8Lower(similar), utf8Lower(full.filename().string())) == 0;
            message += ": did you mean '" + suggested.generic_string() + "'?" +
                       (caseOnly ? " (letter case matters: the kiosk's system tells 'A' from 'a')" : "");
        } else {
            message += ": copy the file there or correct the name";
        }
        reader_->softProblem(file(), std::move(message), at(key));
        return full;
    }
    if (!reader_->insideRoot(full)) {
        problem(key, Severity::Error, "'" + relativePath + "' is a symlink pointing outside the exhibition folder");
        return {};
    }
    reader_->reference(full);
    return full;
}

void JsonObject::checkUnknownFields(std::initializer_list<std::string_view> known, std::string_view what) {
    if (!value_->is_object()) return;
    for (const auto& [key, value] : value_->items()) {
        if (std::find(known.begin(), known.end(), key) != known.end()) continue;
        if (key == "$schema" || key == "$comment") continue;   // for editors (JSON Schema) and people
        std::string_view closest = closestMatch(key, known);   // only close matches
        if (closest.empty())   // letter case: "Title"
            for (const auto candidate : known)
                if (utf8Lower(key) == utf8Lower(candidate)) closest = candidate;
        if (!closest.empty()) {
            misspelt_.insert(std::string(closest));
            // An error the kiosk survives (the field is ignored), so that the item still shows
            // in a preview while publishing refuses it.
            reader_->softProblem(file(),
                                 "unknown field '" + key + "' in " + std::string(what) + ": did you mean '" +
                                     std::string(closest) + "'? Rename it (the kiosk ignores fields it does not know)",
                                 at(key));
        } else {
            std::string list;
            for (const auto candidate : known) list += (list.empty() ? "" : ", ") + std::string(candidate);
            problem(key, Severity::Warning,
                    "unknown field '" + key + "' in " + std::string(what) + " is ignored (known fields: " + list + ")");
        }
    }
}

std::string utf8Lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string similarFileName(const fs::path& folder, const std::string& name) {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        if (names.size() >= 1000) break;   // a huge folder: no suggestion rather than a slow check
        names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    const std::string lower = utf8Lower(name);
    for (const auto& candidate : names)
        if (utf8Lower(candidate) == lower) return candidate;
    std::vector<std::string_view> views(names.begin(), names.end());
    const std::size_t maxDistance = name.size() >= 8 ? 3 : 2;
    std::string best;
    std::size_t bestDistance = maxDistance + 1;
    for (const auto candidate : views) {
        const std::size_t distance = editDistance(lower, utf8Lower(candidate));
        if (distance < bestDistance) { bestDistance = distance; best = std::string(candidate); }
    }
    return best;
}

std::string didYouMean(std::string_view word, const std::vector<std::string>& candidates) {
    std::vector<std::string_view> views(candidates.begin(), candidates.end());
    const std::size_t maxDistance = word.size() >= 8 ? 3 : 2;
    const std::string_view closest = closestMatch(word, std::span<const std::string_view>(views), maxDistance);
    return closest.empty() ? "" : " (did you mean '" + std::string(closest) + "'?)";
}

std::vector<fs::path> ContentReader::jsonFilesIn(const fs::path& dir) const {
    std::vector<fs::path> files;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return files;
    for (const auto& entry : fs::directory_iterator(dir, ec))
        if (entry.path().extension() == ".json") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

} // namespace kiosk::content_detail
