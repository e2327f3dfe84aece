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
#include <utility>
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
//
// The state is not the key's string itself but its class among the strings
// this key's definite gets returned (the "get values", known before the
// search starts). A string S that is a prefix of some get value is kept
// exactly, as (j, L): the first L bytes of get value j, where j is the first
// get value in sorted order that starts with S (so equal strings get equal
// states). Every other string is kDead. The classes are exact for legality:
//   - a get of v is legal in S iff S == v; a dead S equals no get value;
//   - appending to a dead S leaves it dead: if S is a prefix of no get value,
//     neither is S + x;
//   - a put replaces the string whatever it was.
// So two strings in the same class accept exactly the same future op
// sequences, and the search may merge them (README: "dead strings").
// Besides soundness this spares building strings no get will ever read,
// and makes orderings of appends that no get reads one configuration.
//
// One instance serves one search on one thread; the table is only read.
class KvModel {
 public:
  static constexpr State kDead = -2;

  // REQUIRES: every op's string id is in `table`, which outlives the model.
  KvModel(const StringTable* table, const std::vector<SearchOp>& ops);
  State Init() const { return init_; }
  bool Step(State s, const SearchOp& op, State* next);
  // True when the string of `s` is a prefix of (or equal to) the string with
  // id `get_value`, which must be the value of one of the ops' definite gets.
  bool IsPrefixOf(State s, int64_t get_value) const;
  // Sorted position of a definite get's value; values starting with a given
  // string occupy consecutive positions.
  size_t SlotOf(int64_t get_value) const;
  // True when the string of `s` is a prefix of every get value whose
  // position is in [min_slot, max_slot] (min_slot <= max_slot).
  bool IsPrefixOfSlots(State s, size_t min_slot, size_t max_slot) const;
  // The state of the string with id `string_id` (kDead or a prefix class).
  State StateOf(int64_t string_id) const { return Canonical(table_->Get(string_id)); }
  size_t memory_bytes() const { return transitions_.size() * 48; }

 private:
  State Canonical(std::string_view s) const;
  State Append(State s, std::string_view suffix) const;
  // Longest common prefix of sorted values i and k (i <= k), by sparse table.
  size_t Lcp(size_t i, size_t k) const;

  const StringTable* table_;
  std::vector<std::string_view> values_;              // distinct get values, sorted
  absl::flat_hash_map<int64_t, int32_t> value_slot_;  // string id -> slot in values_
  std::vector<std::vector<uint32_t>> lcp_table_;      // [level][i]: min lcp over 2^level
  State init_ = kDead;
  // (state, string id) -> next state of an append, (kPutKey, id) of a put:
  // a backtracking search asks the same transition many times, and each
  // costs a binary search.
  absl::flat_hash_map<std::pair<State, int64_t>, State> transitions_;
};

}  // namespace harness::lin

#endif  // HARNESS_LINEARIZABILITY_SEARCH_OP_H_
