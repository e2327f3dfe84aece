#include "harness/linearizability/search_op.h"

#include <cstdio>
#include <cstdlib>

namespace harness::lin {

bool RegisterModel::Step(State s, const SearchOp& op, State* next) const {
  switch (op.kind) {
    case OpKind::kRead:
      *next = s;
      return op.a == s || (nil_read_passes && op.a == kNil);
    case OpKind::kWrite:
      *next = op.a;
      return true;
    case OpKind::kCas:
      *next = op.b;
      return s == op.a;
    default:
      std::fprintf(stderr, "RegisterModel: kv op kind %d\n", static_cast<int>(op.kind));
      std::abort();
  }
}

StringTable::StringTable() { Intern(""); }

int64_t StringTable::Intern(std::string_view s) {
  auto [it, inserted] = ids_.try_emplace(std::string(s), static_cast<int64_t>(strings_.size()));
  if (inserted) strings_.emplace_back(s);
  return it->second;
}

const std::string& StringTable::Get(int64_t id) const {
  if (id < 0 || static_cast<size_t>(id) >= strings_.size()) {
    std::fprintf(stderr, "StringTable::Get: bad id %lld\n", static_cast<long long>(id));
    std::abort();
  }
  return strings_[static_cast<size_t>(id)];
}

bool KvModel::Step(State s, const SearchOp& op, State* next) {
  switch (op.kind) {
    case OpKind::kGet:
      *next = s;
      return op.a == s;
    case OpKind::kPut:
      *next = op.a;
      return true;
    case OpKind::kAppend: {
      auto [it, inserted] = appended_.try_emplace({s, op.a}, 0);
      if (inserted) it->second = table_->Intern(table_->Get(s) + table_->Get(op.a));
      *next = it->second;
      return true;
    }
    default:
      std::fprintf(stderr, "KvModel: register op kind %d\n", static_cast<int>(op.kind));
      std::abort();
  }
}

}  // namespace harness::lin
