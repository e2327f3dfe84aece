#include "harness/sim/determinism.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "harness/store/store.h"

namespace harness {

DeterminismReport CompareRunDirs(const std::string& a, const std::string& b) {
  DeterminismReport r;
  r.compared = absl::StrJoin(DeterministicRunFiles(), ", ");
  if (a.empty() || b.empty() || a == b) {
    r.difference = "the two runs did not store separate directories";
    return r;
  }
  for (const std::string& name : DeterministicRunFiles()) {
    auto x = ReadTextFile(absl::StrCat(a, "/", name));
    auto y = ReadTextFile(absl::StrCat(b, "/", name));
    if (!x.ok() || !y.ok()) {
      r.difference = absl::StrCat(name, " is missing from ", !x.ok() ? a : b);
      return r;
    }
    if (*x == *y) continue;
    size_t at = static_cast<size_t>(
        std::mismatch(x->begin(), x->begin() + static_cast<ptrdiff_t>(std::min(x->size(), y->size())),
                      y->begin())
            .first -
        x->begin());
    size_t line = static_cast<size_t>(std::count(x->begin(), x->begin() + static_cast<ptrdiff_t>(at), '\n')) + 1;
    r.difference = absl::StrCat(name, " differs at byte ", at, " (line ", line, "): ", a, " vs ", b);
    return r;
  }
  r.identical = true;
  return r;
}

}  // namespace harness
