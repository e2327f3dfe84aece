#include "harness/cli/flags.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "harness/elle/txn_models.h"
#include "harness/nemesis/targets.h"  // header-only parts: the kind lists

namespace harness {

namespace {

absl::Status Bad(const std::string& flag, const std::string& why) {
  return absl::InvalidArgumentError(absl::StrCat(flag, ": ", why));
}

template <typename T>
bool ParseInteger(std::string_view s, T& out) {
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

bool ParseNumber(std::string_view s, double& out) {
  if (s.empty()) return false;
  std::string copy(s);
  char* end = nullptr;
  out = std::strtod(copy.c_str(), &end);
  return end == copy.c_str() + copy.size() && std::isfinite(out);
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  for (const auto& x : v) {
    if (x == s) return true;
  }
  return false;
}

const std::vector<std::string>& Topologies() {
  static const std::vector<std::string> t = {"line",  "grid",  "tree", "tree2",
                                             "tree3", "tree4", "total"};
  return t;
}

struct Pending {
  std::optional<int> node_count;
  std::vector<std::string> node_flags;
  std::optional<std::vector<std::string>> nodes_list;
};

using Setter = std::function<absl::Status(const std::string& flag, const std::string& value,
                                          TestOptions& o, Pending& p)>;

struct FlagSpec {
  bool takes_value;
  Setter set;
};

absl::Status SetInt(const std::string& flag, const std::string& v, int min, int& out) {
  if (!ParseInteger(v, out) || out < min) {
    return Bad(flag, absl::StrCat("expected an integer >= ", min, ", got \"", v, "\""));
  }
  return absl::OkStatus();
}

absl::Status SetNemesisTargets(const std::string& flag, const std::string& v, TestOptions& o) {
  o.nemesis_targets.clear();
  for (absl::string_view piece : absl::StrSplit(v, ',', absl::SkipEmpty())) {
    std::string kind(piece);
    bool known = false;
    for (const char* k : kProcessTargetKinds) known = known || kind == k;
    for (const char* k : kPartitionTargetKinds) known = known || kind == k;
    if (!known) {
      return Bad(flag, absl::StrCat("unknown target \"", kind,
                                    "\"; supported: one, minority, majority, all, "
                                    "minority-third, majorities-ring, primaries"));
    }
    if (!Contains(o.nemesis_targets, kind)) o.nemesis_targets.push_back(kind);
  }
  if (o.nemesis_targets.empty()) return Bad(flag, "expected at least one target kind");
  return absl::OkStatus();
}

// Every fault of the run must be left some kind to draw from.
absl::Status CheckNemesisTargets(const TestOptions& o) {
  TargetPolicy policy{o.nemesis_targets, {}};
  for (const std::string& fault : o.nemesis) {
    bool partition = fault == "partition";
    if ((partition ? policy.Allowed(kPartitionTargetKinds) : policy.Allowed(kProcessTargetKinds))
            .empty()) {
      const char* kinds = partition ? "one, majority, minority-third, majorities-ring, primaries"
                                    : "one, minority, majority, all, primaries";
      return Bad("--nemesis-targets", absl::StrCat(fault, " needs one of ", kinds));
    }
  }
  return absl::OkStatus();
}

// A probability flag: a number in [0, 1].
absl::Status SetProbability(const std::string& flag, const std::string& v, double& out) {
  double p;
  if (!ParseNumber(v, p) || p < 0 || p > 1) {
    return Bad(flag, absl::StrCat("expected a probability in [0, 1], got \"", v, "\""));
  }
  out = p;
  return absl::OkStatus();
}

absl::Status SetIndexList(const std::string& flag, const std::string& v,
                          std::optional<std::vector<int64_t>>& out) {
  auto list = ParseIndexList(v);
  if (!list.ok()) return Bad(flag, std::string(list.status().message()));
  out = *std::move(list);
  return absl::OkStatus();
}

absl::Status SetNemesis(const std::string& flag, const std::string& v, TestOptions& o) {
  o.nemesis.clear();
  for (absl::string_view piece : absl::StrSplit(v, ',', absl::SkipEmpty())) {
    std::string kind(piece);
    if (kind != "partition" && kind != "kill" && kind != "pause" && kind != "clock") {
      return Bad(flag, absl::StrCat("unknown fault \"", kind,
                                    "\"; supported faults: partition, kill, pause, clock"));
    }
    if (!Contains(o.nemesis, kind)) o.nemesis.emplace_back(kind);
  }
  if (o.nemesis.empty()) {
    return Bad(flag, "expected one or more of partition, kill, pause, clock (comma-separated)");
  }
  return absl::OkStatus();
}

const absl::flat_hash_map<std::string, FlagSpec>& Specs() {
  static const auto* specs = new absl::flat_hash_map<std::string, FlagSpec>{
      {"--bin", {true, [](auto f, auto v, TestOptions& o, Pending&) {
                   o.bin = std::string(v);
                   return absl::OkStatus();
                 }}},
      {"--workload", {true, [](auto f, auto v, TestOptions& o, Pending&) {
                        if (Contains(UnsupportedWorkloads(), v)) {
                          return Bad(f, absl::StrCat("workload ", v,
                                                     " is not supported by this bench yet; "
                                                     "supported: ",
                                                     absl::StrJoin(SupportedWorkloads(), ", ")));
                        }
                        if (!Contains(SupportedWorkloads(), v)) {
                          return Bad(f, absl::StrCat("unknown workload \"", v, "\"; supported: ",
                                                     absl::StrJoin(SupportedWorkloads(), ", ")));
                        }
                        o.workload = std::string(v);
                        return absl::OkStatus();
                      }}},
      {"--node-count", {true, [](auto f, auto v, TestOptions&, Pending& p) {
                          int n;
                          if (auto s = SetInt(f, v, 1, n); !s.ok()) return s;
                          p.node_count = n;
                          return absl::OkStatus();
                        }}},
      {"--node", {true, [](auto f, auto v, TestOptions&, Pending& p) {
                    if (v.empty()) return Bad(f, "empty node id");
                    p.node_flags.emplace_back(v);
                    return absl::OkStatus();
                  }}},
      {"--nodes", {true, [](auto f, auto v, TestOptions&, Pending& p) {
                     std::vector<std::string> ids = absl::StrSplit(v, ',', absl::SkipEmpty());
                     if (ids.empty()) return Bad(f, "empty node list");
                     p.nodes_list = ids;
                     return absl::OkStatus();
                   }}},
      {"--nodes-file", {true, [](auto f, auto v, TestOptions&, Pending& p) {
                          std::ifstream in{std::string(v)};
                          if (!in) return Bad(f, absl::StrCat("cannot read ", v));
                          std::vector<std::string> ids;
                          std::string id;
                          while (in >> id) ids.push_back(id);
                          if (ids.empty()) return Bad(f, absl::StrCat(v, " lists no nodes"));
                          p.nodes_list = ids;
                          return absl::OkStatus();
                        }}},
      {"--concurrency", {true, [](auto f, auto v, TestOptions& o, Pending&) {
                           std::string_view num = v;
                           if (num.ends_with('n')) num.remove_suffix(1);
                           int k;
                           if (!ParseInteger(num, k) || k < 1) {
                             return Bad(f, absl::StrCat("expected N or Kn (e.g. 4 or 2n), got \"",
                                                        v, "\""));
                           }
                           o.concurrency_spec = std::string(v);
                           return absl::OkStatus();
                         }}},
      {"--time-limit", {true, [](auto f, auto v, TestOptions& o, Pending&) {
                          return SetInt(f, v, 0, o.time_limit_s);
                        }}},
      {"--rate", {true, [](auto f, auto v, TestOptions& o, Pending&) {
                    if (!ParseNumber(v, o.rate) || o.rate < 0) {
                      return Bad(f, absl::StrCat("expected a number >= 0, got \"", v, "\""));
                    }
                    return absl::OkStatus();
                  }}},
      {"--latency", {true, [](auto f, auto v, TestOptions& o, Pending&) {
                       int ms;
                       if (auto s = SetInt(f, v, 0, ms); !s.ok()) return s;
                       o.latency.mean_ms = ms;
                       return absl::OkStatus();
                     }}},
      {"--latency-dist", {true, [](auto f, auto v, TestOptions& o, Pending&) {
                            auto d = LatencyDistFromName(v);
                            if (!d) return Bad(f, "expected constant, uniform or exponential");
                            o.latency.dist = *d;
                            return absl::OkStatus();
                          }}},
      {"--net-loss", {true, [](auto f, auto v, TestOptions& o, Pending&) {
                        return SetProbability(f, v, o.net_faults.loss_p);
                      }}},
      {"--net-duplicate", {true, [](auto f, auto v, TestOptions& o, Pending&) {
                             return SetProbability(f, v, o.net_faults.duplicate_p);
                           }}},
      {"--net-reorder", {true, [](auto f, auto v, TestOptions& o, Pending&) {
                           return SetProbability(f, v, o.net_faults.reorder_p);
                         }}},
      {"--net-reorder-max", {true, [](auto f, auto v, TestOptions& o, Pending&) {
                               int ms;
                               if (auto s = SetInt(f, v, 1, ms); !s.ok()) return s;
                               o.net_faults.reorder_max_ms = ms;
                               return absl::OkStatus();
                             }}},
      {"--sim-nemesis-steps", {true, [](auto f, auto v, TestOptions& o, Pending&) {
                                 return SetIndexList(f, v, o.sim_nemesis_steps);
                               }}},
      {"--sim-ops", {true, [](auto f, auto v, TestOptions& o, Pending&) {
                       return SetIndexList(f, v, o.sim_ops);
                     }}},
      {"--nemesis", {true, [](auto f, auto v, TestOptions& o, Pending&) {
                       return SetNemesis(f, v, o);
                     }}},
      {"--nemesis-targets", {true, [](auto f, auto v, TestOptions& o, Pending&) {
                               return SetNemesisTargets(f, v, o);
                             }}},
      {"--nemesis-interval", {true, [](auto f, auto v, TestOptions& o, Pending&) {
                                if (!ParseNumber(v, o.nemesis_interval_s) ||
                                    o.nemesis_interval_s <= 0) {
                                  return Bad(f, absl::StrCat("expected seconds > 0, got \"", v,
                                                             "\""));
                                }
                                return absl::OkStatus();
                              }}},
      {"--availability", {true, [](auto f, auto v, TestOptions& o, Pending&) {
                            if (v == "total") {
                              o.availability = 1.0;
                              o.availability_total = true;
                              return absl::OkStatus();
                            }
                            double a;
                            if (!ParseNumber(v, a) || a < 0 || a > 1) {
                              return Bad(f, absl::StrCat("expected total or a number in [0, 1], "
                                                         "got \"", v, "\""));
                            }
                            o.availability = a;
                            o.availability_total = false;
                            return absl::OkStatus();
                          }}},
      {"--consistency-models", {true, [](auto f, auto v, TestOptions& o, Pending&) {
                                  if (auto m = elle::ParseTxnModels(std::string(v)); !m.ok()) {
                                    return Bad(f, std::string(m.status().message()));
                                  }
                                  o.consistency_models = std::string(v);
                                  return absl::OkStatus();
                                }}},
      {"--key-count", {true, [](auto f, auto v, TestOptions& o, Pending&) {
                         int k;
                         if (auto s = SetInt(f, v, 1, k); !s.ok()) return s;
                         o.key_count = k;
                         return absl::OkStatus();
                       }}},
      {"--max-txn-length", {true, [](auto f, auto v, TestOptions& o, Pending&) {
                              return SetInt(f, v, 1, o.max_txn_length);
                            }}},
      {"--max-writes-per-key", {true, [](auto f, auto v, TestOptions& o, Pending&) {
                                  return SetInt(f, v, 1, o.max_writes_per_key);
                                }}},
      {"--topology", {true, [](auto f, auto v, TestOptions& o, Pending&) {
                        if (!Contains(Topologies(), v)) {
                          return Bad(f, absl::StrCat("unknown topology \"", v, "\"; expected ",
                                                     absl::StrJoin(Topologies(), ", ")));
                        }
                        o.topology = std::string(v);
                        return absl::OkStatus();
                      }}},
      {"--log-stderr", {false, [](auto, auto, TestOptions& o, Pending&) {
                          o.log_stderr = true;
                          return absl::OkStatus();
                        }}},
      {"--log-net-send", {false, [](auto, auto, TestOptions& o, Pending&) {
                            o.log_net_send = true;
                            return absl::OkStatus();
                          }}},
      {"--log-net-recv", {false, [](auto, auto, TestOptions& o, Pending&) {
                            o.log_net_recv = true;
                            return absl::OkStatus();
                          }}},
      {"--test-count", {true, [](auto f, auto v, TestOptions& o, Pending&) {
                          return SetInt(f, v, 1, o.test_count);
                        }}},
      {"--leave-db-running", {false, [](auto, auto, TestOptions& o, Pending&) {
                                o.leave_db_running = true;
                                return absl::OkStatus();
                              }}},
      {"--logging-json", {false, [](auto, auto, TestOptions& o, Pending&) {
                            o.logging_json = true;
                            return absl::OkStatus();
                          }}},
      {"--seed", {true, [](auto f, auto v, TestOptions& o, Pending&) {
                    if (!ParseInteger(v, o.seed)) {
                      return Bad(f, absl::StrCat("expected an unsigned integer, got \"", v, "\""));
                    }
                    o.seed_given = true;
                    return absl::OkStatus();
                  }}},
      {"--store", {true, [](auto f, auto v, TestOptions& o, Pending&) {
                     if (v.empty()) return Bad(f, "empty directory");
                     o.store_dir = std::string(v);
                     return absl::OkStatus();
                   }}},
      // Accepted for compatibility; the bench runs everything locally.
      {"--username", {true, [](auto, auto, TestOptions&, Pending&) { return absl::OkStatus(); }}},
      {"--password", {true, [](auto, auto, TestOptions&, Pending&) { return absl::OkStatus(); }}},
      {"--ssh-private-key",
       {true, [](auto, auto, TestOptions&, Pending&) { return absl::OkStatus(); }}},
      {"--strict-host-key-checking",
       {false, [](auto, auto, TestOptions&, Pending&) { return absl::OkStatus(); }}},
      {"--no-ssh", {false, [](auto, auto, TestOptions&, Pending&) { return absl::OkStatus(); }}},
  };
  return *specs;
}

std::string Canonical(const std::string& flag) {
  if (flag == "-w") return "--workload";
  if (flag == "-n") return "--node";
  return std::string(flag);
}

// A node id shares the network's id space with the clients (c1, c2, ...)
// and the services; a collision would route one endpoint's messages to the
// other, so it is refused up front.
absl::Status CheckNodeId(const std::string& id) {
  if (id.empty()) return Bad("--node", "empty node id");
  for (const char* service : {"lin-kv", "seq-kv", "lww-kv", "lin-tso"}) {
    if (id == service) return Bad("--node", absl::StrCat(id, " is a service's id"));
  }
  if (id.size() > 1 && id[0] == 'c' &&
      std::all_of(id.begin() + 1, id.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return Bad("--node", absl::StrCat(id, " is a client's id (c followed by digits)"));
  }
  return absl::OkStatus();
}

}  // namespace

const std::vector<std::string>& SupportedWorkloads() {
  static const std::vector<std::string> w = {"echo",      "unique-ids", "broadcast", "g-set",
                                             "g-counter", "pn-counter", "lin-kv",    "kafka",
                                             "txn-rw-register", "txn-list-append"};
  return w;
}

const std::vector<std::string>& UnsupportedWorkloads() {
  static const std::vector<std::string> w = {};
  return w;
}

absl::StatusOr<TestOptions> ParseTestFlags(const std::vector<std::string>& args) {
  TestOptions o;
  Pending p;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      o.node_args.insert(o.node_args.end(), args.begin() + static_cast<long>(i) + 1, args.end());
      break;
    }
    if (arg == "-h" || arg == "--help") return absl::NotFoundError("help");
    if (arg.size() < 2 || arg[0] != '-') {
      o.node_args.push_back(arg);
      continue;
    }
    std::string name = arg;
    std::optional<std::string> inline_value;
    if (size_t eq = arg.find('='); eq != std::string::npos && absl::StartsWith(arg, "--")) {
      name = arg.substr(0, eq);
      inline_value = arg.substr(eq + 1);
    }
    name = Canonical(name);
    auto it = Specs().find(name);
    if (it == Specs().end()) return Bad(arg, "unknown option");
    std::string value;
    if (it->second.takes_value) {
      if (inline_value) {
        value = *inline_value;
      } else if (i + 1 < args.size()) {
        value = args[++i];
      } else {
        return Bad(name, "missing value");
      }
    } else if (inline_value) {
      return Bad(name, "takes no value");
    }
    if (auto s = it->second.set(name, value, o, p); !s.ok()) return s;
  }
  if (o.bin.empty()) return Bad("--bin", "required (the node executable)");
  if (auto s = CheckNemesisTargets(o); !s.ok()) return s;
  if (p.node_count) {
    o.nodes.clear();
    for (int k = 0; k < *p.node_count; ++k) o.nodes.push_back(absl::StrCat("n", k));
  } else if (!p.node_flags.empty()) {
    o.nodes = p.node_flags;
  } else if (p.nodes_list) {
    o.nodes = *p.nodes_list;
  }
  for (size_t a = 0; a < o.nodes.size(); ++a) {
    if (auto s = CheckNodeId(o.nodes[a]); !s.ok()) return s;
    for (size_t b = a + 1; b < o.nodes.size(); ++b) {
      if (o.nodes[a] == o.nodes[b]) return Bad("--node", absl::StrCat("duplicate id ", o.nodes[a]));
    }
  }
  std::string_view spec = o.concurrency_spec;
  int k = 0;
  if (spec.ends_with('n')) {
    spec.remove_suffix(1);
    ParseInteger(spec, k);
    o.concurrency = k * static_cast<int>(o.nodes.size());
  } else {
    ParseInteger(spec, k);
    o.concurrency = k;
  }
  if (!o.seed_given) {
    std::random_device rd;
    o.seed = (static_cast<uint64_t>(rd()) << 32) ^ rd();
  }
  return o;
}

absl::StatusOr<std::vector<int64_t>> ParseIndexList(std::string_view text) {
  if (text == "none") return std::vector<int64_t>{};
  if (text.empty()) return absl::InvalidArgumentError("expected indices, ranges A-B or none");
  std::vector<int64_t> out;
  std::vector<std::string> pieces = absl::StrSplit(absl::string_view(text.data(), text.size()), ',');
  for (std::string_view piece : pieces) {
    auto bad = [&](const char* why) {
      return absl::InvalidArgumentError(absl::StrCat("\"", std::string(piece), "\": ", why));
    };
    size_t dash = piece.find('-');
    int64_t lo, hi;
    if (dash == std::string_view::npos) {
      if (!ParseInteger(piece, lo) || lo < 0) return bad("expected an index >= 0 or A-B");
      hi = lo;
    } else if (!ParseInteger(piece.substr(0, dash), lo) || lo < 0 ||
               !ParseInteger(piece.substr(dash + 1), hi) || hi < 0) {
      return bad("expected a range A-B of indices >= 0");
    } else if (lo > hi) {
      return bad("range runs backwards");
    }
    // Bounded before expanding: "0-999999999999" must not exhaust memory.
    if (hi - lo >= kMaxIndexListSize - static_cast<int64_t>(out.size())) {
      return bad(absl::StrCat("more than ", kMaxIndexListSize, " indices").c_str());
    }
    for (int64_t i = lo; i <= hi; ++i) out.push_back(i);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string TestUsage() {
  return R"(Usage: harness test --bin FILE [options] [node args...]

Options (Maelstrom's names and defaults):
  -w, --workload NAME       echo, unique-ids, broadcast, g-set, g-counter,
                            pn-counter, lin-kv, kafka, txn-rw-register,
                            txn-list-append (default lin-kv)
  --bin FILE                node executable (required)
  --node-count N            nodes n0..n{N-1} (default n1..n5)
  -n, --node ID / --nodes a,b,c / --nodes-file F
  --concurrency C           worker count: N or Kn (default 1n)
  --time-limit S            seconds of main phase (default 60)
  --rate R                  client ops per second (default 5; 0 = none)
  --latency MS              mean node<->node latency (default 0)
  --latency-dist D          constant | uniform | exponential
  --nemesis F               fault set, comma-separated: partition,kill,pause,clock
  --nemesis-interval S      mean seconds between nemesis ops (default 10)
  --availability A          total, or minimum ok fraction in [0, 1]
  --topology T              broadcast: line grid tree tree2 tree3 tree4 total
  --log-stderr --log-net-send --log-net-recv
  --key-count K             kafka, txn: active keys at a time (default 10)
  --max-writes-per-key W    kafka, txn: writes per key before it retires
                            (default 16)
  --max-txn-length L        txn: micro-ops per txn, 1..L (default 4)
  --consistency-models M    txn: comma-separated models to check against:
                            read-uncommitted read-committed repeatable-read
                            snapshot-isolation serializable
                            strict-serializable (default strict-serializable)
  --test-count K --leave-db-running --logging-json
Bench additions:
  --seed N                  seed of every random choice (printed at start)
  --nemesis-targets T       target kinds faults draw from, comma-separated:
                            one minority majority all minority-third
                            majorities-ring primaries (default: all but
                            primaries; primaries = the busiest node sender)
  --store DIR               where runs are stored (default ./store)
  --net-loss P              probability a node-to-node message is lost
                            (default 0; client and service hops never are)
  --net-duplicate P         probability a node-to-node message is delivered
                            twice (default 0)
  --net-reorder P           probability a node-to-node message is held back
                            1..MS ms so later ones overtake it (default 0)
  --net-reorder-max MS      the longest such hold-back (default 100)
  --sim-nemesis-steps LIST  replay a shrunk schedule: keep only these nemesis
  --sim-ops LIST            steps / generated ops, by index: e.g. 0-5,9, or
                            none (default: all)
Arguments that are not options, and everything after --, go to the node.
)";
}

}  // namespace harness
