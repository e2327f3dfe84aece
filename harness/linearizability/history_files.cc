#include "harness/linearizability/history_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace harness::lin {
namespace {

constexpr size_t kMaxWarnings = 10;

// Debian's abseil has its own string_view type, distinct from std's.
using absl::string_view;
std::string_view Std(string_view s) { return std::string_view(s.data(), s.size()); }

void Skip(ParsedHistory& parsed, size_t line_no, string_view why) {
  ++parsed.skipped_lines;
  if (parsed.warnings.size() < kMaxWarnings) {
    parsed.warnings.push_back(absl::StrCat("line ", line_no, ": skipped: ", why));
  }
}

// The next whitespace-delimited token of `rest`, consumed from it.
string_view NextToken(string_view& rest) {
  rest = absl::StripLeadingAsciiWhitespace(rest);
  size_t end = 0;
  while (end < rest.size() && !absl::ascii_isspace(static_cast<unsigned char>(rest[end]))) ++end;
  string_view token = rest.substr(0, end);
  rest.remove_prefix(end);
  return token;
}

absl::StatusOr<Op> ParseLogLine(string_view line) {
  const size_t at = line.find("jepsen.util - ");
  if (at == string_view::npos) return absl::InvalidArgumentError("not a jepsen.util line");
  string_view rest = line.substr(at + 14);
  const string_view process = NextToken(rest);
  const string_view type = NextToken(rest);
  const string_view f = NextToken(rest);
  const string_view value_text = absl::StripAsciiWhitespace(rest);
  Op op;
  if (process == ":nemesis" || process == "nemesis") {
    op.process = kNemesisProcess;
  } else if (!absl::SimpleAtoi(process, &op.process) || op.process < 0) {
    return absl::InvalidArgumentError(absl::StrCat("bad process '", process, "'"));
  }
  const std::optional<OpType> op_type = OpTypeFromName(Std(absl::StripPrefix(type, ":")));
  if (!op_type) return absl::InvalidArgumentError(absl::StrCat("bad type '", type, "'"));
  op.type = *op_type;
  if (!absl::StartsWith(f, ":") || f.size() < 2) {
    return absl::InvalidArgumentError(absl::StrCat("bad f '", f, "'"));
  }
  op.f = std::string(f.substr(1));
  if (value_text.empty()) return absl::InvalidArgumentError("no value");
  absl::StatusOr<Value> value = Value::ParseEdn(Std(value_text));
  if (!value.ok()) return value.status();
  op.value = *std::move(value);
  return op;
}

// Lines of `text`, each with its 1-based number; blank lines are not ops
// and are not counted as skipped.
template <class Fn>
void ForEachLine(std::string_view text, Fn fn) {
  size_t line_no = 0;
  for (string_view line : absl::StrSplit(string_view(text.data(), text.size()), '\n')) {
    ++line_no;
    line = absl::StripAsciiWhitespace(line);
    if (!line.empty()) fn(line_no, line);
  }
}

}  // namespace

ParsedHistory ParseJepsenLog(std::string_view text) {
  ParsedHistory parsed;
  ForEachLine(text, [&](size_t line_no, string_view line) {
    absl::StatusOr<Op> op = ParseLogLine(line);
    if (!op.ok()) return Skip(parsed, line_no, op.status().message());
    op->index = static_cast<int64_t>(parsed.history.size());
    parsed.history.push_back(*std::move(op));
  });
  return parsed;
}

ParsedHistory ParseEdnHistory(std::string_view text) {
  ParsedHistory parsed;
  absl::StatusOr<std::vector<Value>> values = Value::ParseEdnAll(text);
  if (!values.ok()) {
    parsed.error = absl::StrCat("unreadable EDN, so no verdict on part of the history: ",
                                values.status().message());
    return parsed;
  }
  // One top-level vector (or list, which reads as a vector) of op maps is
  // the whole history; otherwise every top-level value is an op.
  const std::vector<Value>* entries = &*values;
  if (values->size() == 1 && (*values)[0].is_vector()) entries = &(*values)[0].items();
  for (size_t i = 0; i < entries->size(); ++i) {
    const Value& map = (*entries)[i];
    std::string text_of = map.ToEdn();
    if (text_of.size() > 80) text_of = absl::StrCat(text_of.substr(0, 77), "...");
    if (!map.is_map()) {
      parsed.error = absl::StrCat("EDN entry ", i, " is not an op map: ", text_of);
      parsed.history.clear();
      return parsed;
    }
    absl::StatusOr<Op> op = OpFromEdn(map);
    if (!op.ok()) {
      parsed.error = absl::StrCat("EDN entry ", i, " is not an op: ", op.status().message());
      parsed.history.clear();
      return parsed;
    }
    if (const Value* key = map.FindKeyword("key")) op->value = Value::Vec({*key, op->value});
    if (map.FindKeyword("index") == nullptr) op->index = static_cast<int64_t>(parsed.history.size());
    parsed.history.push_back(*std::move(op));
  }
  return parsed;
}

absl::StatusOr<ParsedHistory> LoadHistoryFile(const std::string& path) {
  std::error_code ec;
  std::filesystem::path file(path);
  if (std::filesystem::is_directory(file, ec)) file /= "history.edn";
  std::ifstream in(file, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", file.string()));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return absl::DataLossError(absl::StrCat("error reading ", file.string()));
  const std::string content = text.str();
  if (content.find("jepsen.util - ") != std::string::npos) return ParseJepsenLog(content);
  return ParseEdnHistory(content);
}

}  // namespace harness::lin
