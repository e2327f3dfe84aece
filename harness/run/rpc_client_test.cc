// Proves the client rules of harness/docs/protocol.md on a manual clock:
// msg_id 1, 2, 3 per client; only the reply to the pending msg_id completes
// a call; after a timeout the late reply is discarded and counted; a client
// may be destroyed from its own callback; a closed client's id is no longer
// a valid destination.
#include "harness/run/rpc_client.h"

#include <catch2/catch.hpp>

namespace harness {
namespace {

constexpr int64_t kMs = 1'000'000;

TEST_CASE("msg_ids count per client, replies match by in_reply_to, late ones are counted") {
  ManualScheduler sched;
  Network net(&sched, NetworkOptions{}, Rng(1));
  std::vector<nlohmann::json> seen_by_node;
  net.Register("n1", [&](const NetMessage& m) { seen_by_node.push_back(m.body); });
  int64_t discarded = 0;
  auto client = std::make_unique<RpcClient>(&net, &sched, "c4", &discarded);
  std::vector<std::optional<nlohmann::json>> results;
  auto done = [&](std::optional<nlohmann::json> r) { results.push_back(std::move(r)); };

  client->Call("n1", {{"type", "echo"}}, 1000, done);
  sched.AdvanceBy(1);
  REQUIRE(seen_by_node.size() == 1);
  CHECK(seen_by_node[0]["msg_id"] == 1);
  REQUIRE(net.Send("n1", "c4", {{"type", "echo_ok"}, {"in_reply_to", 7}}).ok());  // not ours
  REQUIRE(net.Send("n1", "c4", {{"type", "echo_ok"}, {"in_reply_to", 1}}).ok());
  sched.AdvanceBy(1);
  REQUIRE(results.size() == 1);
  CHECK((*results[0])["in_reply_to"] == 1);
  CHECK(discarded == 1);

  client->Call("n1", {{"type", "echo"}}, 1000, done);
  sched.AdvanceBy(1);
  CHECK(seen_by_node[1]["msg_id"] == 2);
  sched.AdvanceBy(1000 * kMs);
  REQUIRE(results.size() == 2);
  CHECK_FALSE(results[1].has_value());  // timed out
  REQUIRE(net.Send("n1", "c4", {{"type", "echo_ok"}, {"in_reply_to", 2}}).ok());
  sched.AdvanceBy(1);
  CHECK(results.size() == 2);  // never delivered twice
  CHECK(discarded == 2);

  // Destroying the client inside its callback is safe; its id is then gone.
  client->Call("n1", {{"type", "echo"}}, 1000, [&](std::optional<nlohmann::json>) {
    client.reset();
  });
  REQUIRE(net.Send("n1", "c4", {{"type", "echo_ok"}, {"in_reply_to", 3}}).ok());
  sched.AdvanceBy(1);
  CHECK(client == nullptr);
  CHECK_FALSE(net.Send("n1", "c4", {{"type", "echo_ok"}}).ok());
  CHECK(sched.pending() == 0);
}

}  // namespace
}  // namespace harness
