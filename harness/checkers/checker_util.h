// Helpers shared by the workload checkers: building EDN result maps, turning
// ops into the op maps results quote, pairing invocations with completions,
// hashing Values, quantiles and time formatting.
//
// All functions are pure; nothing here keeps state between calls.
#ifndef HARNESS_CHECKERS_CHECKER_UTIL_H_
#define HARNESS_CHECKERS_CHECKER_UTIL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/checkers/analysis.h"
#include "harness/history/op.h"
#include "harness/history/value.h"

namespace harness {

// An always-on check: a violated precondition is a programmer error and
// stops the process, whatever NDEBUG says.
void CheckOrDie(bool condition, const char* what);

inline Value Kw(std::string_view name) { return Value::Keyword(std::string(name)); }

// Builds a map with keyword keys in insertion order (results maps read best
// in the order Maelstrom prints them).
class MapBuilder {
 public:
  MapBuilder& Add(std::string_view key, Value v) {
    entries_.emplace_back(Kw(key), std::move(v));
    return *this;
  }
  Value Build() { return Value::Map(std::move(entries_)); }

 private:
  std::vector<std::pair<Value, Value>> entries_;
};

// The op as the map Jepsen would quote in a result ({:index :time :type
// :process :f :value ...}).
Value OpToValue(const Op& op);

// partner[i] is the position of op i's invocation (for a completion) or its
// completion (for an invocation), or -1 when there is none. Pairs are made per
// process, as Jepsen does: an invocation pairs with the next completion of the
// same process. Nemesis ops are left unpaired. O(n).
std::vector<int64_t> PairOps(const History& history);

// Hash consistent with Value's operator== (maps hash order-independently).
struct ValueHash {
  size_t operator()(const Value& v) const;
};

// Jepsen's frequency-distribution over the points 0 0.5 0.95 0.99 1:
// sorted[min(n-1, floor(n*q))]. REQUIRES: !values.empty().
Value Quantiles(std::vector<int64_t> values);

// "1.20s" for an op's time in ns, for anomaly lines.
std::string Seconds(int64_t time_ns);

// The validity a result map's :valid? denotes (true, false, else unknown).
Validity ValidityOf(const Value& valid);

// A result {:valid? :unknown :error msg}, for checkers that cannot decide.
CheckResult UnknownResult(std::string error);

}  // namespace harness

#endif  // HARNESS_CHECKERS_CHECKER_UTIL_H_
