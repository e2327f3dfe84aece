#include "nodes/broadcast/program.h"

#include "nodes/broadcast/options.h"

namespace broadcast {
namespace {

runtime::Result<std::unique_ptr<runtime::Program>> Make(runtime::Node& node, runtime::Env& env,
                                                         const std::vector<std::string>& args) {
  runtime::Result<Options> options = ParseOptions(args);
  if (!options.ok()) return options.error();
  return std::unique_ptr<runtime::Program>(new BroadcastProgram(node, *options));
}

}  // namespace

const runtime::ProgramSpec kBroadcastProgram{"broadcast", &Make, kUsage};

}  // namespace broadcast
