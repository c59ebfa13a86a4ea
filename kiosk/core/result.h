// Result<T>: a value or an error message, for I/O, parse and network failures.
// Programmer errors assert; recoverable failures travel as Result.
#pragma once
#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace kiosk {

struct Error {
    std::string message;
};

template <class T>
class Result {
public:
    Result(T value) : state_(std::move(value)) {}
    Result(Error error) : state_(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(state_); }
    explicit operator bool() const { return ok(); }

    T& value() { assert(ok()); return std::get<T>(state_); }
    const T& value() const { assert(ok()); return std::get<T>(state_); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }

    const std::string& error() const { assert(!ok()); return std::get<Error>(state_).message; }

private:
    std::variant<T, Error> state_;
};

} // namespace kiosk
