// SearchOp and the two sequential models the linearizability search checks
// against. Everything here is plain integers: callers intern the values of a
// history (register values, kv strings) into ids before the search, so a
// model step is a few comparisons and a search state is (bitset, int64).
//
// RegisterModel is stateless and freely shared. KvModel owns its string
// table; one instance serves one search on one thread.
#ifndef HARNESS_LINEARIZABILITY_SEARCH_OP_H_
#define HARNESS_LINEARIZABILITY_SEARCH_OP_H_

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace harness::lin {

// An interned model value or model state. kNil is the register's "no value".
using State = int64_t;
inline constexpr State kNil = -1;

// Position of the completion of an op that never completed (:info): after
// every real event, so it may take effect at any time after its invocation.
inline constexpr int64_t kNeverReturns = std::numeric_limits<int64_t>::max();

enum class OpKind : uint8_t {
  kRead,    // register: a = value read (kNil: unknown value, see RegisterModel)
  kWrite,   // register: a = value written
  kCas,     // register: a = expected, b = new
  kGet,     // kv: a = string id read
  kPut,     // kv: a = string id written
  kAppend,  // kv: a = string id appended
};

struct SearchOp {
  OpKind kind = OpKind::kRead;
  int64_t a = 0;
  int64_t b = 0;
  // :info: the op may take effect once, at any time after call_pos, or never.
  bool indefinite = false;
  int64_t call_pos = 0;    // event order of the invocation (unique per event)
  int64_t return_pos = 0;  // event order of the completion, kNeverReturns if none
};

// Compare-and-set register starting at nil. With nil_read_passes (Knossos's
// and so Maelstrom's rule) a read of nil is "value unknown" and is legal in
// any state; without it a nil read asserts the register holds no value.
struct RegisterModel {
  bool nil_read_passes = true;

  State Init() const { return kNil; }
  // On a legal step sets *next and returns true; returns false otherwise.
  bool Step(State s, const SearchOp& op, State* next) const;
};

// String table: every distinct string gets a dense id, "" is id 0.
class StringTable {
 public:
  StringTable();
  int64_t Intern(std::string_view s);
  // REQUIRES: id was returned by Intern (checked).
  const std::string& Get(int64_t id) const;
  size_t size() const { return strings_.size(); }

 private:
  std::vector<std::string> strings_;
  absl::flat_hash_map<std::string, int64_t> ids_;
};

// Key-value register with get/put/append, one key; starts as "".
class KvModel {
 public:
  explicit KvModel(StringTable* table) : table_(table) {}
  State Init() const { return 0; }
  bool Step(State s, const SearchOp& op, State* next);

 private:
  StringTable* table_;  // not owned; outlives the model
  // Appends create strings; remembering each (state, suffix) transition
  // keeps a backtracking search from building the same string again.
  absl::flat_hash_map<std::pair<int64_t, int64_t>, int64_t> appended_;
};

}  // namespace harness::lin

#endif  // HARNESS_LINEARIZABILITY_SEARCH_OP_H_
