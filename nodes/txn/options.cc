#include "nodes/txn/options.h"

#include <charconv>
#include <cstdint>

#include "absl/strings/str_cat.h"

namespace txn {
namespace {

bool ParsePositive(const std::string& text, int64_t* out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size() && *out > 0;
}

}  // namespace

runtime::Result<Options> ParseOptions(const std::vector<std::string>& args) {
  Options options;
  for (size_t i = 0; i < args.size(); i += 2) {
    const std::string& flag = args[i];
    if (i + 1 >= args.size()) return runtime::Error::Malformed(absl::StrCat(flag, " needs a value"));
    int64_t n = 0;
    if (!ParsePositive(args[i + 1], &n)) {
      return runtime::Error::Malformed(absl::StrCat(flag, " wants a positive number, got ", args[i + 1]));
    }
    auto ms = std::chrono::milliseconds(n);
    if (flag == "--tick-ms") {
      options.tick = ms;
    } else if (flag == "--heartbeat-ms") {
      options.heartbeat = ms;
    } else if (flag == "--suspect-ms") {
      options.suspect = ms;
    } else if (flag == "--resend-ms") {
      options.resend = ms;
    } else if (flag == "--resend-max-ms") {
      options.resend_max = ms;
    } else if (flag == "--max-batch-writes") {
      options.max_batch_writes = size_t(n);
    } else if (flag == "--max-log-records") {
      options.max_log_records = size_t(n);
    } else {
      return runtime::Error::Malformed(absl::StrCat("unknown flag ", flag));
    }
  }
  if (options.resend_max < options.resend) options.resend_max = options.resend;
  return options;
}

}  // namespace txn
