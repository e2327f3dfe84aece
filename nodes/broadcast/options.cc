#include "nodes/broadcast/options.h"

#include <charconv>

#include "absl/strings/str_cat.h"

namespace broadcast {
namespace {

runtime::Error Bad(const std::string& what) { return runtime::Error::Malformed(what); }

bool ParseMillis(const std::string& text, runtime::Duration* out) {
  int64_t ms = -1;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), ms);
  if (ec != std::errc() || end != text.data() + text.size() || ms < 0) return false;
  *out = std::chrono::milliseconds(ms);
  return true;
}

}  // namespace

runtime::Result<Options> ParseOptions(const std::vector<std::string>& args) {
  Options options;
  bool flush_given = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& flag = args[i];
    if (i + 1 >= args.size()) return Bad(absl::StrCat(flag, " needs a value"));
    const std::string& value = args[++i];
    runtime::Duration* target = nullptr;
    if (flag == "--mode") {
      if (value == "fanout") {
        options.mode = Mode::kFanout;
      } else if (value == "tree") {
        options.mode = Mode::kTree;
      } else {
        return Bad(absl::StrCat("unknown mode ", value));
      }
      continue;
    }
    if (flag == "--flush-ms") {
      target = &options.flush;
      flush_given = true;
    } else if (flag == "--lead-ms") {
      target = &options.leaf_lead;
    } else if (flag == "--ack-delay-ms") {
      target = &options.ack_delay;
    } else if (flag == "--resend-ms") {
      target = &options.resend;
    } else {
      return Bad(absl::StrCat("unknown flag ", flag));
    }
    if (!ParseMillis(value, target)) return Bad(absl::StrCat(flag, " wants milliseconds, got ", value));
  }
  if (options.mode == Mode::kTree && !flush_given) options.flush = std::chrono::milliseconds(400);
  if (options.mode == Mode::kTree && options.flush <= runtime::Duration::zero()) {
    return Bad("--mode tree needs --flush-ms > 0");
  }
  if (options.resend <= runtime::Duration::zero()) return Bad("--resend-ms must be > 0");
  if (options.leaf_lead >= options.flush && options.leaf_lead > runtime::Duration::zero()) {
    return Bad("--lead-ms must be below --flush-ms");
  }
  return options;
}

}  // namespace broadcast
