#include "runtime/json_codec.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include "simdjson.h"

namespace runtime {
namespace {

using nlohmann::json;

bool Convert(simdjson::dom::element e, json& out) {
  switch (e.type()) {
    case simdjson::dom::element_type::OBJECT: {
      out = json::object();
      for (auto field : simdjson::dom::object(e)) {
        json& slot = out[std::string(field.key)];
        if (!Convert(field.value, slot)) return false;
      }
      return true;
    }
    case simdjson::dom::element_type::ARRAY: {
      out = json::array();
      auto array = simdjson::dom::array(e);
      out.get_ref<json::array_t&>().reserve(array.size());
      for (auto item : array) {
        out.push_back(json());
        if (!Convert(item, out.back())) return false;
      }
      return true;
    }
    case simdjson::dom::element_type::STRING:
      out = std::string(std::string_view(e));
      return true;
    case simdjson::dom::element_type::INT64:
      out = int64_t(e);
      return true;
    case simdjson::dom::element_type::UINT64:
      out = uint64_t(e);
      return true;
    case simdjson::dom::element_type::DOUBLE:
      out = double(e);
      return true;
    case simdjson::dom::element_type::BOOL:
      out = bool(e);
      return true;
    case simdjson::dom::element_type::NULL_VALUE:
      out = nullptr;
      return true;
  }
  return false;
}

// nlohmann's fallback, for what simdjson refuses but JSON allows (integers
// beyond 64 bits become doubles there). Its depth is checked separately.
std::optional<json> ParseWithNlohmann(std::string_view text) {
  size_t depth = 0, max_depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      max_depth = std::max(max_depth, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  if (max_depth > kMaxJsonDepth) return std::nullopt;
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return std::nullopt;
  return j;
}

constexpr char kHex[] = "0123456789abcdef";

// Appends s as a JSON string. Bytes that need no escaping are copied in
// runs; invalid UTF-8 sequences become U+FFFD as nlohmann's replace mode
// does.
void AppendString(std::string_view s, std::string& out) {
  out += '"';
  size_t run = 0;
  size_t i = 0;
  auto flush = [&] {
    out.append(s.data() + run, i - run);
  };
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      // Validate one UTF-8 sequence; copy it as is when valid.
      size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
      bool valid = len != 0 && i + len <= s.size();
      for (size_t k = 1; valid && k < len; ++k) valid = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
      if (valid) {
        uint32_t cp = len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
        for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        valid = !(len == 2 && cp < 0x80) && !(len == 3 && cp < 0x800) && !(len == 4 && cp < 0x10000) &&
                cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
      }
      if (valid) {
        i += len;
        continue;
      }
      flush();
      out += "\xEF\xBF\xBD";
      ++i;
      run = i;
      continue;
    }
    flush();
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
    }
    ++i;
    run = i;
  }
  flush();
  out += '"';
}

void AppendDouble(double d, std::string& out) {
  if (!std::isfinite(d)) {
    out += "null";
    return;
  }
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  std::string_view text(buf, size_t(end - buf));
  out += text;
  // Keep it a float when read back: 1.0 must not come back as the integer 1.
  if (text.find_first_of(".e") == std::string_view::npos) out += ".0";
}

template <class Int>
void AppendInt(Int v, std::string& out) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, size_t(end - buf));
}

// Parses into the thread's simdjson parser; the element lives until the
// next call on this thread.
simdjson::error_code ParseToElement(std::string_view text, simdjson::dom::element& root) {
  thread_local simdjson::dom::parser parser;
  thread_local std::string padded;
  thread_local bool allocated = parser.allocate(1 << 16, kMaxJsonDepth) == simdjson::SUCCESS;
  if (!allocated) return simdjson::MEMALLOC;
  padded.assign(text);
  padded.append(simdjson::SIMDJSON_PADDING, ' ');
  return parser.parse(padded.data(), text.size(), /*realloc_if_needed=*/false).get(root);
}

bool NeedsFallback(simdjson::error_code error) {
  return error == simdjson::NUMBER_ERROR || error == simdjson::NUMBER_OUT_OF_RANGE ||
         error == simdjson::MEMALLOC;
}

}  // namespace

std::optional<json> ParseJson(std::string_view text) {
  simdjson::dom::element root;
  auto error = ParseToElement(text, root);
  if (NeedsFallback(error)) return ParseWithNlohmann(text);
  if (error) return std::nullopt;
  json out;
  if (!Convert(root, out)) return std::nullopt;
  return out;
}

ObjectParse ParseJsonObjectMembers(std::string_view text,
                                   absl::FunctionRef<void(std::string_view key, json&& value)> member) {
  simdjson::dom::element root;
  auto error = ParseToElement(text, root);
  if (NeedsFallback(error)) {
    std::optional<json> slow = ParseWithNlohmann(text);
    if (!slow) return ObjectParse::kNotJson;
    if (!slow->is_object()) return ObjectParse::kNotObject;
    for (auto& [key, value] : slow->items()) member(key, std::move(value));
    return ObjectParse::kOk;
  }
  if (error) return ObjectParse::kNotJson;
  if (root.type() != simdjson::dom::element_type::OBJECT) return ObjectParse::kNotObject;
  for (auto field : simdjson::dom::object(root)) {
    json value;
    if (!Convert(field.value, value)) return ObjectParse::kNotJson;
    member(field.key, std::move(value));
  }
  return ObjectParse::kOk;
}

void AppendJson(const json& value, std::string& out) {
  switch (value.type()) {
    case json::value_t::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, item] : value.items()) {
        if (!first) out += ',';
        first = false;
        AppendString(key, out);
        out += ':';
        AppendJson(item, out);
      }
      out += '}';
      return;
    }
    case json::value_t::array: {
      out += '[';
      bool first = true;
      for (const json& item : value) {
        if (!first) out += ',';
        first = false;
        AppendJson(item, out);
      }
      out += ']';
      return;
    }
    case json::value_t::string:
      AppendString(value.get_ref<const std::string&>(), out);
      return;
    case json::value_t::boolean:
      out += value.get<bool>() ? "true" : "false";
      return;
    case json::value_t::number_integer:
      AppendInt(value.get<int64_t>(), out);
      return;
    case json::value_t::number_unsigned:
      AppendInt(value.get<uint64_t>(), out);
      return;
    case json::value_t::number_float:
      AppendDouble(value.get<double>(), out);
      return;
    case json::value_t::binary:  // never produced by our parsers; print as null like discarded
    case json::value_t::discarded:
    case json::value_t::null:
      out += "null";
      return;
  }
}

}  // namespace runtime
