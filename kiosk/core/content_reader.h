// Internal to the content loader: reading content files safely and typed access to JSON
// objects that reports every problem at the line of the key a curator has to fix.
#pragma once
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/core/content_loader.h"
#include "kiosk/core/json_positions.h"

namespace kiosk::content_detail {

namespace fs = std::filesystem;
using nlohmann::json;

struct JsonDoc {
    fs::path file;
    json value;
    JsonPositions positions;
};

// Where a localized text was found, for the translation report.
struct TextRecord {
    std::string file;
    int line = 0;
    std::string field;
    LocalizedText text;
};

class ContentReader {
public:
    ContentReader(fs::path root, ContentLoadOptions options);

    const fs::path& root() const { return root_; }
    const ContentLoadOptions& options() const { return options_; }

    void problem(const fs::path& file, Severity severity, std::string message, TextPosition at = {});
    // An error the kiosk survives with a placeholder: the item stays (missing image, ...).
    void softProblem(const fs::path& file, std::string message, TextPosition at = {});
    std::size_t problemCount() const { return problems_.size(); }
    const ContentProblem& problemAt(std::size_t index) const { return problems_[index]; }
    bool hasFatalErrorSince(std::size_t start) const;
    std::vector<ContentProblem> takeProblems() { return std::move(problems_); }

    std::string relative(const fs::path& file) const;
    // True when the file (after following symlinks) lies inside the exhibition folder.
    bool insideRoot(const fs::path& file) const;
    // insideRoot(), reporting a problem when it is not.
    bool checkInsideRoot(const fs::path& file, const fs::path& reportedIn, TextPosition at = {});

    bool readFile(const fs::path& file, std::uintmax_t maxBytes, std::string& out);
    std::optional<JsonDoc> parseJson(const fs::path& file);
    // The .json files directly in `dir`, sorted by name; none when `dir` is not a folder.
    std::vector<fs::path> jsonFilesIn(const fs::path& dir) const;

    void setDeclaredLanguages(std::vector<std::string> codes) { declared_ = std::move(codes); }
    bool isDeclared(std::string_view code) const;
    std::string declaredList() const;
    std::vector<TextRecord>& texts() { return texts_; }
    // The first declared language, for examples in messages ("en").
    std::string exampleLanguage() const { return declared_.empty() ? "en" : declared_.front(); }

    // Files the exhibition uses (absolute, lexically normal): only these are published.
    void reference(const fs::path& file) { referenced_.insert(file.lexically_normal()); }
    std::vector<fs::path> takeReferenced() { return {referenced_.begin(), referenced_.end()}; }

private:
    fs::path root_;
    fs::path canonicalRoot_;
    ContentLoadOptions options_;
    std::vector<ContentProblem> problems_;
    std::set<std::size_t> softErrors_;
    std::vector<std::string> declared_;
    std::vector<TextRecord> texts_;
    std::set<fs::path> referenced_;
};

// One JSON object inside a document.
class JsonObject {
public:
    JsonObject(ContentReader& reader, const JsonDoc& doc, const json& value, std::string pointer)
        : reader_(&reader), doc_(&doc), value_(&value), pointer_(std::move(pointer)) {}

    const fs::path& file() const { return doc_->file; }
    const json& value() const { return *value_; }
    const std::string& pointer() const { return pointer_; }
    bool has(const char* key) const;
    std::string pointerOf(std::string_view key) const { return appendPointer(pointer_, key); }
    TextPosition position() const { return doc_->positions.find(pointer_); }
    // Position of the key, or of this object when the key is absent.
    TextPosition at(std::string_view key) const;
    void problem(std::string_view key, Severity severity, std::string message) const;

    std::string string(const char* key, bool required);
    LocalizedText text(const char* key, bool required);
    std::vector<std::string> stringList(const char* key, std::vector<TextPosition>* positions = nullptr);
    std::optional<CalendarDate> date(const char* key);
    Rgba color(const char* key, Rgba fallback);
    bool boolean(const char* key, bool fallback);
    std::optional<long long> integer(const char* key, bool required);
    std::optional<JsonObject> object(const char* key, bool required);
    // The elements of an array member that are objects; other elements are reported.
    std::vector<JsonObject> objects(const char* key, std::string_view what);
    // A file the content refers to, relative to `base`. Paths leaving the folder are errors
    // (returns empty); a missing file is a soft error and the path is kept for a placeholder.
    fs::path path(const char* key, const fs::path& base, bool required);
    // Reports members not in `known`. One that is close to a known name (a typo like "sumary")
    // is an error the kiosk survives ("did you mean 'summary'?"); and the known field it names
    // is then not also reported as missing (one mistake, one message). Others are warnings.
    void checkUnknownFields(std::initializer_list<std::string_view> known, std::string_view what);

private:
    ContentReader* reader_;
    const JsonDoc* doc_;
    const json* value_;
    std::string pointer_;
    std::set<std::string, std::less<>> misspelt_;   // known fields a typo stands for
};

// ASCII letters lowered (file and field names; "Cover.JPG" vs "cover.jpg").
std::string utf8Lower(std::string_view text);

// A JSON syntax error in words, at the line of the mistake: a comma before a closing bracket
// is reported at that comma, a missing comma at the end of the entry before (not at the next
// line, where the parser notices it).
std::pair<std::string, TextPosition> explainJsonError(std::string_view text, std::size_t offset,
                                                      const std::string& parserMessage);

// Loads facts/*.json and their CSV data (content_facts.cpp). The ids (file names) of facts
// left out because of errors go to `broken`, so items naming them get no second message.
void loadFacts(ContentReader& reader, Exhibition& ex, std::set<std::string>& broken);

// The names in `folder` closest to `name` for "did you mean": one differing only in letter
// case first ("Cover.JPG" -> "cover.jpg"), else within a few edits. Empty when none.
std::string similarFileName(const fs::path& folder, const std::string& name);
// " (did you mean 'x'?)" for the closest of `candidates`, or "" when none is close.
std::string didYouMean(std::string_view word, const std::vector<std::string>& candidates);

// Decodes an image and checks its size against the pixel limit (content_images.cpp).
void checkImage(ContentReader& reader, const fs::path& image, const fs::path& reportedIn, TextPosition at);

} // namespace kiosk::content_detail
