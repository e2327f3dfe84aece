// A single-node transactional store for the bench's txn tests: integer
// keys hold an integer (txn-rw-register: "w") or a list (txn-list-append:
// "append"); "r" returns the value, the list, or null. Correct in the
// default mode: each txn runs alone, start to end, so the store is strict
// serializable. Each other mode (the first argument) plants one isolation
// bug the txn checker must name, by pausing one txn T1 midway ("parking"
// it), running the next txn T2 to its end, then finishing T1; T1 and T2
// are concurrent (T1 is answered after T2), so a correct store could have
// ordered them either way, but not interleaved them:
//   dirty-write         T1 parks after its first write when it writes
//                       another key later: T2's writes to both keys land
//                       between T1's (G0)
//   intermediate-read   T1 parks after its first write to a key it writes
//                       again: T2 reads the intermediate version (G1b)
//   circular            T1 parks after its last write when it reads another
//                       key after it: T2 reads T1's write, T1 reads T2's (G1c)
//   lost-update         T1 parks after reading a key and before writing it:
//                       T2 reads and writes the same version (lost-update)
//   aborted-read        no parking: every 4th txn that writes is applied and
//                       then answered error 30 (txn-conflict), a definite
//                       abort, without being rolled back (G1a)
// A parked txn waits at most 50 ms for a T2. Single-threaded.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/testdata/bench_factories.h"
#include "harness/testdata/mini_main.h"

namespace bench {
namespace {

using mini::json;

struct Parked {
  json msg;
  json txn;     // the reply's txn so far
  size_t next;  // the first micro-op not yet run
  mini::Time since;
};

class Store {
 public:
  explicit Store(std::string mode) : mode_(std::move(mode)) {}

  // Runs micro-ops [from, to) of txn, filling in reads.
  void Run(json& txn, size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) {
      json& m = txn[i];
      const std::string f = m[0].get<std::string>();
      const int64_t k = m[1].get<int64_t>();
      if (f == "w") {
        values_[k] = m[2];
      } else if (f == "append") {
        lists_[k].push_back(m[2].get<int64_t>());
      } else if (f == "r") {
        if (auto v = values_.find(k); v != values_.end()) {
          m[2] = v->second;
        } else if (auto l = lists_.find(k); l != lists_.end()) {
          m[2] = l->second;
        } else {
          m[2] = nullptr;
        }
      }
    }
  }

  // Where this mode parks `txn`, if it does.
  std::optional<size_t> ParkPoint(const json& txn) const {
    auto is_write = [](const json& m) { return m[0] != "r"; };
    const size_t n = txn.size();
    for (size_t i = 0; i < n; ++i) {
      const json& m = txn[i];
      for (size_t j = i + 1; j < n; ++j) {
        const json& later = txn[j];
        const bool same_key = later[1] == m[1];
        if (mode_ == "dirty-write" && is_write(m) && is_write(later) && !same_key) return i + 1;
        if (mode_ == "intermediate-read" && is_write(m) && is_write(later) && same_key)
          return i + 1;
        if (mode_ == "lost-update" && !is_write(m) && is_write(later) && same_key) return j;
      }
    }
    if (mode_ == "circular") {
      for (size_t i = n; i-- > 0;) {
        if (!is_write(txn[i])) continue;
        for (size_t j = i + 1; j < n; ++j) {
          if (txn[j][1] != txn[i][1]) return i + 1;
        }
        break;
      }
    }
    return std::nullopt;
  }

  void Handle(mini::Node& node, const json& msg) {
    const json& body = msg["body"];
    if (body["type"] != "txn") return;
    json txn = body["txn"];
    const bool writes = [&] {
      for (const json& m : txn) {
        if (m[0] != "r") return true;
      }
      return false;
    }();
    if (!parked_) {
      if (auto p = ParkPoint(txn)) {
        Run(txn, 0, *p);
        parked_ = Parked{msg, txn, *p, node.Now()};
        return;
      }
    }
    Run(txn, 0, txn.size());
    if (mode_ == "aborted-read" && writes && ++writing_txns_ % 4 == 0) {
      node.Reply(msg, {{"type", "error"}, {"code", 30}, {"text", "txn-conflict (planted)"}});
    } else {
      node.Reply(msg, {{"type", "txn_ok"}, {"txn", txn}});
    }
    Finish(node);
  }

  void Tick(mini::Node& node) {
    if (parked_ && node.Now() - parked_->since > std::chrono::milliseconds(50)) {
      Finish(node);
    }
  }

 private:
  void Finish(mini::Node& node) {
    if (!parked_) return;
    Parked p = std::move(*parked_);
    parked_.reset();
    Run(p.txn, p.next, p.txn.size());
    node.Reply(p.msg, {{"type", "txn_ok"}, {"txn", p.txn}});
  }

  std::string mode_;
  std::map<int64_t, json> values_;
  std::map<int64_t, std::vector<int64_t>> lists_;
  std::optional<Parked> parked_;
  int64_t writing_txns_ = 0;
};

class TxnProgram final : public mini::Program {
 public:
  TxnProgram(mini::Node& node, std::string mode) : node_(node), store_(std::move(mode)) {}

  int tick_ms() const override { return 10; }
  void Handle(const json& msg) override { store_.Handle(node_, msg); }
  void Tick() override { store_.Tick(node_); }

 private:
  mini::Node& node_;
  Store store_;
};

}  // namespace

std::unique_ptr<mini::Program> MakeTxnNode(mini::Node& node, const mini::Args& args) {
  return std::make_unique<TxnProgram>(node, args.empty() ? "" : args[0]);
}

}  // namespace bench

#ifndef MINI_NO_MAIN
int main(int argc, char** argv) { return mini::Main(argc, argv, &bench::MakeTxnNode); }
#endif
