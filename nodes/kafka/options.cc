#include "nodes/kafka/options.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace kafka {
namespace {

template <class T>
absl::Status ParsePositive(const std::string& flag, const char* text, T& out) {
  int64_t v = 0;
  if (text == nullptr || !absl::SimpleAtoi(text, &v) || v <= 0) {
    return absl::InvalidArgumentError(absl::StrCat(flag, " needs a positive integer"));
  }
  out = T(v);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Options> ParseOptions(const std::vector<std::string>& args) {
  Options o;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& flag = args[i];
    const char* value = i + 1 < args.size() ? args[i + 1].c_str() : nullptr;
    absl::Status st;
    if (flag == "--mode") {
      if (value != nullptr && std::string(value) == "owner") {
        o.mode = Options::Mode::kOwner;
      } else if (value != nullptr && std::string(value) == "linkv") {
        o.mode = Options::Mode::kLinKv;
      } else {
        return absl::InvalidArgumentError("--mode needs owner or linkv");
      }
    } else if (flag == "--dir") {
      if (value == nullptr || *value == '\0') return absl::InvalidArgumentError("--dir needs a directory");
      o.dir = value;
    } else if (flag == "--sync-ms") {
      st = ParsePositive(flag, value, o.sync_ms);
    } else if (flag == "--forward-timeout-ms") {
      st = ParsePositive(flag, value, o.forward_timeout_ms);
    } else if (flag == "--suspect-ms") {
      st = ParsePositive(flag, value, o.suspect_ms);
    } else if (flag == "--segment-bytes") {
      st = ParsePositive(flag, value, o.segment_bytes);
    } else {
      return absl::InvalidArgumentError(absl::StrCat("unknown flag ", flag));
    }
    if (!st.ok()) return st;
    ++i;
  }
  return o;
}

}  // namespace kafka
