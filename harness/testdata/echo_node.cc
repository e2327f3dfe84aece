// An echo node for the bench's tests, correct unless told to break:
//   echo_node            answers every echo
//   echo_node malformed  prints a non-JSON line after the 3rd echo
//   echo_node crash      exits with status 3 after the 5th echo
//   echo_node silent     stops answering after the 3rd echo
//   echo_node no-init    never answers init (reads and ignores everything)
//   echo_node exit-now   exits with status 2 before reading anything
//   echo_node extra-key  adds an undocumented key to every 2nd echo_ok
//   echo_node late       answers the 2nd echo 6 s late (after the client
//                        gave up), all others at once
//   echo_node star       answers echoes; the middle node of node_ids also
//                        pings every other node each tick and they answer
//                        it, as a leader and its followers would (traffic
//                        for the nemesis's :primaries guess)
#include <cstdlib>
#include <optional>

#include "harness/testdata/mini_node.h"

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "exit-now") {
    std::fprintf(stderr, "echo_node: exiting at once on purpose\n");
    return 2;
  }
  if (mode == "no-init") {
    char buf[4096];
    while (read(0, buf, sizeof buf) > 0) {
    }
    return 0;
  }
  mini::Node node;
  int echoes = 0;
  std::optional<mini::json> held;
  auto held_until = std::chrono::steady_clock::now();
  auto tick = [&] {
    if (mode == "star" && !node.ids.empty() && node.id == node.ids[node.ids.size() / 2]) {
      for (const auto& other : node.ids) {
        if (other != node.id) node.Send(other, {{"type", "ping"}});
      }
    }
    if (held && std::chrono::steady_clock::now() >= held_until) {
      node.Reply(*held, {{"type", "echo_ok"}, {"echo", (*held)["body"]["echo"]}});
      held.reset();
    }
  };
  node.Run([&](const mini::json& msg) {
    if (msg["body"]["type"] == "ping") node.Send(msg["src"].get<std::string>(), {{"type", "pong"}});
    if (msg["body"]["type"] != "echo") return;
    ++echoes;
    if (mode == "silent" && echoes > 3) return;
    if (mode == "late" && echoes == 2) {
      held = msg;
      held_until = std::chrono::steady_clock::now() + std::chrono::seconds(6);
      return;
    }
    if (mode == "crash" && echoes > 5) {
      std::fprintf(stderr, "echo_node: crashing on purpose after 5 echoes\n");
      std::exit(3);
    }
    mini::json reply = {{"type", "echo_ok"}, {"echo", msg["body"]["echo"]}};
    if (mode == "extra-key" && echoes % 2 == 0) reply["debug"] = true;
    node.Reply(msg, reply);
    if (mode == "malformed" && echoes == 3) node.RawLine("this is not JSON {");
  }, tick, mode == "star" ? 10 : 50);
}
