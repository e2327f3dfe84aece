#include "runtime/state_dir.h"

#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"

namespace runtime {

Result<std::string> ResolveStateDir(const Env& env, const std::string& flag_dir, const std::string& prefix) {
  if (!flag_dir.empty()) return flag_dir;
  if (!env.state_dir.empty()) return env.state_dir;
  std::error_code ec;
  std::filesystem::path tmp = std::filesystem::temp_directory_path(ec);
  if (ec) tmp = "/tmp";
  std::string tmpl = (tmp / (prefix + "-XXXXXX")).string();
  if (mkdtemp(tmpl.data()) == nullptr) {
    return Error::Crash(absl::StrCat("cannot create a state directory ", tmpl, ": ", std::strerror(errno)));
  }
  return tmpl;
}

}  // namespace runtime
