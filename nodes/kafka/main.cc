// node-kafka: Gossip Glomers challenge 5 (kafka workload). Flags: options.h.
#include <cstdio>

#include "nodes/kafka/program.h"
#include "runtime/stdio_runtime.h"

int main(int argc, char** argv) {
  absl::StatusOr<kafka::Options> options = kafka::ParseOptions(argc, argv);
  if (options.ok() && options->dir.empty() && options->mode == kafka::Options::Mode::kOwner) {
    absl::StatusOr<std::string> dir = kafka::ResolveStateDir();
    if (dir.ok())
      options->dir = *dir;
    else
      options = dir.status();
  }
  if (!options.ok()) {
    std::fprintf(stderr, "%s\n", options.status().ToString().c_str());
    return 2;
  }
  runtime::StdioRuntime rt;
  std::unique_ptr<kafka::Program> program = kafka::MakeKafkaNode(rt.node(), *options);
  return rt.Run();
}
