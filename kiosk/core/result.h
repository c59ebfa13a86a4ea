// Result<T>: a value or an error message, for I/O, parse and network failures.
// Status (= Result<void>): success or an error message, for operations without a value.
// Programmer errors assert; recoverable failures travel as Result. Both are [[nodiscard]]:
// a dropped error is a compile warning (an error with KIOSK_WERROR); write (void) to drop one
// on purpose, with a comment saying why.
//
// Reading value() of a failed Result (or error() of a successful one) is a programmer error:
// Debug builds assert. Release builds never terminate on it (a kiosk must keep running): they
// print "kiosk: programmer error: ..." to stderr and return a default-constructed value (a
// fresh one per call, per thread), or an empty message from error(). Types without a default
// constructor have no safe value: there release builds abort with that message (loud, never
// silent). Check ok() first; valueOr() gives a fallback without the branch.
#pragma once
#include <cassert>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace kiosk {

struct Error {
    std::string message;
};

namespace result_detail {
// The release-build branch of a programmer error: says so on stderr (Debug builds assert first).
inline void reportMisuse(const char* what, const std::string& detail) {
    std::fprintf(stderr, "kiosk: programmer error: %s%s%s\n", what, detail.empty() ? "" : ": ", detail.c_str());
}
inline const std::string& noError() {
    static const std::string empty;
    return empty;
}
} // namespace result_detail

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : state_(std::move(value)) {}
    Result(Error error) : state_(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(state_); }
    explicit operator bool() const { return ok(); }

    T& value() {
        if (ok()) [[likely]] return std::get<T>(state_);
        return misuse();
    }
    const T& value() const {
        if (ok()) [[likely]] return std::get<T>(state_);
        return misuse();
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }

    // The value, or `fallback` when this is an error.
    T valueOr(T fallback) const& { return ok() ? std::get<T>(state_) : std::move(fallback); }

    const std::string& error() const {
        if (!ok()) [[likely]] return std::get<Error>(state_).message;
        assert(!"error() of a successful Result");
        result_detail::reportMisuse("error() of a successful Result", {});
        return result_detail::noError();
    }

private:
    T& misuse() const {
        assert(!"value() of a failed Result");
        result_detail::reportMisuse("value() of a failed Result", std::get<Error>(state_).message);
        if constexpr (std::is_default_constructible_v<T>) {
            static thread_local std::optional<T> fallback;
            fallback.emplace();
            return *fallback;
        } else {
            std::abort();
        }
    }

    std::variant<T, Error> state_;
};

// Success or an error: Result<void>. `return {};` (or okStatus()) for success.
template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : error_(std::move(error)) {}

    bool ok() const { return !error_.has_value(); }
    explicit operator bool() const { return ok(); }

    const std::string& error() const {
        if (error_) [[likely]] return error_->message;
        assert(!"error() of a successful Status");
        result_detail::reportMisuse("error() of a successful Status", {});
        return result_detail::noError();
    }

private:
    std::optional<Error> error_;
};

using Status = Result<void>;
inline Status okStatus() { return {}; }

} // namespace kiosk
