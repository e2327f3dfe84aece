// An echo node for the bench's tests, correct unless told to break:
//   echo_node            answers every echo
//   echo_node malformed  prints a non-JSON line after the 3rd echo
//   echo_node crash      exits with status 3 after the 5th echo
//   echo_node silent     stops answering after the 3rd echo
//   echo_node no-init    never answers init (reads and ignores everything)
//   echo_node extra-key  adds an undocumented key to every 2nd echo_ok
#include <cstdlib>

#include "harness/testdata/mini_node.h"

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "no-init") {
    char buf[4096];
    while (read(0, buf, sizeof buf) > 0) {
    }
    return 0;
  }
  mini::Node node;
  int echoes = 0;
  node.Run([&](const mini::json& msg) {
    if (msg["body"]["type"] != "echo") return;
    ++echoes;
    if (mode == "silent" && echoes > 3) return;
    if (mode == "crash" && echoes > 5) {
      std::fprintf(stderr, "echo_node: crashing on purpose after 5 echoes\n");
      std::exit(3);
    }
    mini::json reply = {{"type", "echo_ok"}, {"echo", msg["body"]["echo"]}};
    if (mode == "extra-key" && echoes % 2 == 0) reply["debug"] = true;
    node.Reply(msg, reply);
    if (mode == "malformed" && echoes == 3) node.RawLine("this is not JSON {");
  });
}
