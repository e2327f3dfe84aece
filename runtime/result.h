// Result<T>: a value or an Error, for every operation that can fail at run
// time (RPCs, service calls). Result<void> carries only success or an Error.
//
// Example:
//   Result<int> r = Error::KeyDoesNotExist();
//   if (!r.ok()) Log(r.error().text); else Use(*r);
#ifndef RUNTIME_RESULT_H_
#define RUNTIME_RESULT_H_

#include <cstdlib>
#include <utility>
#include <variant>

#include "runtime/check.h"
#include "runtime/error.h"

namespace runtime {

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  // REQUIRES: ok().
  T& value() & { KIT_CHECK(ok()); return std::get<0>(state_); }
  const T& value() const& { KIT_CHECK(ok()); return std::get<0>(state_); }
  T&& value() && { KIT_CHECK(ok()); return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  // REQUIRES: !ok().
  const Error& error() const { KIT_CHECK(!ok()); return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}

  bool ok() const { return ok_; }
  const Error& error() const { KIT_CHECK(!ok_); return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace runtime

#endif  // RUNTIME_RESULT_H_
