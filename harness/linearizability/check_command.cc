#include "harness/linearizability/check_command.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "harness/elle/txn_check_command.h"
#include "harness/linearizability/checker.h"
#include "harness/linearizability/history_files.h"

namespace harness {
namespace {

constexpr int kUsageError = 254;

struct Flags {
  lin::CheckOptions options;
  std::optional<std::string> svg_dir;
  std::vector<std::string> files;
};

void PrintUsage(std::ostream& err) {
  err << "usage: harness check --model cas-register|kv [--nil-reads pass|strict]\n"
         "       (--model txn-rw-register|txn-list-append: see harness check --model txn-rw-register)\n"
         "                     [--time-limit-s N] [--svg-dir DIR] FILE...\n"
         "FILE: a Jepsen log, an EDN history, or a run's store directory.\n"
         "exit: 0 linearizable, 1 not, 2 unknown (worst over files)\n";
}

// On success fills *flags; otherwise prints what is wrong and returns false.
bool ParseFlags(const std::vector<std::string>& args, Flags* flags, std::ostream& err) {
  bool have_model = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.empty() || a[0] != '-') {
      flags->files.push_back(a);
      continue;
    }
    if (a != "--model" && a != "--nil-reads" && a != "--time-limit-s" && a != "--svg-dir") {
      err << "harness check: unknown flag " << a << "\n";
      return false;
    }
    if (i + 1 >= args.size()) {
      err << "harness check: flag " << a << " needs a value\n";
      return false;
    }
    const std::string& v = args[++i];
    if (a == "--model") {
      if (v == "cas-register") {
        flags->options.model = lin::ModelKind::kCasRegister;
      } else if (v == "kv") {
        flags->options.model = lin::ModelKind::kKv;
      } else {
        err << "harness check: --model must be cas-register or kv, not '" << v << "'\n";
        return false;
      }
      have_model = true;
    } else if (a == "--nil-reads") {
      if (v != "pass" && v != "strict") {
        err << "harness check: --nil-reads must be pass or strict, not '" << v << "'\n";
        return false;
      }
      flags->options.nil_read_passes = v == "pass";
    } else if (a == "--time-limit-s") {
      double seconds = 0;
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), seconds);
      if (ec != std::errc() || end != v.data() + v.size() || !(seconds > 0) || seconds > 1e6) {
        err << "harness check: --time-limit-s must be a positive number of seconds, not '" << v
            << "'\n";
        return false;
      }
      flags->options.time_limit = std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000));
    } else {
      flags->svg_dir = v;
    }
  }
  if (!have_model) {
    err << "harness check: flag --model is required\n";
    return false;
  }
  if (flags->files.empty()) {
    err << "harness check: no FILE given\n";
    return false;
  }
  return true;
}

std::string SafeName(std::string s) {
  for (char& c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') c = '_';
  }
  return s;
}

void WriteSvgs(const std::string& dir, const std::string& file, CheckResult& result,
               std::ostream& out, std::ostream& err) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  const std::string stem = SafeName(std::filesystem::path(file).filename().string());
  for (const auto& [key, svg] : lin::TakeLinearSvgs(&result)) {
    const std::filesystem::path path =
        std::filesystem::path(dir) / absl::StrCat(stem, "-", SafeName(key.ToEdn()), ".svg");
    std::ofstream f(path);
    f << svg;
    if (f) {
      out << "  picture: " << path.string() << "\n";
    } else {
      err << "harness check: cannot write " << path.string() << "\n";
    }
  }
}

// The :f values each model reads; a history with none of them has nothing
// to check, and "linearizable (0 keys)" would be silently wrong.
std::vector<std::string> ModelFs(lin::ModelKind model) {
  if (model == lin::ModelKind::kCasRegister) return {"read", "write", "cas"};
  return {"get", "put", "append"};
}

// Empty when the history has an op the model understands; else why not.
std::string NothingToCheck(const History& history, lin::ModelKind model) {
  const std::vector<std::string> fs = ModelFs(model);
  std::set<std::string> seen;
  for (const Op& op : history) {
    if (!op.is_client()) continue;
    if (std::find(fs.begin(), fs.end(), op.f) != fs.end()) return "";
    seen.insert(op.f);
  }
  std::string model_name = model == lin::ModelKind::kCasRegister ? "cas-register" : "kv";
  std::string why = absl::StrCat("no operation the ", model_name, " model understands (:f ",
                                 absl::StrJoin(fs, ", "), ")");
  if (seen.empty()) return absl::StrCat(why, "; the history has no client operations");
  absl::StrAppend(&why, "; the history's client ops are :f ", absl::StrJoin(seen, ", "));
  bool other_fits = false;
  for (const std::string& f : ModelFs(model == lin::ModelKind::kKv ? lin::ModelKind::kCasRegister
                                                                   : lin::ModelKind::kKv)) {
    other_fits = other_fits || seen.contains(f);
  }
  if (other_fits) {
    absl::StrAppend(&why, " (try --model ", model == lin::ModelKind::kKv ? "cas-register" : "kv",
                    ")");
  }
  return why;
}

Validity CheckFile(const Flags& flags, const std::string& file, std::ostream& out,
                   std::ostream& err) {
  absl::StatusOr<lin::ParsedHistory> parsed = lin::LoadHistoryFile(file);
  if (!parsed.ok()) {
    out << file << ": unknown: " << parsed.status().message() << "\n";
    return Validity::kUnknown;
  }
  if (parsed->error) {
    out << file << ": unknown: " << *parsed->error << "\n";
    return Validity::kUnknown;
  }
  if (parsed->skipped_lines > 0) {
    err << file << ": skipped " << parsed->skipped_lines << " lines that are not ops\n";
    for (const std::string& w : parsed->warnings) err << "  " << w << "\n";
  }
  if (std::string why = NothingToCheck(parsed->history, flags.options.model); !why.empty()) {
    out << file << ": unknown: " << why << "\n";
    return Validity::kUnknown;
  }
  CheckResult result = lin::CheckHistory(parsed->history, flags.options);
  const Value* ms = result.details.FindKeyword("check-time-ms");
  const Value* keys = result.details.FindKeyword("key-count");
  const std::string facts = absl::StrCat(" (", parsed->history.size(), " events, ",
                                         keys ? keys->as_int() : 0, " keys, ",
                                         ms ? ms->ToEdn() : "?", " ms)");
  switch (result.valid) {
    case Validity::kTrue: out << file << ": linearizable" << facts << "\n"; break;
    case Validity::kFalse: out << file << ": NOT linearizable" << facts << "\n"; break;
    case Validity::kUnknown: out << file << ": unknown" << facts << "\n"; break;
  }
  for (const std::string& line : result.anomalies) out << "  " << line << "\n";
  if (flags.svg_dir) WriteSvgs(*flags.svg_dir, file, result, out, err);
  return result.valid;
}

}  // namespace

int RunCheckCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  // txn models are Elle's analysis, not a linearizability search.
  if (elle::IsTxnCheck(args)) return elle::RunTxnCheckCommand(args, out, err);
  Flags flags;
  if (!ParseFlags(args, &flags, err)) {
    PrintUsage(err);
    return kUsageError;
  }
  Validity worst = Validity::kTrue;
  for (const std::string& file : flags.files) {
    const Validity v = CheckFile(flags, file, out, err);
    if (static_cast<int>(v) > static_cast<int>(worst)) worst = v;
  }
  switch (worst) {
    case Validity::kTrue: return 0;
    case Validity::kFalse: return 1;
    case Validity::kUnknown: break;
  }
  return 2;
}

int RunCheckCommand(const std::vector<std::string>& args) {
  return RunCheckCommand(args, std::cout, std::cerr);
}

}  // namespace harness
