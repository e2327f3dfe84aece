// Proves `harness test` flag parsing matches Maelstrom's names and defaults
// and that every bad flag is refused with a message naming it.
#include "harness/cli/flags.h"

#include <catch2/catch.hpp>

#include "absl/strings/str_cat.h"

namespace harness {
namespace {

TEST_CASE("defaults follow Maelstrom") {
  auto o = ParseTestFlags({"--bin", "/bin/true"});
  REQUIRE(o.ok());
  CHECK(o->workload == "lin-kv");
  CHECK(o->nodes == std::vector<std::string>{"n1", "n2", "n3", "n4", "n5"});
  CHECK(o->concurrency == 5);
  CHECK(o->time_limit_s == 60);
  CHECK(o->rate == 5);
  CHECK(o->latency.mean_ms == 0);
  CHECK(o->topology == "grid");
  CHECK(o->nemesis.empty());
  CHECK(o->nemesis_interval_s == 10);
  CHECK_FALSE(o->availability.has_value());
  CHECK(o->store_dir == "store");
}

TEST_CASE("flags, short forms, = syntax, Kn concurrency and node args") {
  auto o = ParseTestFlags({"-w", "broadcast", "--bin=./node", "--node-count", "3",
                           "--concurrency", "2n", "--time-limit", "20", "--rate", "10.5",
                           "--latency", "100", "--latency-dist", "uniform", "--nemesis",
                           "partition", "--availability", "total", "--topology", "tree3",
                           "--seed", "42", "--log-net-send", "extra", "--", "--node-flag"});
  REQUIRE(o.ok());
  CHECK(o->workload == "broadcast");
  CHECK(o->bin == "./node");
  CHECK(o->nodes == std::vector<std::string>{"n0", "n1", "n2"});
  CHECK(o->concurrency == 6);
  CHECK(o->rate == 10.5);
  CHECK(o->latency.dist == LatencyDist::kUniform);
  CHECK(o->has_nemesis("partition"));
  CHECK(o->availability_total);
  CHECK(o->seed == 42);
  CHECK(o->log_net_send);
  CHECK(o->node_args == std::vector<std::string>{"extra", "--node-flag"});
}

TEST_CASE("--nemesis takes any subset of the four kinds, in order, without repeats") {
  auto o = ParseTestFlags({"--bin", "x", "--nemesis", "clock,partition,kill,pause,kill"});
  REQUIRE(o.ok());
  CHECK(o->nemesis == std::vector<std::string>{"clock", "partition", "kill", "pause"});
}

TEST_CASE("--nemesis-targets: known kinds, no repeats, each fault left a kind") {
  auto o = ParseTestFlags({"--bin", "x", "--nemesis", "partition,clock", "--nemesis-targets",
                           "primaries,one,primaries"});
  REQUIRE(o.ok());
  CHECK(o->nemesis_targets == std::vector<std::string>{"primaries", "one"});
  auto d = ParseTestFlags({"--bin", "x", "--nemesis", "partition"});
  REQUIRE(d.ok());
  CHECK(d->nemesis_targets.empty());
  // A partition-only kind is fine when no process fault runs.
  CHECK(ParseTestFlags({"--bin", "x", "--nemesis", "partition", "--nemesis-targets",
                        "minority-third"})
            .ok());
}

TEST_CASE("explicit node lists") {
  auto a = ParseTestFlags({"--bin", "x", "-n", "a", "-n", "b"});
  REQUIRE(a.ok());
  CHECK(a->nodes == std::vector<std::string>{"a", "b"});
  auto b = ParseTestFlags({"--bin", "x", "--nodes", "p,q,r", "--concurrency", "4"});
  REQUIRE(b.ok());
  CHECK(b->nodes == std::vector<std::string>{"p", "q", "r"});
  CHECK(b->concurrency == 4);
}

TEST_CASE("bad flags are refused naming the flag") {
  struct Case {
    std::vector<std::string> args;
    std::string names;
  } cases[] = {
      {{"--workload", "echo"}, "--bin"},
      {{"--bin", "x", "--bogus"}, "--bogus"},
      {{"--bin", "x", "--rate", "fast"}, "--rate"},
      {{"--bin", "x", "--rate", "-1"}, "--rate"},
      {{"--bin", "x", "--time-limit", "1.5"}, "--time-limit"},
      {{"--bin", "x", "--node-count", "0"}, "--node-count"},
      {{"--bin", "x", "--concurrency", "xn"}, "--concurrency"},
      {{"--bin", "x", "--latency-dist", "normal"}, "--latency-dist"},
      {{"--bin", "x", "--nemesis", ""}, "--nemesis"},
      {{"--bin", "x", "--nemesis", ","}, "--nemesis"},
      {{"--bin", "x", "--nemesis", "partition,kil"}, "--nemesis"},
      {{"--bin", "x", "--nemesis", "flood"}, "--nemesis"},
      {{"--bin", "x", "--nemesis-interval", "0"}, "--nemesis-interval"},
      {{"--bin", "x", "--nemesis-targets", "leader"}, "--nemesis-targets"},
      {{"--bin", "x", "--nemesis-targets", ","}, "--nemesis-targets"},
      // kill draws from one/minority/majority/all/primaries: none listed
      {{"--bin", "x", "--nemesis", "kill", "--nemesis-targets", "majorities-ring"},
       "--nemesis-targets"},
      {{"--bin", "x", "--nemesis", "partition", "--nemesis-targets", "minority,all"},
       "--nemesis-targets"},
      {{"--bin", "x", "--availability", "1.5"}, "--availability"},
      {{"--bin", "x", "--topology", "star"}, "--topology"},
      {{"--bin", "x", "-w", "txn-list-append", "--consistency-models", "acid"}, "--consistency-models"},
      {{"--bin", "x", "-w", "kafka", "--key-count", "0"}, "--key-count"},
      {{"--bin", "x", "-w", "kafka", "--max-writes-per-key", "-1"}, "--max-writes-per-key"},
      {{"--bin", "x", "-w", "nope"}, "--workload"},
      {{"--bin", "x", "--seed", "-3"}, "--seed"},
      {{"--bin", "x", "--time-limit"}, "--time-limit"},
      {{"--bin", "x", "--log-stderr=yes"}, "--log-stderr"},
      {{"--bin", "x", "-n", "a", "-n", "a"}, "--node"},
      // ids shared with the network's other endpoints
      {{"--bin", "x", "--nodes", "c0,n1"}, "--node"},
      {{"--bin", "x", "--nodes", "lin-kv"}, "--node"},
      {{"--bin", "x", "-n", "c12"}, "--node"},
      {{"--bin", "x", "--net-loss", "1.5"}, "--net-loss"},
      {{"--bin", "x", "--net-loss", "-0.1"}, "--net-loss"},
      {{"--bin", "x", "--net-loss", "nan"}, "--net-loss"},
      {{"--bin", "x", "--net-duplicate", "half"}, "--net-duplicate"},
      {{"--bin", "x", "--net-reorder", "2"}, "--net-reorder"},
      {{"--bin", "x", "--net-reorder"}, "--net-reorder"},
      {{"--bin", "x", "--net-reorder-max", "0"}, "--net-reorder-max"},
      {{"--bin", "x", "--sim-ops", ""}, "--sim-ops"},
      {{"--bin", "x", "--sim-ops", "5-2"}, "--sim-ops"},
      {{"--bin", "x", "--sim-nemesis-steps", "1,,2"}, "--sim-nemesis-steps"},
      {{"--bin", "x", "--sim-nemesis-steps", "-1"}, "--sim-nemesis-steps"},
  };
  for (const auto& c : cases) {
    INFO(c.names);
    auto o = ParseTestFlags(c.args);
    REQUIRE_FALSE(o.ok());
    CHECK(o.status().code() == absl::StatusCode::kInvalidArgument);
    CHECK(o.status().message().find(c.names) != std::string_view::npos);
  }
}

TEST_CASE("-h asks for help") {
  CHECK(ParseTestFlags({"-h"}).status().code() == absl::StatusCode::kNotFound);
}

TEST_CASE("kafka: --key-count and --max-writes-per-key with Maelstrom's defaults") {
  auto d = ParseTestFlags({"--bin", "x", "-w", "kafka"});
  REQUIRE(d.ok());
  CHECK(d->workload == "kafka");
  CHECK_FALSE(d->key_count.has_value());
  CHECK(d->max_writes_per_key == 16);
  auto o = ParseTestFlags(
      {"--bin", "x", "-w", "kafka", "--key-count", "3", "--max-writes-per-key", "5"});
  REQUIRE(o.ok());
  CHECK(o->key_count == 3);
  CHECK(o->max_writes_per_key == 5);
}

TEST_CASE("--net-loss, --net-duplicate, --net-reorder: probabilities, off by default") {
  auto d = ParseTestFlags({"--bin", "x"});
  REQUIRE(d.ok());
  CHECK_FALSE(d->net_faults.any());
  CHECK(d->net_faults.reorder_max_ms == 100);
  auto o = ParseTestFlags({"--bin", "x", "--net-loss", "0.05", "--net-duplicate=1",
                           "--net-reorder", "0", "--net-reorder-max", "30"});
  REQUIRE(o.ok());
  CHECK(o->net_faults == NetFaults{.loss_p = 0.05, .duplicate_p = 1, .reorder_p = 0,
                                   .reorder_max_ms = 30});
}

TEST_CASE("--sim-nemesis-steps and --sim-ops: index lists, unset when absent") {
  auto d = ParseTestFlags({"--bin", "x"});
  REQUIRE(d.ok());
  CHECK_FALSE(d->sim_nemesis_steps.has_value());
  CHECK_FALSE(d->sim_ops.has_value());
  auto o = ParseTestFlags({"--bin", "x", "--sim-nemesis-steps", "none", "--sim-ops", "9,0-3,2"});
  REQUIRE(o.ok());
  CHECK(o->sim_nemesis_steps == std::vector<int64_t>{});
  CHECK(o->sim_ops == std::vector<int64_t>{0, 1, 2, 3, 9});
}

TEST_CASE("index lists: indices and ranges, sorted and distinct; bad pieces named") {
  struct Case {
    const char* text;
    std::optional<std::vector<int64_t>> want;  // nullopt: refused
  } cases[] = {
      {"0", std::vector<int64_t>{0}},
      {"0-5,9", std::vector<int64_t>{0, 1, 2, 3, 4, 5, 9}},
      {"7,3,3-4", std::vector<int64_t>{3, 4, 7}},
      {"2-2", std::vector<int64_t>{2}},
      {"none", std::vector<int64_t>{}},
      {"", std::nullopt},
      {",", std::nullopt},
      {"1,", std::nullopt},
      {"a", std::nullopt},
      {"1-", std::nullopt},
      {"-1", std::nullopt},
      {"3-1", std::nullopt},
      {"1-2-3", std::nullopt},
      {" 1", std::nullopt},
      {"1.5", std::nullopt},
      {"99999999999999999999", std::nullopt},
      {"0-999999999999", std::nullopt},  // refused before it is expanded
  };
  for (const auto& c : cases) {
    INFO(c.text);
    auto got = ParseIndexList(c.text);
    REQUIRE(got.ok() == c.want.has_value());
    if (c.want) {
      CHECK(*got == *c.want);
    } else {
      CHECK(got.status().code() == absl::StatusCode::kInvalidArgument);
    }
  }
  CHECK(ParseIndexList(absl::StrCat("0-", kMaxIndexListSize - 1))->size() ==
        static_cast<size_t>(kMaxIndexListSize));
}

}  // namespace
}  // namespace harness
