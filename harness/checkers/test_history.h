// HistoryBuilder: writes hand-made histories for checker tests, one op per
// call, with times given in milliseconds. Test-only; not part of the library.
#ifndef HARNESS_CHECKERS_TEST_HISTORY_H_
#define HARNESS_CHECKERS_TEST_HISTORY_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>

#include "harness/history/op.h"
#include "harness/history/value.h"

namespace harness {

class HistoryBuilder {
 public:
  // Each call appends one op and returns its index.
  int64_t Invoke(int64_t process, std::string f, Value v, double t_ms) {
    return Add(OpType::kInvoke, process, std::move(f), std::move(v), t_ms);
  }
  int64_t Ok(int64_t process, std::string f, Value v, double t_ms) {
    return Add(OpType::kOk, process, std::move(f), std::move(v), t_ms);
  }
  int64_t Fail(int64_t process, std::string f, Value v, double t_ms) {
    return Add(OpType::kFail, process, std::move(f), std::move(v), t_ms);
  }
  int64_t Info(int64_t process, std::string f, Value v, double t_ms) {
    return Add(OpType::kInfo, process, std::move(f), std::move(v), t_ms);
  }
  int64_t Add(OpType type, int64_t process, std::string f, Value v, double t_ms) {
    Op op;
    op.index = static_cast<int64_t>(history_.size());
    op.time_ns = static_cast<int64_t>(t_ms * 1e6);
    op.type = type;
    op.process = process;
    op.f = std::move(f);
    op.value = std::move(v);
    history_.push_back(std::move(op));
    return history_.back().index;
  }
  // The last op appended, to set :error, :exception or :final?.
  Op& last() { return history_.back(); }
  const History& history() const { return history_; }

 private:
  History history_;
};

inline Value Ints(std::initializer_list<int64_t> xs) {
  std::vector<Value> items;
  for (int64_t x : xs) items.push_back(Value::Int(x));
  return Value::Vec(std::move(items));
}

}  // namespace harness

#endif  // HARNESS_CHECKERS_TEST_HISTORY_H_
