// Proves ResolveStateDir's order: the node's own flag, then the host's
// state dir, then a fresh private directory (never the working directory,
// never one an earlier run used).
#include <catch2/catch.hpp>

#include <filesystem>

#include "runtime/mem_disk.h"
#include "runtime/state_dir.h"

namespace runtime {
namespace {

TEST_CASE("ResolveStateDir: the flag, else the host's dir, else a fresh private one") {
  MemDisk disk;
  struct Case {
    const char* flag;
    const char* host;
    const char* want;
  };
  const std::vector<Case> cases = {
      {"/flag", "/host", "/flag"},
      {"/flag", "", "/flag"},
      {"", "/host", "/host"},
  };
  for (const Case& c : cases) {
    Env env{&disk, c.host};
    Result<std::string> dir = ResolveStateDir(env, c.flag, "test");
    REQUIRE(dir.ok());
    CHECK(*dir == c.want);
  }
  Env none{&disk, ""};
  Result<std::string> a = ResolveStateDir(none, "", "state-dir-test");
  Result<std::string> b = ResolveStateDir(none, "", "state-dir-test");
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(*a != *b);
  CHECK(std::filesystem::is_empty(*a));
  CHECK(std::filesystem::path(*a).filename().string().rfind("state-dir-test-", 0) == 0);
  std::filesystem::remove(*a);
  std::filesystem::remove(*b);
}

}  // namespace
}  // namespace runtime
