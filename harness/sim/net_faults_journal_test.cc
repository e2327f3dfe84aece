// Proves the journal a faulty network leaves is read truthfully by the net
// checker, which knows nothing of faults: a lost message counts as sent and
// never received, a duplicate as one more message sent and received (the
// network's copy), and client traffic is untouched. Network on a manual
// clock, journal straight into CheckNet.
#include <catch2/catch.hpp>

#include "harness/checkers/net_checker.h"
#include "harness/net/network.h"

namespace harness {
namespace {

constexpr int64_t kMs = 1'000'000;

std::string NetEdn(const NetFaults& faults) {
  ManualScheduler sched;
  Network net(&sched,
              NetworkOptions{LatencyModel{5, LatencyDist::kConstant}, 1 << 20, 8 << 20, faults},
              Rng::Derive(3, "latency"), Rng::Derive(3, "net-faults"));
  auto ignore = [](const NetMessage&) {};
  for (const char* id : {"n0", "n1"}) net.Register(id, ignore, Network::BodyForm::kText);
  net.Register("c1", ignore);
  // Three gossip messages between nodes, one client round trip.
  for (int k = 0; k < 3; ++k) REQUIRE(net.SendText("n0", "n1", R"({"type":"gossip"})").ok());
  REQUIRE(net.SendText("c1", "n0", R"({"type":"read"})").ok());
  REQUIRE(net.SendText("n0", "c1", R"({"type":"read_ok"})").ok());
  sched.AdvanceTo(1000 * kMs);
  return CheckNet({}, net.journal()).details.ToEdn();
}

TEST_CASE("net checker on a faulty network's journal") {
  struct Case {
    const char* name;
    NetFaults faults;
    const char* servers;
  } cases[] = {
      {"clean", {}, ":servers {:send-count 3, :recv-count 3, :msg-count 3}"},
      {"all lost", {.loss_p = 1}, ":servers {:send-count 3, :recv-count 0, :msg-count 3}"},
      {"all doubled", {.duplicate_p = 1}, ":servers {:send-count 6, :recv-count 6, :msg-count 6}"},
      {"all reordered", {.reorder_p = 1}, ":servers {:send-count 3, :recv-count 3, :msg-count 3}"},
      // A lost original whose copy gets through: two sent, one received.
      {"lost and doubled",
       {.loss_p = 1, .duplicate_p = 1},
       ":servers {:send-count 6, :recv-count 3, :msg-count 6}"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    std::string edn = NetEdn(c.faults);
    CHECK(edn.find(c.servers) != std::string::npos);
    CHECK(edn.find(":clients {:send-count 2, :recv-count 2, :msg-count 2}") != std::string::npos);
  }
}

}  // namespace
}  // namespace harness
