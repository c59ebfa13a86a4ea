// The main of every doctest suite. It runs doctest as usual, with one rule more: a run that was
// given test filters (ctest runs each case as `--test-case=NAME`) and ran no test case at all
// fails. Without it, a case whose name CMake cut short (a ';' in the name ends the ctest entry)
// or a case skipped with doctest::skip() shows as "Passed" in ctest while nothing ran.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>
#include <cstring>

namespace {

int gCasesStarted = 0;
bool gQueried = false;   // --list-test-cases and the like: nothing runs, by design

struct CaseCounter : doctest::IReporter {
    explicit CaseCounter(const doctest::ContextOptions&) {}
    void report_query(const doctest::QueryData&) override { gQueried = true; }
    void test_run_start() override {}
    void test_run_end(const doctest::TestRunStats&) override {}
    void test_case_start(const doctest::TestCaseData&) override { ++gCasesStarted; }
    void test_case_reenter(const doctest::TestCaseData&) override {}
    void test_case_end(const doctest::CurrentTestCaseStats&) override {}
    void test_case_exception(const doctest::TestCaseException&) override {}
    void subcase_start(const doctest::SubcaseSignature&) override {}
    void subcase_end() override {}
    void log_assert(const doctest::AssertData&) override {}
    void log_message(const doctest::MessageData&) override {}
    void test_case_skipped(const doctest::TestCaseData&) override {}
};

bool hasFilter(int argc, char** argv) {
    for (int i = 1; i < argc; ++i)
        for (const char* flag : {"-tc=", "--test-case=", "-ts=", "--test-suite=", "-sf=", "--source-file="})
            if (std::strncmp(argv[i], flag, std::strlen(flag)) == 0) return true;
    return false;
}

} // namespace

DOCTEST_REGISTER_LISTENER("case_counter", 1, CaseCounter);

int main(int argc, char** argv) {
    doctest::Context context(argc, argv);
    const int result = context.run();
    if (context.shouldExit() || result != 0) return result;
    if (!gQueried && gCasesStarted == 0 && hasFilter(argc, argv)) {
        std::fprintf(stderr, "error: the test filter matched no test case that ran (a ';' in a test name cuts the name "
                             "ctest passes; a skipped case does not run): nothing was tested\n");
        return 1;
    }
    return result;
}
