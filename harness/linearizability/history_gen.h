// History generator: kv (get/put/append) and cas-register (read/write/cas)
// histories of 1-100 concurrent clients whose linearizability verdict is
// known, for testing and benchmarking the checker.
//
// A seeded simulation runs real registers, one per key. Each client issues
// one op at a time on a random key; every op gets a random interval
// (invocation, completion) that overlaps other clients' ops, and a
// linearization point strictly inside it where it takes effect on the real
// register; reads return what the register holds there. So the history is
// linearizable by construction. Some ops crash: their completion is :info
// and they took effect or not (a coin), and their process is replaced by a
// new one, as in Jepsen. A cas whose expected value is not there fails
// (:fail). Values are unique: register writes are fresh integers per key,
// kv strings are Porcupine's "x P N y" (process, per-process counter).
//
// A mutation then plants one anomaly whose presence is provable from the
// intervals and the unique values alone (proofs in history_gen.cc):
//   kStaleRead       a read returns a value overwritten before it began
//                    (kv: misses an append that completed before it began)
//   kLostWrite       a completed write (kv: append) is missing from every
//                    read that began after it, as if lost
//   kReorderedAppend (kv) a read shows two appends in the opposite of their
//                    real-time order
// Histories use the lin-kv value shape [key v]. Pure; thread-safe.
#ifndef HARNESS_LINEARIZABILITY_HISTORY_GEN_H_
#define HARNESS_LINEARIZABILITY_HISTORY_GEN_H_

#include <cstdint>
#include <string>

#include "harness/history/op.h"
#include "harness/linearizability/partition.h"

namespace harness::lin {

struct GenOptions {
  ModelKind model = ModelKind::kKv;
  int clients = 10;  // concurrent clients, 1..100
  int keys = 10;
  int ops = 1000;    // invocations in all (events are about twice that)
  uint64_t seed = 1;
  double crash_rate = 0.02;  // share of ops that end :info
};

enum class Mutation { kNone, kStaleRead, kLostWrite, kReorderedAppend };
const char* MutationName(Mutation m);

struct GeneratedHistory {
  History history;
  // True when the history is linearizable: kNone, or a mutation that found
  // no place to apply (then `planted` is empty).
  bool linearizable = true;
  std::string planted;  // what the mutation changed, naming :index values
};

GeneratedHistory GenerateHistory(const GenOptions& options, Mutation mutation);

// Jepsen log lines ("INFO  jepsen.util - 3\t:ok\t:read\t[0 5]").
std::string ToJepsenLog(const History& history);
// EDN, one op map a line. With `key_field`, [key v] values are written as
// :key k :value v (the shape of Porcupine's kv data).
std::string ToEdnLines(const History& history, bool key_field);
// EDN as one vector whose maps span several lines (Knossos's test data).
std::string ToEdnVector(const History& history);

}  // namespace harness::lin

#endif  // HARNESS_LINEARIZABILITY_HISTORY_GEN_H_
