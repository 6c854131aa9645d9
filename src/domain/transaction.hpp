// A failed request changes nothing: when a domain operation answers an Error midway (the 30th
// student of a meeting is not visible), the writes it already made in its transaction must go.
// Work run through these helpers is rolled back whenever its Outcome is an error.
#pragma once

#include <exception>
#include <optional>
#include <type_traits>

#include "domain/outcome.hpp"
#include "store/database.hpp"

namespace trellis::domain {

template <class T>
struct is_outcome : std::false_type {};
template <class T>
struct is_outcome<Outcome<T>> : std::true_type {};

// Wraps an outcome whose writes must commit even when it is an error: a failed sign-in is
// recorded so that the next attempts are rate-limited.
template <class T>
struct CommitEvenIfFailed {
  Outcome<T> outcome;
};

// Thrown inside a transaction to roll it back; the caller already holds the failed Outcome.
class RolledBack : public std::exception {
 public:
  const char* what() const noexcept override { return "rolled back: the operation failed"; }
};

// Call at the end of transaction work with what the work produced.
template <class R>
void roll_back_if_failed(const R& result) {
  if constexpr (is_outcome<R>::value) {
    if (!result.ok()) throw RolledBack();
  }
}

// Blocking write for the command line, tests and benchmarks; commits only a good Outcome.
template <class F>
auto write_transaction(store::Database& db, F work) -> std::invoke_result_t<F, store::Connection&> {
  using R = std::invoke_result_t<F, store::Connection&>;
  std::optional<R> result;
  try {
    db.write([&](store::Connection& conn) {
      result.reset();
      result.emplace(work(conn));
      roll_back_if_failed(*result);
    });
  } catch (const RolledBack&) {
    // The failed outcome is in `result`.
  }
  return std::move(*result);
}

}  // namespace trellis::domain
