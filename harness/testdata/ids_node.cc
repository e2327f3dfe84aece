// A unique-ids node: ids "<node>-<counter>" (correct), or with the argument
// "repeat", ids that cycle through 5 values, so duplicates must be caught.
#include "harness/testdata/mini_node.h"

int main(int argc, char** argv) {
  bool repeat = argc > 1 && std::string(argv[1]) == "repeat";
  mini::Node node;
  int64_t counter = 0;
  node.Run([&](const mini::json& msg) {
    if (msg["body"]["type"] != "generate") return;
    int64_t n = counter++;
    if (repeat) n %= 5;
    node.Reply(msg, {{"type", "generate_ok"}, {"id", node.id + "-" + std::to_string(n)}});
  });
}
