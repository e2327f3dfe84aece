// TestDisk (tests only): a runtime::Disk and a fresh, existing directory on
// it, either real files under the system temp dir (removed at the end) or a
// MemDisk (its `mem` set, for crash and fault tests), so a storage test can
// run table-driven over both.
#ifndef RUNTIME_TEST_DISK_H_
#define RUNTIME_TEST_DISK_H_

#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "runtime/check.h"
#include "runtime/disk.h"
#include "runtime/mem_disk.h"

namespace runtime {

struct TestDisk {
  explicit TestDisk(bool posix, const std::string& prefix = "kit-test") {
    if (posix) {
      disk = NewPosixDisk();
      dir = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
      KIT_CHECK(::mkdtemp(dir.data()) != nullptr);
    } else {
      auto m = std::make_unique<MemDisk>();
      mem = m.get();
      disk = std::move(m);
      dir = "state";
      KIT_CHECK(disk->CreateDir(dir).ok());
    }
  }
  ~TestDisk() {
    if (mem == nullptr) std::filesystem::remove_all(dir);
  }
  TestDisk(const TestDisk&) = delete;
  TestDisk& operator=(const TestDisk&) = delete;

  std::unique_ptr<Disk> disk;
  MemDisk* mem = nullptr;  // set on a MemDisk
  std::string dir;
};

}  // namespace runtime

#endif  // RUNTIME_TEST_DISK_H_
