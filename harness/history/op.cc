// Op <-> EDN and Maelstrom's history.txt lines.
#include "harness/history/op.h"

#include <array>

#include "absl/strings/str_cat.h"

namespace harness {
namespace {

constexpr std::array<std::string_view, 4> kOpTypeNames = {"invoke", "ok", "fail", "info"};

void AppendProcess(std::string& out, int64_t process) {
  if (process == kNemesisProcess) {
    out += ":nemesis";
  } else {
    out += std::to_string(process);
  }
}

// "<class>: <cause>" from Jepsen's Throwable->map ({:via [{:type C ...}]
// :cause "..."}); any other value is kept as its EDN text.
std::string ExceptionText(const Value& ex) {
  if (ex.is_string()) return ex.as_string();
  std::string cls;
  if (const Value* via = ex.FindKeyword("via"); via && via->is_vector() && !via->items().empty()) {
    if (const Value* type = via->items()[0].FindKeyword("type")) {
      cls = type->is_keyword() || type->is_string() ? type->as_string() : type->ToEdn();
    }
  }
  const Value* cause = ex.FindKeyword("cause");
  if (cls.empty()) return ex.ToEdn();
  if (cause == nullptr || cause->is_nil()) return cls;
  return absl::StrCat(cls, ": ", cause->is_string() ? cause->as_string() : cause->ToEdn());
}

absl::Status FieldError(std::string_view field, std::string_view problem, const Value& map) {
  std::string text = map.ToEdn();
  if (text.size() > 200) text = absl::StrCat(text.substr(0, 200), "...");
  return absl::InvalidArgumentError(
      absl::StrCat("op ", std::string(field), " ", std::string(problem), ": ", text));
}

}  // namespace

std::string_view OpTypeName(OpType t) { return kOpTypeNames[static_cast<size_t>(t)]; }

std::optional<OpType> OpTypeFromName(std::string_view name) {
  for (size_t i = 0; i < kOpTypeNames.size(); ++i) {
    if (kOpTypeNames[i] == name) return static_cast<OpType>(i);
  }
  return std::nullopt;
}

std::string OpToEdn(const Op& op) {
  std::string out = absl::StrCat("{:index ", op.index, ", :time ", op.time_ns,
                                 ", :type :", std::string(OpTypeName(op.type)), ", :process ");
  AppendProcess(out, op.process);
  absl::StrAppend(&out, ", :f :", op.f, ", :value ");
  op.value.AppendEdn(out);
  if (op.error) {
    out += ", :error ";
    op.error->AppendEdn(out);
  }
  if (op.exception) {
    out += ", :exception ";
    Value::String(*op.exception).AppendEdn(out);
  }
  if (op.final) out += ", :final? true";
  out += '}';
  return out;
}

std::string OpToText(const Op& op) {
  std::string out;
  AppendProcess(out, op.process);
  absl::StrAppend(&out, "\t:", std::string(OpTypeName(op.type)), "\t:", op.f, "\t");
  op.value.AppendEdn(out);
  if (op.error) {
    out += '\t';
    op.error->AppendEdn(out);
  }
  return out;
}

absl::StatusOr<Op> OpFromEdn(const Value& map) {
  if (!map.is_map()) return FieldError("entry", "is not a map", map);
  Op op;
  if (const Value* index = map.FindKeyword("index"); index && !index->is_nil()) {
    if (!index->is_int()) return FieldError(":index", "is not an integer", map);
    op.index = index->as_int();
  }
  if (const Value* time = map.FindKeyword("time"); time && !time->is_nil()) {
    if (!time->is_int()) return FieldError(":time", "is not an integer", map);
    op.time_ns = time->as_int();
  }
  const Value* type = map.FindKeyword("type");
  if (type == nullptr || !type->is_keyword()) return FieldError(":type", "missing", map);
  std::optional<OpType> t = OpTypeFromName(type->as_string());
  if (!t) return FieldError(":type", "unknown", map);
  op.type = *t;
  const Value* process = map.FindKeyword("process");
  if (process == nullptr) return FieldError(":process", "missing", map);
  if (process->is_int()) {
    op.process = process->as_int();
    if (op.process == kNemesisProcess) return FieldError(":process", "is -1", map);
  } else if (process->is_keyword()) {
    op.process = kNemesisProcess;
  } else {
    return FieldError(":process", "is neither an integer nor a keyword", map);
  }
  const Value* f = map.FindKeyword("f");
  if (f == nullptr || !(f->is_keyword() || f->is_string())) return FieldError(":f", "missing", map);
  op.f = f->as_string();
  if (const Value* value = map.FindKeyword("value")) op.value = *value;
  if (const Value* error = map.FindKeyword("error"); error && !error->is_nil()) op.error = *error;
  if (const Value* ex = map.FindKeyword("exception"); ex && !ex->is_nil()) {
    op.exception = ExceptionText(*ex);
  }
  if (const Value* final = map.FindKeyword("final?")) {
    op.final = final->kind() == Value::Kind::kBool && final->as_bool();
  }
  return op;
}

absl::StatusOr<History> HistoryFromEdn(std::string_view text) {
  absl::StatusOr<std::vector<Value>> values = Value::ParseEdnAll(text);
  if (!values.ok()) return values.status();
  const std::vector<Value>* entries = &*values;
  if (values->size() == 1 && (*values)[0].is_vector()) entries = &(*values)[0].items();
  History history;
  history.reserve(entries->size());
  for (size_t i = 0; i < entries->size(); ++i) {
    absl::StatusOr<Op> op = OpFromEdn((*entries)[i]);
    if (!op.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("history entry ", i, ": ", op.status().message()));
    }
    if ((*entries)[i].FindKeyword("index") == nullptr) op->index = static_cast<int64_t>(i);
    history.push_back(*std::move(op));
  }
  return history;
}

}  // namespace harness
