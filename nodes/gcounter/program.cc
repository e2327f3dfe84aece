#include "nodes/gcounter/program.h"

#include "nodes/gcounter/gcounter.h"

namespace gcounter {
namespace {

struct GCounterProgram final : runtime::Program {
  explicit GCounterProgram(runtime::Node& node) : counter(node, Options{}) {}
  GCounterNode counter;
};

runtime::Result<std::unique_ptr<runtime::Program>> Make(runtime::Node& node, runtime::Env& env,
                                                         const std::vector<std::string>& args) {
  if (!args.empty()) return runtime::Error::Malformed("takes no arguments");
  return std::unique_ptr<runtime::Program>(new GCounterProgram(node));
}

}  // namespace

const runtime::ProgramSpec kGCounterProgram{"gcounter", &Make, "usage: node-gcounter\n"};

}  // namespace gcounter
