#include <doctest/doctest.h>

#include "kiosk/core/admin_pin.h"
#include "kiosk/core/clock.h"

using namespace kiosk;

TEST_SUITE("core.admin_pin") {

TEST_CASE("a PIN is 4 to 12 digits, nothing else") {
    CHECK(adminPinFormatError("2468").empty());
    CHECK(adminPinFormatError("123456789012").empty());
    CHECK_FALSE(adminPinFormatError("").empty());
    CHECK_FALSE(adminPinFormatError("123").empty());
    CHECK_FALSE(adminPinFormatError("1234567890123").empty());
    CHECK_FALSE(adminPinFormatError("secret").empty());
    CHECK_FALSE(adminPinFormatError("12 34").empty());
    CHECK_FALSE(adminPinFormatError("١٢٣٤").empty());   // Arabic-Indic digits are not on the pad
    CHECK(adminPinFormatError("secret").find("digits") != std::string::npos);
    CHECK(adminPinFormatError("secret").find("secret") == std::string::npos);   // never echoed
    CHECK_FALSE(hashAdminPin("").ok());
    CHECK_FALSE(hashAdminPin("abcd").ok());
}

TEST_CASE("the hash is Argon2id, salted, and only the right PIN opens") {
    const auto a = hashAdminPin("975310");
    const auto b = hashAdminPin("975310");
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(a->rfind("$argon2id$", 0) == 0);
    CHECK(looksLikeArgon2idHash(*a));
    CHECK_FALSE(looksLikeArgon2idHash("975310"));
    CHECK_FALSE(looksLikeArgon2idHash("$argon2i$v=19$m=4096,t=3,p=1$abc$def"));
    CHECK(*a != *b);                                       // a fresh salt each time
    CHECK(a->find("975310") == std::string::npos);
    AdminPinGuard guard(*a);
    CHECK_FALSE(guard.isDefault());
    CHECK(guard.attempt("975311", 1000) == AdminPinGuard::Outcome::Wrong);
    CHECK(guard.attempt("975310", 1000) == AdminPinGuard::Outcome::Accepted);
    CHECK(guard.attempt("", 1000) == AdminPinGuard::Outcome::Wrong);   // empty never unlocks
}

TEST_CASE("no hash configured: the default PIN works and is flagged") {
    AdminPinGuard guard;
    CHECK(guard.isDefault());
    CHECK(guard.attempt(kDefaultAdminPin, 0) == AdminPinGuard::Outcome::Accepted);
}

TEST_CASE("wrong attempts bring growing delays, on a virtual clock") {
    const auto hash = hashAdminPin("13579");
    REQUIRE(hash.ok());
    AdminPinGuard guard(*hash);
    VirtualClock clock;
    // The first attempts are free.
    for (int i = 1; i < kPinFreeAttempts; ++i) {
        CHECK(guard.attempt("0000", clock.nowMs()) == AdminPinGuard::Outcome::Wrong);
        CHECK(guard.waitMs(clock.nowMs()) == 0);
    }
    CHECK(guard.attempt("0000", clock.nowMs()) == AdminPinGuard::Outcome::Wrong);
    CHECK(guard.waitMs(clock.nowMs()) == kPinFirstDelayMs);
    // During the delay even the right PIN is not checked.
    CHECK(guard.attempt("13579", clock.nowMs()) == AdminPinGuard::Outcome::TooSoon);
    clock.advance(kPinFirstDelayMs - 1);
    CHECK(guard.attempt("13579", clock.nowMs()) == AdminPinGuard::Outcome::TooSoon);
    clock.advance(1);
    CHECK(guard.attempt("0000", clock.nowMs()) == AdminPinGuard::Outcome::Wrong);
    CHECK(guard.waitMs(clock.nowMs()) == 2 * kPinFirstDelayMs);   // doubled
    clock.advance(2 * kPinFirstDelayMs);
    CHECK(guard.attempt("0000", clock.nowMs()) == AdminPinGuard::Outcome::Wrong);
    CHECK(guard.waitMs(clock.nowMs()) == 4 * kPinFirstDelayMs);
    CHECK(guard.wrongAttempts() == kPinFreeAttempts + 2);
    // The right PIN after the delay resets the count.
    clock.advance(4 * kPinFirstDelayMs);
    CHECK(guard.attempt("13579", clock.nowMs()) == AdminPinGuard::Outcome::Accepted);
    CHECK(guard.wrongAttempts() == 0);
    CHECK(guard.waitMs(clock.nowMs()) == 0);
}

TEST_CASE("the delay is capped") {
    CHECK(AdminPinGuard::delayAfterWrongAttempts(0) == 0);
    CHECK(AdminPinGuard::delayAfterWrongAttempts(kPinFreeAttempts - 1) == 0);
    CHECK(AdminPinGuard::delayAfterWrongAttempts(kPinFreeAttempts) == kPinFirstDelayMs);
    CHECK(AdminPinGuard::delayAfterWrongAttempts(kPinFreeAttempts + 1) == 2 * kPinFirstDelayMs);
    CHECK(AdminPinGuard::delayAfterWrongAttempts(1000) == kPinMaxDelayMs);
}

}
