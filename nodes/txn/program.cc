#include "nodes/txn/program.h"

namespace txn {
namespace {

runtime::Result<std::unique_ptr<runtime::Program>> Make(runtime::Node& node, runtime::Env& env,
                                                         const std::vector<std::string>& args) {
  runtime::Result<Options> options = ParseOptions(args);
  if (!options.ok()) return options.error();
  return std::unique_ptr<runtime::Program>(new TxnProgram(node, *options));
}

}  // namespace

const runtime::ProgramSpec kTxnProgram{"txn", &Make, kUsage};

}  // namespace txn
