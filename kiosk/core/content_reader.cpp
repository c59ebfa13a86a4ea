#include "kiosk/core/content_reader.h"

#include <algorithm>
#include <charconv>
#include <fstream>

#include "kiosk/core/limits.h"
#include "kiosk/core/suggest.h"
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

} // namespace

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
    try {
        doc.value = json::parse(data);
    } catch (const json::parse_error& e) {
        // e.byte is the 1-based position of the error.
        const TextPosition at = positionOfOffset(data, e.byte ? e.byte - 1 : 0);
        // "[json.exception.parse_error.101] parse error at line 4, column 9: MESSAGE": keep MESSAGE.
        std::string message = e.what();
        if (const auto bracket = message.find("] "); bracket != std::string::npos)
            if (const auto colon = message.find(": ", bracket); colon != std::string::npos) message = message.substr(colon + 2);
        if (message.find("unexpected string literal; expected '}'") != std::string::npos ||
            message.find("; expected ']'") != std::string::npos)
            message += " (a missing comma before it?)";
        problem(file, Severity::Error, "invalid JSON: " + message, at);
        return std::nullopt;
    }
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
        if (required) problem(key, Severity::Error, std::string("missing required field '") + key + "'");
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
        if (required) problem(key, Severity::Error, std::string("missing required text '") + key + "'");
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
        if (required) problem(key, Severity::Error, std::string("missing required field '") + key + "'");
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
        if (required) problem(key, Severity::Error, std::string("missing required field '") + key + "'");
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
        reader_->softProblem(file(), "missing file: '" + relativePath + "'", at(key));
        return full;
    }
    if (!reader_->insideRoot(full)) {
        problem(key, Severity::Error, "'" + relativePath + "' is a symlink pointing outside the exhibition folder");
        return {};
    }
    return full;
}

void JsonObject::warnUnknownFields(std::initializer_list<std::string_view> known, std::string_view what) const {
    if (!value_->is_object()) return;
    for (const auto& [key, value] : value_->items()) {
        if (std::find(known.begin(), known.end(), key) != known.end()) continue;
        std::string message = "unknown field '" + key + "' in " + std::string(what);
        const std::string_view closest = closestMatch(key, known);   // only close matches
        if (!closest.empty()) message += " (did you mean '" + std::string(closest) + "'?)";
        else message += " (it is ignored)";
        problem(key, Severity::Warning, std::move(message));
    }
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
