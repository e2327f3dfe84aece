#include "harness/checkers/exceptions_checker.h"

#include <algorithm>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "harness/checkers/checker_util.h"

namespace harness {

std::string ExceptionClass(std::string_view exception) {
  std::string_view cls = exception.substr(0, exception.find(':'));
  return std::string(absl::StripAsciiWhitespace(absl::string_view(cls.data(), cls.size())));
}

CheckResult CheckExceptions(const History& history) {
  struct Group {
    std::string cls;
    int64_t count = 0;
    size_t example = 0;  // position of the first op in the history
  };
  std::vector<Group> groups;  // in order of first appearance
  absl::flat_hash_map<std::string, size_t> group_of;
  for (size_t i = 0; i < history.size(); ++i) {
    const Op& op = history[i];
    if (op.type != OpType::kInfo || !op.exception) continue;
    std::string cls = ExceptionClass(*op.exception);
    auto [it, inserted] = group_of.try_emplace(cls, groups.size());
    if (inserted) groups.push_back(Group{cls, 0, i});
    ++groups[it->second].count;
  }
  // Stable: equal counts keep first-seen order, so output is deterministic.
  std::stable_sort(groups.begin(), groups.end(),
                   [](const Group& a, const Group& b) { return a.count > b.count; });
  CheckResult result;
  MapBuilder details;
  details.Add("valid?", Value::Bool(true));
  if (!groups.empty()) {
    std::vector<Value> exceptions;
    for (const Group& g : groups) {
      exceptions.push_back(MapBuilder()
                               .Add("class", Value::String(g.cls))
                               .Add("count", Value::Int(g.count))
                               .Add("example", OpToValue(history[g.example]))
                               .Build());
    }
    details.Add("exceptions", Value::Vec(std::move(exceptions)));
  }
  result.details = details.Build();
  return result;
}

}  // namespace harness
