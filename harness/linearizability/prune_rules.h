// Pruning rules for the linearizability search: each tells, from the set of
// ops not yet linearized and the model state, that a configuration has no
// completion, so the search may refuse the lift that made it. They read only
// what the history's values reveal. A rule may only refuse configurations
// that provably cannot be completed: refusing a completable one would turn a
// linearizable history into a false alarm. The argument for each is in its
// comment and in README.md ("Pruning rules").
//
// Canonical(state) maps states that no remaining op can tell apart to one
// state, so the search's cache merges their configurations. Droppable(op)
// names indefinite ops that may be left out of the search altogether: an
// op that need not take effect, and whose effect no op could ever see.
//
// The search calls Lift(i) after linearizing op i, asks Dead(state), and
// calls Unlift(i) when it takes op i back (in reverse order of lifts). When
// Dead, Victim(state) names a remaining definite op that can never be
// placed, for the failure report.
// Plain data over the ops, which must outlive the rules; one search, one
// thread.
#ifndef HARNESS_LINEARIZABILITY_PRUNE_RULES_H_
#define HARNESS_LINEARIZABILITY_PRUNE_RULES_H_

#include <cstdint>
#include <set>
#include <vector>

#include "harness/linearizability/search_op.h"

namespace harness::lin {

// Register rule "a needed value must still be producible": every remaining
// definite op that needs the register to hold v (a read of v, a cas
// expecting v) must be linearized, and only a write of v or a cas to v can
// make the register hold v. So when the state is not v and no op that
// produces v remains (definite or indefinite), no completion exists. With
// unique written values this pins each read to its one write: once that
// write is linearized and overwritten, the read can no longer be placed.
// A nil read that passes in any state (Knossos's rule) needs nothing.
//
// Canonical: "unobserved values are alike". Remaining ops see the register
// only by comparing it with a value: a read of v (a nil read that passes
// anyway compares nothing) or a cas expecting v, definite or not; a write
// overwrites whatever is there. So once no remaining op compares with v,
// holding v and holding any other such value accept exactly the same
// futures, and both become kUnobserved. With unique values a write nobody
// reads stops multiplying configurations as soon as it is linearized.
class RegisterRules {
 public:
  static constexpr State kUnobserved = -3;

  RegisterRules(const std::vector<SearchOp>& ops, const RegisterModel& model);
  void Lift(size_t op);
  void Unlift(size_t op);
  bool Dead(State state) const;
  int32_t Victim(State state) const;
  State Canonical(State state) const {
    return state >= kNil && observers_[Slot(state)] == 0 ? kUnobserved : state;
  }
  // An indefinite write or cas whose value no op compares with: if it takes
  // effect, the register holds an unobserved value until the next write
  // (no read or cas in between can succeed, bar nil reads that pass
  // anyway), so a completion that leaves it out is as good.
  bool Droppable(size_t op) const;

 private:
  size_t Slot(State v) const { return static_cast<size_t>(v + 1); }  // kNil is -1
  bool Starved(size_t slot) const { return needs_[slot] > 0 && producers_[slot] == 0; }
  void Change(std::vector<int32_t>& counts, State v, int32_t delta);
  bool Needs(const SearchOp& op, State* v) const;
  bool Produces(const SearchOp& op, State* v) const;
  bool Observes(const SearchOp& op, State* v) const;

  const std::vector<SearchOp>& ops_;
  bool nil_read_passes_;
  std::vector<bool> lifted_;
  size_t first_unlifted_ = 0;  // every op before it is lifted (for Victim)
  std::vector<int32_t> needs_;      // remaining definite ops needing value v
  std::vector<int32_t> producers_;  // remaining ops that can make the value v
  std::vector<int32_t> observers_;  // remaining ops that compare with v
  int64_t starved_ = 0;             // values with needs > 0 and producers == 0
};

// Kv rule "every remaining get must stay reachable": take any remaining
// definite get g. Between now and g, the ops linearized are appends, gets,
// and puts invoked before g completed (real time forbids the others).
// Appends only extend the string. So either no put comes before g, and the
// current string S is a prefix of g's value; or a put p does (the last such),
// and g's value starts with p's value, where p is a remaining put (definite
// or indefinite) invoked before g completed: p "rescues" g. If some g has
// neither, no completion exists.
//
// The rescue relation is fixed (positions and values only), so each put
// knows the gets it rescues, and the gets with no remaining rescuer are
// kept as a multiset of their values' sorted positions. Values that start
// with S occupy consecutive positions, so "S is a prefix of all of them" is
// a check of the smallest and the largest: O(1) per lift.
//
// With appends and puts of unique strings this fixes, at every point, which
// append may go next (the one every pending read continues with), and a
// crashed put that never took effect stops mattering as soon as no pending
// get starts with its value.
//
// Kv rule "appends in the order reads show them" (only when the key's put
// and append strings are distinct, non-empty and no one is a prefix of
// another, so every string splits into them in at most one way: each piece
// names its op). Reading a get's value as pieces [t1 .. tk]: the string at
// g is the last put's value followed by the appends linearized after it,
// in order. So if g shows append a right after piece t, then t's op
// (append or put) is linearized before a; lifting a while t's op is not
// yet linearized leaves g unreachable. Each append keeps the distinct
// pieces that precede it in any get: one or two in practice, so the check
// is O(1).
class KvRules {
 public:
  KvRules(const std::vector<SearchOp>& ops, const KvModel* model, const StringTable& table);
  void Lift(size_t op);
  void Unlift(size_t op);
  bool Dead(State state) const;
  int32_t Victim(State state) const;
  // Strings are already merged by KvModel's classes.
  State Canonical(State state) const { return state; }
  // An indefinite append whose string occurs in no get value, or an
  // indefinite put whose string starts no get value: after it, no get can
  // succeed until the next put (a get would contain, or start with, that
  // string), so a completion that leaves it out is as good.
  bool Droppable(size_t op) const { return droppable_[op]; }

 private:
  bool Reachable(size_t get, State state) const;
  void Expose(size_t get);  // g has no rescuer and is unlifted: constrain S
  void Cover(size_t get);

  const std::vector<SearchOp>& ops_;
  const KvModel* model_;
  std::vector<bool> lifted_;
  std::vector<size_t> slot_;                  // get -> sorted position of its value
  std::vector<int32_t> rescuers_;             // get -> remaining puts that rescue it
  std::vector<std::vector<int32_t>> rescues_;  // put -> gets it rescues
  std::vector<int32_t> gets_by_return_;       // definite gets, for Victim
  std::vector<int32_t> get_rank_;             // op -> slot in gets_by_return_, or -1
  size_t first_get_ = 0;                      // every get before it is lifted
  std::vector<bool> droppable_;
  std::multiset<size_t> exposed_;             // slots of unlifted gets with no rescuer
  // Rule "appends in the order reads show them"; empty when it is off.
  void BuildPieces(const StringTable& table);
  std::vector<std::vector<int32_t>> pieces_;     // get -> its ops, in its value's order
  std::vector<std::vector<int32_t>> preceded_;   // append -> ops right before it in a get
  std::vector<bool> out_of_order_;               // append lifted before a predecessor
  int64_t out_of_order_count_ = 0;
};

}  // namespace harness::lin

#endif  // HARNESS_LINEARIZABILITY_PRUNE_RULES_H_
