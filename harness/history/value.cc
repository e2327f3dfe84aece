// Value: construction, checked access, the total order, EDN printing and the
// JSON bridge. The EDN reader lives in edn_reader.cc.
#include "harness/history/value.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <numeric>

#include "absl/strings/str_format.h"

namespace harness {
namespace {

// Accessor preconditions are programmer errors: always on, stop the process.
#define VALUE_CHECK(cond)                                                                 \
  do {                                                                                    \
    if (!(cond)) {                                                                        \
      std::fprintf(stderr, "%s:%d: Value check failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                       \
    }                                                                                     \
  } while (0)

// Map entries sorted by key, so that two maps with the same entries in a
// different order compare equal.
std::vector<size_t> SortedEntryOrder(const std::vector<Value>& kv) {
  std::vector<size_t> order(kv.size() / 2);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return kv[2 * a] < kv[2 * b]; });
  return order;
}

// Java's Double.toString layout, which Clojure's printer uses: plain decimal
// for 1e-3 <= |d| < 1e7, otherwise d.dddE[-]n; always a '.' in the mantissa.
void AppendDouble(std::string& out, double d) {
  if (std::isnan(d)) {
    out += "##NaN";
    return;
  }
  if (std::isinf(d)) {
    out += d > 0 ? "##Inf" : "##-Inf";
    return;
  }
  char buf[64];
  double a = std::fabs(d);
  if (a == 0 || (a >= 1e-3 && a < 1e7)) {
    auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
    std::string s(buf, r.ptr);
    if (s.find('.') == std::string::npos) s += ".0";
    out += s;
    return;
  }
  auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string s(buf, r.ptr);  // "1.5e+10", "1e-05"
  size_t e = s.find('e');
  std::string mantissa = s.substr(0, e);
  if (mantissa.find('.') == std::string::npos) mantissa += ".0";
  int exponent = std::atoi(s.c_str() + e + 1);
  out += mantissa;
  out += 'E';
  out += std::to_string(exponent);
}

void AppendEdnString(std::string& out, const std::string& s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\b':
        out += "\\b";
        break;
      default:
        // Clojure prints other control characters raw; we escape them so a
        // history line stays one line, and the reader reads them back.
        if (c < 0x20 || c == 0x7f) {
          out += absl::StrFormat("\\u%04x", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

}  // namespace

Value Value::Bool(bool b) {
  Value v;
  v.kind_ = Kind::kBool;
  v.bool_ = b;
  return v;
}

Value Value::Int(int64_t i) {
  Value v;
  v.kind_ = Kind::kInt;
  v.int_ = i;
  return v;
}

Value Value::Double(double d) {
  Value v;
  v.kind_ = Kind::kDouble;
  v.double_ = d;
  return v;
}

Value Value::String(std::string s) {
  Value v;
  v.kind_ = Kind::kString;
  v.string_ = std::move(s);
  return v;
}

Value Value::Keyword(std::string name) {
  Value v;
  v.kind_ = Kind::kKeyword;
  v.string_ = std::move(name);
  return v;
}

Value Value::Vec(std::vector<Value> items) {
  Value v;
  v.kind_ = Kind::kVector;
  v.items_ = std::move(items);
  return v;
}

Value Value::Map(std::vector<std::pair<Value, Value>> entries) {
  Value v;
  v.kind_ = Kind::kMap;
  v.items_.reserve(entries.size() * 2);
  // Position of each key's entry in items_, so a later duplicate replaces the
  // earlier value in place; ordered by the total order, n log n overall.
  std::map<Value, size_t> position;
  for (auto& [k, val] : entries) {
    auto it = position.find(k);
    if (it != position.end()) {
      v.items_[it->second + 1] = std::move(val);
      continue;
    }
    position.emplace(k, v.items_.size());
    v.items_.push_back(std::move(k));
    v.items_.push_back(std::move(val));
  }
  return v;
}

Value Value::Set(std::vector<Value> items) {
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  Value v;
  v.kind_ = Kind::kSet;
  v.items_ = std::move(items);
  return v;
}

bool Value::as_bool() const {
  VALUE_CHECK(kind_ == Kind::kBool);
  return bool_;
}

int64_t Value::as_int() const {
  VALUE_CHECK(kind_ == Kind::kInt);
  return int_;
}

double Value::as_double() const {
  VALUE_CHECK(kind_ == Kind::kDouble);
  return double_;
}

const std::string& Value::as_string() const {
  VALUE_CHECK(kind_ == Kind::kString || kind_ == Kind::kKeyword);
  return string_;
}

const std::vector<Value>& Value::items() const {
  VALUE_CHECK(kind_ == Kind::kVector || kind_ == Kind::kSet);
  return items_;
}

size_t Value::map_size() const {
  VALUE_CHECK(kind_ == Kind::kMap);
  return items_.size() / 2;
}

const Value& Value::map_key(size_t i) const {
  VALUE_CHECK(kind_ == Kind::kMap);
  VALUE_CHECK(i < items_.size() / 2);
  return items_[2 * i];
}

const Value& Value::map_value(size_t i) const {
  VALUE_CHECK(kind_ == Kind::kMap);
  VALUE_CHECK(i < items_.size() / 2);
  return items_[2 * i + 1];
}

const Value* Value::Find(const Value& key) const {
  if (kind_ != Kind::kMap) return nullptr;
  for (size_t i = 0; i < items_.size(); i += 2) {
    if (items_[i] == key) return &items_[i + 1];
  }
  return nullptr;
}

const Value* Value::FindKeyword(std::string_view name) const {
  if (kind_ != Kind::kMap) return nullptr;
  for (size_t i = 0; i < items_.size(); i += 2) {
    if (items_[i].kind_ == Kind::kKeyword && items_[i].string_ == name) return &items_[i + 1];
  }
  return nullptr;
}

std::strong_ordering operator<=>(const Value& a, const Value& b) {
  using K = Value::Kind;
  if (a.kind_ != b.kind_) return a.kind_ <=> b.kind_;
  switch (a.kind_) {
    case K::kNil:
      return std::strong_ordering::equal;
    case K::kBool:
      return a.bool_ <=> b.bool_;
    case K::kInt:
      return a.int_ <=> b.int_;
    case K::kDouble:
      return std::strong_order(a.double_, b.double_);
    case K::kString:
    case K::kKeyword:
      return a.string_.compare(b.string_) <=> 0;
    case K::kVector:
    case K::kSet:
      return std::lexicographical_compare_three_way(a.items_.begin(), a.items_.end(),
                                                    b.items_.begin(), b.items_.end());
    case K::kMap: {
      if (auto c = a.items_.size() <=> b.items_.size(); c != 0) return c;
      std::vector<size_t> oa = SortedEntryOrder(a.items_);
      std::vector<size_t> ob = SortedEntryOrder(b.items_);
      for (size_t i = 0; i < oa.size(); ++i) {
        if (auto c = a.items_[2 * oa[i]] <=> b.items_[2 * ob[i]]; c != 0) return c;
        if (auto c = a.items_[2 * oa[i] + 1] <=> b.items_[2 * ob[i] + 1]; c != 0) return c;
      }
      return std::strong_ordering::equal;
    }
  }
  return std::strong_ordering::equal;
}

std::string Value::ToEdn() const {
  std::string out;
  AppendEdn(out);
  return out;
}

void Value::AppendEdn(std::string& out) const {
  switch (kind_) {
    case Kind::kNil:
      out += "nil";
      return;
    case Kind::kBool:
      out += bool_ ? "true" : "false";
      return;
    case Kind::kInt:
      out += std::to_string(int_);
      return;
    case Kind::kDouble:
      AppendDouble(out, double_);
      return;
    case Kind::kString:
      AppendEdnString(out, string_);
      return;
    case Kind::kKeyword:
      out += ':';
      out += string_;
      return;
    case Kind::kVector:
    case Kind::kSet:
      out += kind_ == Kind::kSet ? "#{" : "[";
      for (size_t i = 0; i < items_.size(); ++i) {
        if (i > 0) out += ' ';
        items_[i].AppendEdn(out);
      }
      out += kind_ == Kind::kSet ? "}" : "]";
      return;
    case Kind::kMap:
      out += '{';
      for (size_t i = 0; i < items_.size(); i += 2) {
        if (i > 0) out += ", ";
        items_[i].AppendEdn(out);
        out += ' ';
        items_[i + 1].AppendEdn(out);
      }
      out += '}';
      return;
  }
}

nlohmann::json Value::ToJson() const {
  switch (kind_) {
    case Kind::kNil:
      return nullptr;
    case Kind::kBool:
      return bool_;
    case Kind::kInt:
      return int_;
    case Kind::kDouble:
      return double_;  // NaN and infinities print as null
    case Kind::kString:
    case Kind::kKeyword:
      return string_;
    case Kind::kVector:
    case Kind::kSet: {
      nlohmann::json arr = nlohmann::json::array();
      for (const Value& v : items_) arr.push_back(v.ToJson());
      return arr;
    }
    case Kind::kMap: {
      // An object when every key is a string, keyword or number (numbers
      // named by their EDN text, as Jepsen's JSON writer names them:
      // {0.5 12} -> {"0.5": 12}) and no two keys share a name ("a" and :a
      // would collide); otherwise [[k, v], ...].
      nlohmann::json obj = nlohmann::json::object();
      bool as_object = true;
      for (size_t i = 0; i < items_.size() && as_object; i += 2) {
        const Value& k = items_[i];
        std::string name;
        if (k.kind_ == Kind::kString || k.kind_ == Kind::kKeyword) {
          name = k.string_;
        } else if (k.kind_ == Kind::kInt || k.kind_ == Kind::kDouble) {
          name = k.ToEdn();
        } else {
          as_object = false;
          break;
        }
        as_object = !obj.contains(name);
        if (as_object) obj[name] = items_[i + 1].ToJson();
      }
      if (as_object) return obj;
      nlohmann::json pairs = nlohmann::json::array();
      for (size_t i = 0; i < items_.size(); i += 2) {
        pairs.push_back(nlohmann::json::array({items_[i].ToJson(), items_[i + 1].ToJson()}));
      }
      return pairs;
    }
  }
  return nullptr;
}

Value Value::FromJson(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::boolean:
      return Bool(j.get<bool>());
    case nlohmann::json::value_t::number_integer:
      return Int(j.get<int64_t>());
    case nlohmann::json::value_t::number_unsigned: {
      uint64_t u = j.get<uint64_t>();
      // Beyond int64 Clojure would read a BigInt; a double keeps the magnitude.
      if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        return Double(static_cast<double>(u));
      }
      return Int(static_cast<int64_t>(u));
    }
    case nlohmann::json::value_t::number_float:
      return Double(j.get<double>());
    case nlohmann::json::value_t::string:
      return String(j.get<std::string>());
    case nlohmann::json::value_t::array: {
      std::vector<Value> items;
      items.reserve(j.size());
      for (const auto& e : j) items.push_back(FromJson(e));
      return Vec(std::move(items));
    }
    case nlohmann::json::value_t::object: {
      std::vector<std::pair<Value, Value>> entries;
      entries.reserve(j.size());
      for (auto it = j.begin(); it != j.end(); ++it) {
        entries.emplace_back(String(it.key()), FromJson(it.value()));
      }
      return Map(std::move(entries));
    }
    default:  // null, discarded, binary
      return Value();
  }
}

}  // namespace harness
