// naive-echo: the baseline for the echo benchmark. It does what a first
// Maelstrom node usually does and what the Go demo library does per message:
// read a line, parse it into a DOM, build a reply DOM, serialise it, and
// flush stdout after every line. Same JSON library as the runtime, so the
// ratio measures the runtime's design, not a library swap.
#include <iostream>
#include <string>

#include "nlohmann/json.hpp"

int main() {
  std::ios::sync_with_stdio(false);
  std::string line;
  int64_t next_id = 1;
  std::string self;
  while (std::getline(std::cin, line)) {
    nlohmann::json in = nlohmann::json::parse(line, nullptr, false);
    if (in.is_discarded()) continue;
    const auto& body = in["body"];
    nlohmann::json reply = {{"src", in["dest"]}, {"dest", in["src"]}, {"body", body}};
    reply["body"]["in_reply_to"] = body["msg_id"];
    reply["body"]["msg_id"] = next_id++;
    reply["body"]["type"] = body["type"] == "init" ? "init_ok" : "echo_ok";
    if (body["type"] == "init") reply["body"] = {{"type", "init_ok"}, {"in_reply_to", body["msg_id"]}};
    std::cout << reply.dump() << std::endl;  // flush per line
  }
}
