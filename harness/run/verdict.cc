#include "harness/run/verdict.h"

#include "absl/strings/str_cat.h"

namespace harness {

std::string VerdictSentence(Validity v) {
  switch (v) {
    case Validity::kTrue:
      return "Everything looks good! ヽ(‘ー`)ノ";
    case Validity::kFalse:
      return "Analysis invalid! (ﾉಥ益ಥ）ﾉ ┻━┻";
    case Validity::kUnknown:
      return "Errors occurred during analysis, but no anomalies found. ಠ~ಠ";
  }
  return "";
}

void PrintVerdict(const Analysis& analysis, const History& history, const std::string& store_dir,
                  RunLog& log) {
  int64_t ok = 0, fail = 0, info = 0;
  for (const Op& op : history) {
    if (!op.is_client()) continue;
    if (op.type == OpType::kOk) ++ok;
    if (op.type == OpType::kFail) ++fail;
    if (op.type == OpType::kInfo) ++info;
  }
  if (analysis.valid != Validity::kTrue) {
    for (const std::string& line : analysis.report) log.Info(absl::StrCat("  ", line));
  }
  log.Info(VerdictSentence(analysis.valid));
  const char* v = analysis.valid == Validity::kTrue    ? "true"
                  : analysis.valid == Validity::kFalse ? "false"
                                                       : "unknown";
  log.Info(absl::StrCat("RESULT valid=", v, " ops=", ok + fail + info, " ok=", ok, " fail=", fail,
                        " info=", info, " store=", store_dir));
}

}  // namespace harness
