#include "kiosk/tools/publish/publish_report.h"

#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/tools/publish/publish_command.h"

namespace kiosk::publish {
namespace fs = std::filesystem;
namespace {

std::string shownPath(const fs::path& source, const std::string& file) {
    if (!file.empty() && fs::path(file).is_absolute()) return file;
    return (source / file).lexically_normal().generic_string();
}

int printJson(const fs::path& source, const ContentLoadResult& result, int errors, int warnings) {
    using nlohmann::json;
    json problems = json::array();
    for (const auto& problem : result.problems)
        problems.push_back({{"file", shownPath(source, problem.file)},
                            {"line", problem.line},
                            {"column", problem.column},
                            {"severity", problem.severity == Severity::Error ? "error" : "warning"},
                            {"message", problem.message}});
    json translations = json::array();
    if (result.snapshot) {
        for (const auto& language : result.snapshot->languages) {
            json missing = json::array();
            for (const auto& entry : result.missingTranslations)
                if (entry.language == language.code)
                    missing.push_back({{"file", shownPath(source, entry.file)},
                                       {"line", entry.line},
                                       {"field", entry.field},
                                       {"falls_back_to", entry.fallsBackTo}});
            translations.push_back({{"language", language.code}, {"missing", std::move(missing)}});
        }
    }
    const json out = {{"source", source.generic_string()},
                      {"publishable", errors == 0},
                      {"errors", errors},
                      {"warnings", warnings},
                      {"problems", std::move(problems)},
                      {"translations", std::move(translations)}};
    std::printf("%s\n", out.dump(2, ' ', false, json::error_handler_t::replace).c_str());
    return errors == 0 ? kExitOk : kExitFailed;
}

void printTranslationReport(const fs::path& source, const ContentLoadResult& result) {
    if (!result.snapshot) return;
    std::printf("\nTranslations:\n");
    for (const auto& language : result.snapshot->languages) {
        std::vector<const MissingTranslation*> missing;
        for (const auto& entry : result.missingTranslations)
            if (entry.language == language.code) missing.push_back(&entry);
        if (missing.empty()) {
            std::printf("  %-8s %s: complete\n", language.code.c_str(), language.nativeName.c_str());
            continue;
        }
        std::printf("  %-8s %s: %zu text%s missing\n", language.code.c_str(), language.nativeName.c_str(),
                    missing.size(), missing.size() == 1 ? "" : "s");
        for (const auto* entry : missing)
            std::printf("    %s:%d: %s shows %s\n", shownPath(source, entry->file).c_str(), entry->line,
                        entry->field.c_str(),
                        entry->fallsBackTo.empty() ? "nothing" : ("the " + entry->fallsBackTo + " text").c_str());
    }
}

} // namespace

int printCheckReport(const fs::path& source, const ContentLoadResult& result, bool json) {
    int errors = 0, warnings = 0;
    for (const auto& problem : result.problems) (problem.severity == Severity::Error ? errors : warnings)++;
    if (json) return printJson(source, result, errors, warnings);

    for (auto problem : result.problems) {
        problem.file = shownPath(source, problem.file);
        std::printf("%s\n", problem.toString().c_str());
    }
    if (result.snapshot) {
        const auto& ex = *result.snapshot;
        std::printf("%s%s: %zu languages, %zu categories, %zu items, %zu facts\n", result.problems.empty() ? "" : "\n",
                    source.c_str(), ex.languages.size(), ex.categories.size(), ex.items.size(), ex.facts.size());
    }
    if (!result.brokenItems.empty()) {
        std::string names;
        for (const auto& broken : result.brokenItems) names += (names.empty() ? "" : ", ") + broken.folder;
        std::printf("left out until their errors are fixed: %zu item%s (%s)\n", result.brokenItems.size(),
                    result.brokenItems.size() == 1 ? "" : "s", names.c_str());
    }
    printTranslationReport(source, result);
    std::printf("\n%d error%s, %d warning%s: %s\n", errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s",
                errors == 0 ? "publishable" : "NOT publishable, fix the errors above");
    return errors == 0 ? kExitOk : kExitFailed;
}

} // namespace kiosk::publish
