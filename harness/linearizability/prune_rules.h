// Pruning rules for the linearizability search: each tells, from the set of
// ops not yet linearized and the model state, that a configuration has no
// completion, so the search may refuse the lift that made it. They read only
// what the history's values reveal. A rule may only refuse configurations
// that provably cannot be completed: refusing a completable one would turn a
// linearizable history into a false alarm. The argument for each is in its
// comment and in README.md ("Pruning rules").
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
class RegisterRules {
 public:
  RegisterRules(const std::vector<SearchOp>& ops, const RegisterModel& model);
  void Lift(size_t op);
  void Unlift(size_t op);
  bool Dead(State state) const;
  int32_t Victim(State state) const;

 private:
  size_t Slot(State v) const { return static_cast<size_t>(v + 1); }  // kNil is -1
  bool Starved(size_t slot) const { return needs_[slot] > 0 && producers_[slot] == 0; }
  void Change(std::vector<int32_t>& counts, State v, int32_t delta);
  bool Needs(const SearchOp& op, State* v) const;
  bool Produces(const SearchOp& op, State* v) const;

  const std::vector<SearchOp>& ops_;
  bool nil_read_passes_;
  std::vector<bool> lifted_;
  std::vector<int32_t> needs_;      // remaining definite ops needing value v
  std::vector<int32_t> producers_;  // remaining ops that can make the value v
  int64_t starved_ = 0;             // values with needs > 0 and producers == 0
};

// Kv rule "the next get must extend the state": let g be the remaining
// definite get that completes first. If no remaining put (definite or
// indefinite) was invoked before g completed, no put can be linearized
// before g, so every op linearized from now until g is an append or a get,
// and appends only extend the string. So the current string must be a
// prefix of the value g returned; if it is not, no completion exists. With
// appends of unique strings this fixes, at every point, which append may go
// next: the one whose string g's value continues with.
class KvRules {
 public:
  KvRules(const std::vector<SearchOp>& ops, const KvModel* model);
  void Lift(size_t op);
  void Unlift(size_t op);
  bool Dead(State state) const;
  int32_t Victim(State state) const;

 private:
  // Ops of one kind sorted by a position, with the first not yet lifted.
  struct Queue {
    std::vector<int32_t> ops;   // sorted
    size_t first = 0;           // first entry not lifted
  };
  void Advance(Queue& q);

  const std::vector<SearchOp>& ops_;
  const KvModel* model_;
  std::vector<int32_t> rank_;  // op -> its slot in gets_ or puts_, -1 if neither
  std::vector<bool> lifted_;
  Queue gets_;  // definite gets by return position
  Queue puts_;  // all puts by call position
};

}  // namespace harness::lin

#endif  // HARNESS_LINEARIZABILITY_PRUNE_RULES_H_
