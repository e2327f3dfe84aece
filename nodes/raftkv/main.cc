// node-raftkv: Maelstrom lin-kv on Raft. Flags: see raftkv::ParseOptions.
#include <cstdio>

#include "nodes/raftkv/raftkv.h"
#include "runtime/stdio_runtime.h"

int main(int argc, char** argv) {
  absl::StatusOr<raftkv::Options> options = raftkv::ParseOptions(argc, argv);
  if (!options.ok()) {
    std::fprintf(stderr, "%s\n", options.status().ToString().c_str());
    return 2;
  }
  if (options->dir.empty()) {
    absl::StatusOr<std::string> dir = raftkv::ResolveStateDir();
    if (!dir.ok()) {
      std::fprintf(stderr, "%s\n", dir.status().ToString().c_str());
      return 2;
    }
    options->dir = *dir;
  }
  runtime::StdioRuntime rt;
  raftkv::RaftKv kv(rt.node(), *options);
  return rt.Run();
}
