#include "nodes/registry/node_programs.h"

namespace nodes {

std::string ProgramNameForBin(std::string_view path) {
  if (size_t slash = path.rfind('/'); slash != std::string_view::npos) path.remove_prefix(slash + 1);
  constexpr std::string_view kPrefix = "node-";
  if (path.size() > kPrefix.size() && path.substr(0, kPrefix.size()) == kPrefix) path.remove_prefix(kPrefix.size());
  return std::string(path);
}

const runtime::ProgramSpec* FindNodeProgram(std::string_view name) {
  const std::string wanted = ProgramNameForBin(name);
  for (const RegisteredProgram& p : RegisteredPrograms()) {
    if (wanted == p.name) return p.spec;
  }
  return nullptr;
}

std::vector<std::string> NodeProgramNames() {
  std::vector<std::string> names;
  for (const RegisteredProgram& p : RegisteredPrograms()) names.emplace_back(p.name);
  return names;
}

}  // namespace nodes
