#include "nodes/echo/program.h"

#include "nodes/echo/echo.h"

namespace echo {
namespace {

// Echo keeps no state beyond the handler it registers on the node.
struct EchoProgram final : runtime::Program {};

runtime::Result<std::unique_ptr<runtime::Program>> Make(runtime::Node& node, runtime::Env& env,
                                                         const std::vector<std::string>& args) {
  if (!args.empty()) return runtime::Error::Malformed("takes no arguments");
  Install(node);
  return std::unique_ptr<runtime::Program>(new EchoProgram);
}

}  // namespace

const runtime::ProgramSpec kEchoProgram{"echo", &Make, "usage: node-echo\n"};

}  // namespace echo
