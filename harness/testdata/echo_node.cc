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
#include <optional>

#include "harness/testdata/bench_factories.h"
#include "harness/testdata/mini_main.h"

namespace bench {
namespace {

class Echo final : public mini::Program {
 public:
  Echo(mini::Node& node, std::string mode) : node_(node), mode_(std::move(mode)) {}

  int tick_ms() const override { return mode_ == "star" ? 10 : 50; }
  bool ignores_input() const override { return mode_ == "no-init"; }

  void Tick() override {
    if (mode_ == "star" && !node_.ids.empty() && node_.id == node_.ids[node_.ids.size() / 2]) {
      for (const auto& other : node_.ids) {
        if (other != node_.id) node_.Send(other, {{"type", "ping"}});
      }
    }
    if (held_ && node_.Now() >= held_until_) {
      node_.Reply(*held_, {{"type", "echo_ok"}, {"echo", (*held_)["body"]["echo"]}});
      held_.reset();
    }
  }

  void Handle(const mini::json& msg) override {
    if (msg["body"]["type"] == "ping")
      node_.Send(msg["src"].get<std::string>(), {{"type", "pong"}});
    if (msg["body"]["type"] != "echo") return;
    ++echoes_;
    if (mode_ == "silent" && echoes_ > 3) return;
    if (mode_ == "late" && echoes_ == 2) {
      held_ = msg;
      held_until_ = node_.Now() + std::chrono::seconds(6);
      return;
    }
    if (mode_ == "crash" && echoes_ > 5) {
      node_.Log("echo_node: crashing on purpose after 5 echoes");
      node_.Exit(3);
      return;
    }
    mini::json reply = {{"type", "echo_ok"}, {"echo", msg["body"]["echo"]}};
    if (mode_ == "extra-key" && echoes_ % 2 == 0) reply["debug"] = true;
    node_.Reply(msg, reply);
    if (mode_ == "malformed" && echoes_ == 3) node_.RawLine("this is not JSON {");
  }

 private:
  mini::Node& node_;
  const std::string mode_;
  int echoes_ = 0;
  std::optional<mini::json> held_;
  mini::Time held_until_{0};
};

}  // namespace

std::unique_ptr<mini::Program> MakeEchoNode(mini::Node& node, const mini::Args& args) {
  std::string mode = args.empty() ? "" : args[0];
  if (mode == "exit-now") {
    node.Log("echo_node: exiting at once on purpose");
    return nullptr;
  }
  return std::make_unique<Echo>(node, mode);
}

}  // namespace bench

#ifndef MINI_NO_MAIN
int main(int argc, char** argv) { return mini::Main(argc, argv, &bench::MakeEchoNode); }
#endif
