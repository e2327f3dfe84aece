#include "nodes/txn/micro_op.h"

#include "absl/strings/str_cat.h"

namespace txn {
namespace {

using runtime::Error;
using runtime::Json;

bool IsInt64(const Json& v) {
  if (!v.is_number_integer()) return false;
  return !(v.is_number_unsigned() && v.get<uint64_t>() > uint64_t(INT64_MAX));
}

runtime::Result<MicroOp> ParseOne(const Json& op, size_t index) {
  auto where = [index](std::string_view what) { return absl::StrCat("micro-op ", index, ": ", std::string(what)); };
  if (!op.is_array() || op.size() != 3) return Error::Malformed(where("must be [f, key, value]"));
  if (!op[0].is_string()) return Error::Malformed(where("function must be a string"));
  const std::string& f = op[0].get_ref<const std::string&>();
  MicroOp out;
  if (f == "r") {
    out.kind = OpKind::kRead;
  } else if (f == "w") {
    out.kind = OpKind::kWrite;
  } else if (f == "append") {
    out.kind = OpKind::kAppend;
  } else {
    return Error::NotSupported(where(absl::StrCat("unknown function ", op[0].dump())));
  }
  if (!IsInt64(op[1])) return Error::Malformed(where("key must be an integer"));
  out.key = op[1].get<int64_t>();
  if (out.kind != OpKind::kRead) {
    if (!IsInt64(op[2])) return Error::Malformed(where("value must be an integer"));
    out.value = op[2].get<int64_t>();
  }
  return out;
}

}  // namespace

std::string_view OpName(OpKind kind) {
  switch (kind) {
    case OpKind::kRead: return "r";
    case OpKind::kWrite: return "w";
    case OpKind::kAppend: return "append";
  }
  return "?";
}

runtime::Result<std::vector<MicroOp>> ParseTxn(const Json& txn) {
  if (!txn.is_array()) return Error::Malformed("txn must be an array of micro-ops");
  if (txn.size() > kMaxTxnOps) return Error::Malformed(absl::StrCat("txn longer than ", kMaxTxnOps, " micro-ops"));
  std::vector<MicroOp> ops;
  ops.reserve(txn.size());
  for (size_t i = 0; i < txn.size(); ++i) {
    runtime::Result<MicroOp> op = ParseOne(txn[i], i);
    if (!op.ok()) return op.error();
    ops.push_back(*op);
  }
  return ops;
}

}  // namespace txn
