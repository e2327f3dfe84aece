// HTML pieces of a run's front page (index_html.h) that know no checker:
// links to store files, validity badges, and ValueHtml, which renders any
// results value generically. Maps become two-column tables whose entries
// with a :valid? that is not true come first; a map shaped like an op
// (:process, :type and :f) is one line of EDN, followed by a link to its
// box in timeline.html when it has an :index and the store has the
// timeline (timeline_html.h anchors); collections of scalars are
// one line of EDN; any string naming a store file becomes a link. Bounded:
// at most 40 rows a map, 20 items a list, 600 bytes of EDN a line, 5
// levels deep; what is cut says how much and points to results.edn. Every
// string is escaped (report_text.h EscapeXml). Thread-compatible.
#ifndef HARNESS_STORE_VALUE_HTML_H_
#define HARNESS_STORE_VALUE_HTML_H_

#include <functional>
#include <set>
#include <string>
#include <string_view>

#include "harness/checkers/analysis.h"
#include "harness/history/value.h"

namespace harness {

// A relative URL for a path in the store, percent-encoded (a lin-kv key may
// name a directory) and escaped for an attribute.
std::string StoreHref(std::string_view path);
// <a href="path">path</a>
std::string StoreLink(std::string_view path);

// "valid", "invalid" or "unknown": a CSS class and the word shown.
std::string_view ValidityWord(Validity v);
// <span class="badge invalid">invalid</span>
std::string ValidityBadge(Validity v);
// A checker result's :valid?; unknown when it is not a map or has none.
Validity ResultValidity(const Value& result);

class ValueHtml {
 public:
  // `store_files`: paths relative to the run directory; must outlive this.
  explicit ValueHtml(const std::set<std::string, std::less<>>& store_files) : files_(store_files) {}
  std::string Render(const Value& v, int depth = 0) const;

 private:
  std::string Sequence(const Value& v, int depth) const;
  std::string Map(const Value& v, int depth) const;

  const std::set<std::string, std::less<>>& files_;
};

}  // namespace harness

#endif  // HARNESS_STORE_VALUE_HTML_H_
