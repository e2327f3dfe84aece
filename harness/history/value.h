// Value: one datum of a Jepsen history, in EDN's data model (nil, booleans,
// integers, floats, strings, keywords, vectors, maps, sets).
//
// Node replies arrive as JSON and become Values (FromJson); histories are
// written as EDN (ToEdn) and read back from EDN (ParseEdn), so a stored run or
// a history from a real Jepsen test goes through the same checkers. Values are
// plain copyable data; there is no shared state and no thread-safety concern
// beyond that of any std container.
//
// Example:
//   Value v = Value::Vec({Value::Keyword("isolated"), Value::Int(3)});
//   v.ToEdn() == "[:isolated 3]"
#ifndef HARNESS_HISTORY_VALUE_H_
#define HARNESS_HISTORY_VALUE_H_

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace harness {

class Value {
 public:
  enum class Kind { kNil, kBool, kInt, kDouble, kString, kKeyword, kVector, kMap, kSet };

  Value() = default;  // nil
  static Value Bool(bool b);
  static Value Int(int64_t i);
  static Value Double(double d);
  static Value String(std::string s);
  // `name` without the leading ':' ("read", "net-timeout").
  static Value Keyword(std::string name);
  static Value Vec(std::vector<Value> items);
  // Entries keep their order; a later duplicate key replaces the earlier one.
  static Value Map(std::vector<std::pair<Value, Value>> entries);
  // Elements are sorted and deduplicated (EDN sets are unordered).
  static Value Set(std::vector<Value> items);

  Kind kind() const { return kind_; }
  bool is_nil() const { return kind_ == Kind::kNil; }
  bool is_int() const { return kind_ == Kind::kInt; }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_keyword() const { return kind_ == Kind::kKeyword; }
  bool is_vector() const { return kind_ == Kind::kVector; }
  bool is_map() const { return kind_ == Kind::kMap; }
  bool is_set() const { return kind_ == Kind::kSet; }
  // True for vectors and sets (both hold `items()`).
  bool is_sequence() const { return kind_ == Kind::kVector || kind_ == Kind::kSet; }

  // REQUIRES: the matching kind (checked; a mismatch aborts).
  bool as_bool() const;
  int64_t as_int() const;
  double as_double() const;
  const std::string& as_string() const;   // kString or kKeyword
  const std::vector<Value>& items() const;  // kVector or kSet
  size_t map_size() const;                  // kMap
  const Value& map_key(size_t i) const;
  const Value& map_value(size_t i) const;

  // Map lookup; nullptr when absent or when this is not a map.
  const Value* Find(const Value& key) const;
  const Value* FindKeyword(std::string_view name) const;

  // A total order: by kind, then by content (numbers compare as numbers
  // within a kind). Used for sets and for deterministic output.
  friend std::strong_ordering operator<=>(const Value& a, const Value& b);
  friend bool operator==(const Value& a, const Value& b) {
    return (a <=> b) == std::strong_ordering::equal;
  }

  std::string ToEdn() const;
  void AppendEdn(std::string& out) const;
  // JSON for results.json and node requests: keywords become strings, sets
  // become arrays, maps whose keys are not all strings become [[k, v], ...].
  nlohmann::json ToJson() const;
  // Integers stay integers (1 != 1.0, as in Clojure); objects become maps
  // with string keys in the object's order.
  static Value FromJson(const nlohmann::json& j);
  // Parses exactly one EDN value (surrounding whitespace allowed). Tagged
  // literals (#inst, #jepsen.history.Op{...}) yield the tagged value;
  // symbols become keywords; lists become vectors.
  // Errors (InvalidArgument, naming line and column) for malformed input,
  // integers beyond int64, and nesting deeper than 256; never crashes.
  // Characters (\c) read as one-character strings, ratios and M decimals as
  // doubles.
  static absl::StatusOr<Value> ParseEdn(std::string_view text);
  // Parses every value in `text` in order (history.edn: one op map a line).
  static absl::StatusOr<std::vector<Value>> ParseEdnAll(std::string_view text);

 private:
  Kind kind_ = Kind::kNil;
  bool bool_ = false;
  int64_t int_ = 0;
  double double_ = 0;
  std::string string_;        // kString, kKeyword
  std::vector<Value> items_;  // kVector, kSet; kMap as k0, v0, k1, v1, ...
};

}  // namespace harness

#endif  // HARNESS_HISTORY_VALUE_H_
