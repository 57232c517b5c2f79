// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/assert.hpp"

#include <type_traits>
#include <utility>
#include <variant>

namespace blend {

/// The error side of a Result, wrapped so that Result<E, E> stays unambiguous.
template <typename E>
struct Unexpected {
    E error;
};

template <typename E>
Unexpected(E) -> Unexpected<E>;

/// A value or a typed error, shaped like std::expected (C++23) so it can be replaced by it.
/// Results are how errors cross module boundaries; exceptions never do.
template <typename T, typename E>
class [[nodiscard]] Result {
public:
    using value_type = T;
    using error_type = E;

    Result(const T& value)
        : state_(std::in_place_index<0>, value) {}  // NOLINT(google-explicit-constructor)
    Result(T&& value)
        : state_(std::in_place_index<0>, std::move(value))
    {}  // NOLINT(google-explicit-constructor)
    template <typename G>
    Result(Unexpected<G> error)  // NOLINT(google-explicit-constructor)
        : state_(std::in_place_index<1>, E(std::move(error.error)))
    {}

    [[nodiscard]] bool has_value() const noexcept { return state_.index() == 0; }
    explicit operator bool() const noexcept { return has_value(); }

    [[nodiscard]] T& value() &
    {
        BLEND_ASSERT(has_value());
        return *std::get_if<0>(&state_);
    }
    [[nodiscard]] const T& value() const&
    {
        BLEND_ASSERT(has_value());
        return *std::get_if<0>(&state_);
    }
    [[nodiscard]] T&& value() &&
    {
        BLEND_ASSERT(has_value());
        return std::move(*std::get_if<0>(&state_));
    }
    [[nodiscard]] const E& error() const
    {
        BLEND_ASSERT(!has_value());
        return *std::get_if<1>(&state_);
    }

    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

private:
    std::variant<T, E> state_;
};

/// Result for operations that produce nothing but may fail.
template <typename E>
class [[nodiscard]] Result<void, E> {
public:
    Result() = default;
    template <typename G>
    Result(Unexpected<G> error)
        : error_(E(std::move(error.error))), failed_(true)  // NOLINT(google-explicit-constructor)
    {}

    [[nodiscard]] bool has_value() const noexcept { return !failed_; }
    explicit operator bool() const noexcept { return has_value(); }
    [[nodiscard]] const E& error() const
    {
        BLEND_ASSERT(failed_);
        return error_;
    }

private:
    E error_{};
    bool failed_ = false;
};

}  // namespace blend

/// Evaluates `expr` (a Result); on error returns that error from the enclosing function,
/// otherwise binds the value to `var` (a declaration such as `const auto x`).
// NOLINTBEGIN(bugprone-macro-parentheses): `var` is a declaration and cannot be parenthesized.
#define BLEND_TRY_CONCAT_INNER(a, b) a##b
#define BLEND_TRY_CONCAT(a, b) BLEND_TRY_CONCAT_INNER(a, b)
#define BLEND_TRY(var, expr)                                                        \
    auto BLEND_TRY_CONCAT(blend_try_, __LINE__) = (expr);                           \
    if (!BLEND_TRY_CONCAT(blend_try_, __LINE__))                                    \
        return ::blend::Unexpected{BLEND_TRY_CONCAT(blend_try_, __LINE__).error()}; \
    var = std::move(*BLEND_TRY_CONCAT(blend_try_, __LINE__))
// NOLINTEND(bugprone-macro-parentheses)

/// Like BLEND_TRY for a Result<void, E>.
#define BLEND_TRY_VOID(expr)                                     \
    do {                                                         \
        auto blend_try_void_ = (expr);                           \
        if (!blend_try_void_)                                    \
            return ::blend::Unexpected{blend_try_void_.error()}; \
    } while (false)
