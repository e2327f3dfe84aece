// The EDN reader behind Value::ParseEdn and Value::ParseEdnAll.
//
// It reads what Clojure's printer and Jepsen write: nil/true/false, integers
// (N suffix allowed), floats (M suffix allowed), ratios (read as doubles),
// ##Inf/##-Inf/##NaN, strings with Clojure's escapes, \c characters (read as
// one-character strings), keywords (namespaced too), symbols (read as
// keywords), vectors, lists (read as vectors), maps, sets, ; comments, commas
// as whitespace, #_ discards and tagged literals (#inst "...",
// #jepsen.history.Op{...}), which yield the tagged value.
//
// The input is untrusted (a stored history may be edited by hand or come from
// elsewhere): every failure is an InvalidArgument status naming the line and
// column, and nesting is capped so hostile input cannot exhaust the stack.
#include <charconv>
#include <cmath>
#include <limits>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "harness/history/value.h"

namespace harness {
namespace {

// Jepsen ops nest a handful of levels; 256 is far beyond any real history and
// far below what the stack can take.
constexpr int kMaxDepth = 256;

bool IsWhitespace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == ',';
}

// Characters that end a token (Clojure's whitespace and terminating macros).
bool IsTerminator(char c) {
  switch (c) {
    case '"':
    case ';':
    case '@':
    case '^':
    case '`':
    case '~':
    case '(':
    case ')':
    case '[':
    case ']':
    case '{':
    case '}':
    case '\\':
      return true;
    default:
      return IsWhitespace(c);
  }
}

bool IsTokenChar(char c) {
  auto u = static_cast<unsigned char>(c);
  return !IsTerminator(c) && u > 0x20 && u != 0x7f;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string Str(std::string_view s) { return std::string(s); }

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

// True if `s` is non-empty and all hex digits; their value in `out`.
bool ParseHex(std::string_view s, uint32_t& out) {
  out = 0;
  for (char c : s) {
    int d;
    if (c >= '0' && c <= '9')
      d = c - '0';
    else if (c >= 'a' && c <= 'f')
      d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
      d = c - 'A' + 10;
    else
      return false;
    out = out * 16 + static_cast<uint32_t>(d);
  }
  return !s.empty();
}

// Reads values from one text. Methods record the first error in `error_` and
// return a nil Value; callers check ok() after each step, so no error is lost
// and no status plumbing clutters the grammar.
class EdnReader {
 public:
  explicit EdnReader(std::string_view text) : text_(text) {}

  bool ok() const { return error_.ok(); }
  const absl::Status& error() const { return error_; }
  bool AtEnd() const { return pos_ >= text_.size(); }

  // Skips whitespace, commas, comments and #_ discarded values.
  void SkipIgnorable(int depth) {
    while (ok() && !AtEnd()) {
      char c = text_[pos_];
      if (IsWhitespace(c)) {
        ++pos_;
      } else if (c == ';') {
        while (!AtEnd() && text_[pos_] != '\n') ++pos_;
      } else if (c == '#' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '_') {
        pos_ += 2;
        ReadValue(depth + 1);
      } else {
        return;
      }
    }
  }

  Value ReadValue(int depth) {
    if (depth > kMaxDepth) return Fail(absl::StrCat("nesting deeper than ", kMaxDepth));
    SkipIgnorable(depth);
    if (!ok()) return Value();
    if (AtEnd()) return Fail("unexpected end of input");
    char c = text_[pos_];
    switch (c) {
      case '[':
      case '(':
        return Value::Vec(ReadItems(c == '[' ? ']' : ')', depth));
      case '{':
        return ReadMap(depth);
      case ')':
      case ']':
      case '}':
        return Fail(absl::StrCat("unexpected '", std::string(1, c), "'"));
      case '"':
        return ReadString();
      case '\\':
        return ReadCharacter();
      case ':':
        return ReadKeyword();
      case '#':
        return ReadDispatch(depth);
      default:
        break;
    }
    if (!IsTokenChar(c) || c == '\'') {  // 'x is Clojure's quote, not EDN
      return Fail(absl::StrFormat("unexpected character 0x%02x", static_cast<unsigned char>(c)));
    }
    std::string_view token = ReadToken();
    bool sign = token[0] == '+' || token[0] == '-';
    if (IsDigit(token[0]) || (sign && token.size() > 1 && IsDigit(token[1]))) {
      return ParseNumber(token);
    }
    if (token == "nil") return Value();
    if (token == "true") return Value::Bool(true);
    if (token == "false") return Value::Bool(false);
    return Value::Keyword(Str(token));  // a symbol
  }

  // Records `message` at the current position unless an error is recorded.
  Value Fail(std::string message) {
    if (ok()) {
      size_t line = 1, col = 1;
      for (size_t i = 0; i < pos_ && i < text_.size(); ++i) {
        if (text_[i] == '\n') {
          ++line;
          col = 1;
        } else {
          ++col;
        }
      }
      error_ = absl::InvalidArgumentError(
          absl::StrFormat("edn: line %d column %d: %s", line, col, message));
    }
    return Value();
  }

 private:
  std::string_view ReadToken() {
    size_t start = pos_;
    while (!AtEnd() && IsTokenChar(text_[pos_])) ++pos_;
    return text_.substr(start, pos_ - start);
  }

  std::vector<Value> ReadItems(char close, int depth) {
    ++pos_;  // the opening bracket
    std::vector<Value> items;
    while (true) {
      SkipIgnorable(depth + 1);
      if (!ok()) return {};
      if (AtEnd()) {
        Fail(absl::StrCat("unterminated collection, expected '", std::string(1, close), "'"));
        return {};
      }
      char c = text_[pos_];
      if (c == close) {
        ++pos_;
        return items;
      }
      if (c == ')' || c == ']' || c == '}') {
        Fail(absl::StrCat("unexpected '", std::string(1, c), "', expected '", std::string(1, close),
                          "'"));
        return {};
      }
      items.push_back(ReadValue(depth + 1));
      if (!ok()) return {};
    }
  }

  Value ReadMap(int depth) {
    std::vector<Value> items = ReadItems('}', depth);
    if (!ok()) return Value();
    if (items.size() % 2 != 0) return Fail("map literal with an odd number of forms");
    std::vector<std::pair<Value, Value>> entries;
    entries.reserve(items.size() / 2);
    for (size_t i = 0; i < items.size(); i += 2) {
      entries.emplace_back(std::move(items[i]), std::move(items[i + 1]));
    }
    return Value::Map(std::move(entries));
  }

  Value ReadDispatch(int depth) {
    if (pos_ + 1 >= text_.size()) return Fail("'#' at end of input");
    char c = text_[pos_ + 1];
    if (c == '{') {
      ++pos_;
      std::vector<Value> items = ReadItems('}', depth);
      if (!ok()) return Value();
      return Value::Set(std::move(items));
    }
    if (c == '#') {
      pos_ += 2;
      std::string_view token = ReadToken();
      if (token == "Inf") return Value::Double(std::numeric_limits<double>::infinity());
      if (token == "-Inf") return Value::Double(-std::numeric_limits<double>::infinity());
      if (token == "NaN") return Value::Double(std::numeric_limits<double>::quiet_NaN());
      return Fail(absl::StrCat("unknown symbolic value ##", Str(token)));
    }
    if (c == '"') {  // a regex literal; its source text is all we keep
      ++pos_;
      return ReadString();
    }
    // A tag is a symbol; #', #?, #: and #( are Clojure-only reader macros.
    if (IsTokenChar(c) && c != '#' && c != '\'' && c != '?' && c != ':') {
      ++pos_;
      ReadToken();  // the tag's name does not change the value
      return ReadValue(depth + 1);
    }
    return Fail(absl::StrCat("unsupported dispatch '#", std::string(1, c), "'"));
  }

  Value ReadString() {
    ++pos_;  // the opening quote
    std::string s;
    while (true) {
      if (AtEnd()) return Fail("unterminated string");
      char c = text_[pos_++];
      if (c == '"') return Value::String(std::move(s));
      if (c != '\\') {
        s += c;
        continue;
      }
      if (AtEnd()) return Fail("unterminated string");
      char e = text_[pos_++];
      switch (e) {
        case 't':
          s += '\t';
          break;
        case 'r':
          s += '\r';
          break;
        case 'n':
          s += '\n';
          break;
        case 'b':
          s += '\b';
          break;
        case 'f':
          s += '\f';
          break;
        case '\\':
          s += '\\';
          break;
        case '"':
          s += '"';
          break;
        case 'u': {
          uint32_t cp;
          if (!ReadUnicodeEscape(cp)) return Fail("bad \\u escape in string");
          AppendUtf8(s, cp);
          break;
        }
        default: {
          if (e < '0' || e > '7') {
            --pos_;
            return Fail(absl::StrCat("unsupported escape \\", std::string(1, e)));
          }
          uint32_t v = static_cast<uint32_t>(e - '0');
          for (int i = 0; i < 2 && !AtEnd() && text_[pos_] >= '0' && text_[pos_] <= '7'; ++i) {
            v = v * 8 + static_cast<uint32_t>(text_[pos_++] - '0');
          }
          if (v > 0377) return Fail("octal escape above \\377");
          AppendUtf8(s, v);
        }
      }
    }
  }

  // After "\u": four hex digits; a high surrogate followed by "\uDCxx" joins
  // with it into one code point.
  bool ReadUnicodeEscape(uint32_t& cp) {
    if (pos_ + 4 > text_.size() || !ParseHex(text_.substr(pos_, 4), cp)) return false;
    pos_ += 4;
    uint32_t low;
    if (cp >= 0xd800 && cp < 0xdc00 && pos_ + 6 <= text_.size() && text_[pos_] == '\\' &&
        text_[pos_ + 1] == 'u' && ParseHex(text_.substr(pos_ + 2, 4), low) && low >= 0xdc00 &&
        low < 0xe000) {
      pos_ += 6;
      cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
    }
    return true;
  }

  // \c, \newline, \space, \tab, \return, \backspace, \formfeed, \uXXXX, \oNNN.
  Value ReadCharacter() {
    ++pos_;  // the backslash
    if (AtEnd()) return Fail("'\\' at end of input");
    size_t start = pos_;
    // The first character is taken whatever it is (\( is a character), as a
    // whole UTF-8 sequence; then the token continues.
    auto lead = static_cast<unsigned char>(text_[pos_]);
    size_t len = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    pos_ = std::min(text_.size(), pos_ + len);
    while (!AtEnd() && IsTokenChar(text_[pos_])) ++pos_;
    std::string_view token = text_.substr(start, pos_ - start);
    if (token.size() == len) return Value::String(Str(token));
    if (token == "newline") return Value::String("\n");
    if (token == "space") return Value::String(" ");
    if (token == "tab") return Value::String("\t");
    if (token == "return") return Value::String("\r");
    if (token == "backspace") return Value::String("\b");
    if (token == "formfeed") return Value::String("\f");
    std::string out;
    uint32_t cp;
    if (token.size() == 5 && token[0] == 'u' && ParseHex(token.substr(1), cp)) {
      AppendUtf8(out, cp);
      return Value::String(out);
    }
    if (token.size() >= 2 && token.size() <= 4 && token[0] == 'o') {
      cp = 0;
      for (char d : token.substr(1)) {
        if (d < '0' || d > '7') return Fail("bad octal character");
        cp = cp * 8 + static_cast<uint32_t>(d - '0');
      }
      if (cp > 0377) return Fail("octal character above \\o377");
      AppendUtf8(out, cp);
      return Value::String(out);
    }
    return Fail(absl::StrCat("unsupported character \\", Str(token)));
  }

  Value ReadKeyword() {
    ++pos_;  // the colon
    std::string_view token = ReadToken();
    if (token.empty()) return Fail("empty keyword");
    return Value::Keyword(Str(token));
  }

  // Integers ([+-]digits, optional N), floats (digits with '.' or exponent,
  // optional M) and ratios (a/b, read as a double).
  Value ParseNumber(std::string_view token) {
    std::string_view body = token;
    bool negative = false;
    if (body[0] == '+' || body[0] == '-') {
      negative = body[0] == '-';
      body.remove_prefix(1);
    }
    if (size_t slash = body.find('/'); slash != std::string_view::npos) {
      int64_t num, den;
      if (!ParseDigits(body.substr(0, slash), num) || !ParseDigits(body.substr(slash + 1), den) ||
          den == 0) {
        return Fail(absl::StrCat("bad ratio ", Str(token)));
      }
      double d = static_cast<double>(num) / static_cast<double>(den);
      return Value::Double(negative ? -d : d);
    }
    if (body.find_first_of(".eEM") == std::string_view::npos) {
      // from_chars reads a leading '-' itself (so INT64_MIN is representable)
      // but not '+'; parsing in place keeps the common case allocation-free.
      std::string_view digits = token[0] == '+' ? body : token;
      if (!digits.empty() && digits.back() == 'N') digits.remove_suffix(1);
      int64_t i;
      auto r = std::from_chars(digits.data(), digits.data() + digits.size(), i);
      if (r.ec == std::errc::result_out_of_range) {
        return Fail(absl::StrCat("integer out of range: ", Str(token)));
      }
      if (r.ec != std::errc() || r.ptr != digits.data() + digits.size() ||
          digits.size() == (negative ? 1u : 0u)) {
        return Fail(absl::StrCat("bad number ", Str(token)));
      }
      return Value::Int(i);
    }
    if (!body.empty() && body.back() == 'M') body.remove_suffix(1);
    double d;
    auto r = std::from_chars(body.data(), body.data() + body.size(), d);
    if (r.ec != std::errc() || r.ptr != body.data() + body.size() || body.empty() ||
        !IsDigit(body[0])) {
      return Fail(absl::StrCat("bad number ", Str(token)));
    }
    return Value::Double(negative ? -d : d);
  }

  static bool ParseDigits(std::string_view s, int64_t& out) {
    if (s.empty()) return false;
    auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size() && out >= 0;
  }

  std::string_view text_;
  size_t pos_ = 0;
  absl::Status error_;
};

}  // namespace

absl::StatusOr<Value> Value::ParseEdn(std::string_view text) {
  EdnReader reader(text);
  Value v = reader.ReadValue(0);
  reader.SkipIgnorable(0);
  if (reader.ok() && !reader.AtEnd()) reader.Fail("trailing data after the value");
  if (!reader.ok()) return reader.error();
  return v;
}

absl::StatusOr<std::vector<Value>> Value::ParseEdnAll(std::string_view text) {
  EdnReader reader(text);
  std::vector<Value> values;
  reader.SkipIgnorable(0);
  while (reader.ok() && !reader.AtEnd()) {
    values.push_back(reader.ReadValue(0));
    reader.SkipIgnorable(0);
  }
  if (!reader.ok()) return reader.error();
  return values;
}

}  // namespace harness
