#include "nodes/uniqueid/program.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "nodes/uniqueid/uniqueid.h"

namespace uniqueid {
namespace {

struct UniqueIdProgram final : runtime::Program {
  UniqueIdProgram(runtime::Node& node, runtime::Disk& disk, std::string dir) : ids(node, disk, std::move(dir)) {}
  UniqueIdNode ids;
};

runtime::Result<std::unique_ptr<runtime::Program>> Make(runtime::Node& node, runtime::Env& env,
                                                         const std::vector<std::string>& args) {
  if (args.size() > 1) return runtime::Error::Malformed("takes at most one argument, the state directory");
  if (!args.empty() && (args[0].empty() || absl::StartsWith(args[0], "-"))) {
    return runtime::Error::Malformed(absl::StrCat("not a state directory: '", args[0], "'"));
  }
  // The positional directory first, as the binary always had it; under the
  // bench the working directory is the state dir too, so both agree.
  std::string dir = !args.empty() ? args[0] : !env.state_dir.empty() ? env.state_dir : ".";
  return std::unique_ptr<runtime::Program>(new UniqueIdProgram(node, *env.disk, std::move(dir)));
}

}  // namespace

const runtime::ProgramSpec kUniqueIdProgram{"uniqueid", &Make, "usage: node-uniqueid [STATE_DIR]\n"};

}  // namespace uniqueid
