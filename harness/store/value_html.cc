#include "harness/store/value_html.h"

#include <algorithm>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "harness/checkers/checker_util.h"
#include "harness/store/report_text.h"

namespace harness {

namespace {

constexpr size_t kMaxMapRows = 40;
constexpr size_t kMaxListItems = 20;
constexpr size_t kMaxInlineBytes = 600;
constexpr int kMaxDepth = 5;

bool IsOpLike(const Value& v) {
  return v.is_map() && v.FindKeyword("process") != nullptr && v.FindKeyword("type") != nullptr &&
         v.FindKeyword("f") != nullptr;
}

bool IsScalar(const Value& v) { return !v.is_map() && !v.is_sequence(); }

std::string Code(const Value& v, const char* cls = nullptr) {
  return absl::StrCat("<code", cls != nullptr ? absl::StrCat(" class=\"", cls, "\"") : "", ">",
                      EscapeXml(TruncateUtf8(v.ToEdn(), kMaxInlineBytes)), "</code>");
}

std::string KeyText(const Value& k) {
  return k.is_keyword() ? absl::StrCat(":", k.as_string()) : k.ToEdn();
}

}  // namespace

std::string StoreHref(std::string_view path) {
  std::string url;
  for (unsigned char c : path) {
    if (absl::ascii_isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      url += static_cast<char>(c);
    } else {
      absl::StrAppendFormat(&url, "%%%02X", c);
    }
  }
  return EscapeXml(url);
}

std::string StoreLink(std::string_view path) {
  return absl::StrCat("<a href=\"", StoreHref(path), "\">", EscapeXml(path), "</a>");
}

std::string_view ValidityWord(Validity v) {
  switch (v) {
    case Validity::kTrue:
      return "valid";
    case Validity::kFalse:
      return "invalid";
    case Validity::kUnknown:
      return "unknown";
  }
  return "unknown";
}

std::string ValidityBadge(Validity v) {
  std::string word(ValidityWord(v));
  return absl::StrCat("<span class=\"badge ", word, "\">", word, "</span>");
}

Validity ResultValidity(const Value& result) {
  const Value* valid = result.is_map() ? result.FindKeyword("valid?") : nullptr;
  return valid != nullptr ? ValidityOf(*valid) : Validity::kUnknown;
}

std::string ValueHtml::Render(const Value& v, int depth) const {
  if (v.is_string() && files_.count(v.as_string()) > 0) return StoreLink(v.as_string());
  if (IsScalar(v) || depth >= kMaxDepth || (v.is_map() && v.map_size() == 0)) return Code(v);
  if (IsOpLike(v)) {
    const Value* index = v.FindKeyword("index");
    if (index == nullptr || !index->is_int() || files_.count("timeline.html") == 0) {
      return Code(v, "op");
    }
    return absl::StrCat(Code(v, "op"), " <a class=\"to-op\" href=\"timeline.html#op-",
                        index->as_int(), "\">timeline</a>");
  }
  if (v.is_sequence()) return Sequence(v, depth);
  return Map(v, depth);
}

std::string ValueHtml::Sequence(const Value& v, int depth) const {
  const auto& items = v.items();
  if (std::all_of(items.begin(), items.end(), IsScalar)) {
    if (items.size() < 2) return Code(v);
    return absl::StrCat(Code(v), " <span class=\"count\">(", items.size(), " items)</span>");
  }
  std::string out = "<ol class=\"items\">";
  for (size_t i = 0; i < std::min(items.size(), kMaxListItems); ++i) {
    absl::StrAppend(&out, "<li>", Render(items[i], depth + 1), "</li>");
  }
  if (items.size() > kMaxListItems) {
    absl::StrAppend(&out, "<li class=\"more\">&#8230; ", items.size() - kMaxListItems,
                    " more (see results.edn)</li>");
  }
  return out + "</ol>";
}

std::string ValueHtml::Map(const Value& v, int depth) const {
  // Entries that are themselves failing results come first, so a failing
  // key among hundreds of passing ones is never cut off.
  std::vector<size_t> order(v.map_size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_partition(order.begin(), order.end(), [&](size_t i) {
    const Value& entry = v.map_value(i);
    return entry.is_map() && entry.FindKeyword("valid?") != nullptr &&
           ResultValidity(entry) != Validity::kTrue;
  });
  std::string out = "<table class=\"kv\">";
  for (size_t n = 0; n < std::min(order.size(), kMaxMapRows); ++n) {
    const Value& key = v.map_key(order[n]);
    const Value& value = v.map_value(order[n]);
    std::string cell = key.is_keyword() && key.as_string() == "valid?"
                           ? ValidityBadge(ValidityOf(value))
                           : Render(value, depth + 1);
    absl::StrAppend(&out, "<tr><th>", EscapeXml(KeyText(key)), "</th><td>", cell, "</td></tr>");
  }
  if (order.size() > kMaxMapRows) {
    absl::StrAppend(&out, "<tr><td colspan=\"2\" class=\"more\">&#8230; ",
                    order.size() - kMaxMapRows, " more entries (see results.edn)</td></tr>");
  }
  return out + "</table>";
}

}  // namespace harness
