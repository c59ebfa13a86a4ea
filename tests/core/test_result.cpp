// Result<T> and Status: values, errors, and the release-build branch of a misuse.
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "kiosk/core/result.h"

using namespace kiosk;

namespace {
Status succeed() { return {}; }
Status fail() { return Error{"disk full"}; }
Result<int> parse(bool good) { return good ? Result<int>(42) : Result<int>(Error{"not a number"}); }
} // namespace

TEST_SUITE("core.result") {

TEST_CASE("Status is success or an error message") {
    const Status ok = succeed();
    CHECK(ok.ok());
    CHECK(static_cast<bool>(ok));
    const Status bad = fail();
    CHECK_FALSE(bad.ok());
    CHECK(bad.error() == "disk full");
    CHECK(okStatus().ok());
}

TEST_CASE("Result carries a value or an error, valueOr gives a fallback") {
    auto good = parse(true);
    REQUIRE(good);
    CHECK(*good == 42);
    auto bad = parse(false);
    REQUIRE_FALSE(bad);
    CHECK(bad.error() == "not a number");
    CHECK(bad.valueOr(7) == 7);
    CHECK(good.valueOr(7) == 42);
}

#ifdef NDEBUG
TEST_CASE("release builds: value() of an error returns a fresh default instead of terminating") {
    auto bad = Result<std::string>(Error{"no such file"});
    CHECK(bad.value().empty());
    bad.value() = "scribbled";   // the fallback is per call: the next read is fresh again
    CHECK(bad.value().empty());
    CHECK_FALSE(bad.ok());        // and the Result stays an error
    CHECK(bad.error() == "no such file");
    const Status fine = succeed();
    CHECK(fine.error().empty());  // error() of a success: empty, no termination
    auto number = parse(false);
    CHECK(*number == 0);
}
#endif

}
