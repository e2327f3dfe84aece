// A unique-ids node: ids "<node>-<counter>" (correct), or with the argument
// "repeat", ids that cycle through 5 values, so duplicates must be caught.
#include "harness/testdata/bench_factories.h"
#include "harness/testdata/mini_main.h"

namespace bench {
namespace {

class Ids final : public mini::Program {
 public:
  Ids(mini::Node& node, bool repeat) : node_(node), repeat_(repeat) {}

  void Handle(const mini::json& msg) override {
    if (msg["body"]["type"] != "generate") return;
    int64_t n = counter_++;
    if (repeat_) n %= 5;
    node_.Reply(msg, {{"type", "generate_ok"}, {"id", node_.id + "-" + std::to_string(n)}});
  }

 private:
  mini::Node& node_;
  const bool repeat_;
  int64_t counter_ = 0;
};

}  // namespace

std::unique_ptr<mini::Program> MakeIdsNode(mini::Node& node, const mini::Args& args) {
  return std::make_unique<Ids>(node, !args.empty() && args[0] == "repeat");
}

}  // namespace bench

#ifndef MINI_NO_MAIN
int main(int argc, char** argv) { return mini::Main(argc, argv, &bench::MakeIdsNode); }
#endif
