#include "runtime/verified_read.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "runtime/check.h"

namespace runtime {

absl::StatusOr<VerifiedRead> ReadFileVerified(Disk& disk, const std::string& path,
                                              absl::FunctionRef<size_t(std::string_view)> scan, int max_reads) {
  KIT_CHECK(max_reads >= 2);
  // Every read so far, to find two alike; at most max_reads files' worth.
  std::vector<std::string> seen;
  for (int read = 1; read <= max_reads; ++read) {
    absl::StatusOr<uint64_t> size = disk.FileSize(path);
    if (!size.ok()) return size.status();
    absl::StatusOr<std::string> bytes = disk.ReadAt(path, 0, size_t(*size));
    if (!bytes.ok()) return bytes.status();
    const size_t good = scan(*bytes);
    KIT_CHECK(good <= bytes->size());
    if (good == bytes->size()) return VerifiedRead{std::move(*bytes), good, read};
    for (const std::string& earlier : seen) {
      if (earlier == *bytes) return VerifiedRead{std::move(*bytes), good, read};
    }
    seen.push_back(std::move(*bytes));
  }
  return absl::DataLossError(absl::StrCat(path, ": ", max_reads,
                                          " reads disagree and none checks out (a failing disk?)"));
}

}  // namespace runtime
