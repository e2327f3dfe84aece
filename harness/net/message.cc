#include "harness/net/message.h"

#include <cstring>
#include <vector>

#include "absl/strings/str_cat.h"
#include "harness/run/check.h"
#include "simdjson.h"

namespace harness {

namespace {

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

size_t SkipSpace(std::string_view s, size_t i) {
  while (i < s.size() && IsJsonSpace(s[i])) ++i;
  return i;
}

// REQUIRES: s[i] == '"' opens a well-formed string. Returns the index just
// past its closing quote.
size_t SkipString(std::string_view s, size_t i) {
  for (++i; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == '"') {
      return i + 1;
    }
  }
  return s.size();
}

// REQUIRES: a well-formed value starts at s[i]. Returns the index just past
// it; `depth` becomes the deepest container nesting inside it (1 for [1]).
size_t SkipValue(std::string_view s, size_t i, int* depth) {
  *depth = 0;
  if (s[i] == '"') return SkipString(s, i);
  if (s[i] != '{' && s[i] != '[') {
    while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && !IsJsonSpace(s[i])) ++i;
    return i;
  }
  int d = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == '"') {
      i = SkipString(s, i);
      continue;
    }
    if (c == '{' || c == '[') {
      if (++d > *depth) *depth = d;
    } else if (c == '}' || c == ']') {
      if (--d == 0) return i + 1;
    }
    ++i;
  }
  return i;
}

// One top-level member of a well-formed object line: its key as written
// (between the quotes, escapes not undone) and its value's text.
struct RawMember {
  std::string_view key;
  std::string_view value;
  int depth = 0;
};

// REQUIRES: `line` is a well-formed JSON object. Splits it into members.
void SplitObject(std::string_view line, std::vector<RawMember>* members) {
  members->clear();
  size_t i = SkipSpace(line, 0);
  HARNESS_CHECK(i < line.size() && line[i] == '{');
  i = SkipSpace(line, i + 1);
  while (i < line.size() && line[i] != '}') {
    RawMember m;
    size_t key_end = SkipString(line, i);
    m.key = line.substr(i + 1, key_end - i - 2);
    i = SkipSpace(line, key_end);
    HARNESS_CHECK(i < line.size() && line[i] == ':');
    i = SkipSpace(line, i + 1);
    size_t value_end = SkipValue(line, i, &m.depth);
    m.value = line.substr(i, value_end - i);
    members->push_back(m);
    i = SkipSpace(line, value_end);
    if (i < line.size() && line[i] == ',') i = SkipSpace(line, i + 1);
  }
}

// Whether a string can be written between quotes as it is: nothing that
// JSON (and nlohmann's printer) would escape.
bool PrintsAsIs(std::string_view s) {
  for (char c : s) {
    if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) return false;
  }
  return true;
}

void AppendQuoted(std::string_view s, std::string* out) {
  if (PrintsAsIs(s)) {
    out->push_back('"');
    out->append(s);
    out->push_back('"');
    return;
  }
  out->append(nlohmann::json(std::string(s)).dump());
}

}  // namespace

void NetMessage::ParseBodyText() {
  if (body_text.empty() || !body.is_null()) return;
  body = nlohmann::json::parse(body_text, nullptr, /*allow_exceptions=*/false);
}

struct EnvelopeParser::Impl {
  simdjson::dom::parser parser;
  std::vector<RawMember> members;
};

EnvelopeParser::EnvelopeParser() : impl_(std::make_unique<Impl>()) {}
EnvelopeParser::~EnvelopeParser() = default;

absl::StatusOr<Envelope> EnvelopeParser::Parse(std::string_view line) {
  // The fast path: simdjson validates the whole line (syntax, UTF-8) without
  // building a tree we would throw away, and the body is kept as its text.
  // Anything short of a plainly valid envelope (an error of any kind, an
  // escaped key, a number simdjson will not take, a body near the depth
  // bound) goes to the reference parser, which gives the verdict and the
  // message; so both paths accept and refuse exactly the same lines.
  simdjson::dom::element root;
  if (impl_->parser.parse(line.data(), line.size()).get(root) != simdjson::SUCCESS ||
      !root.is_object()) {
    return ParseEnvelopeTree(line);
  }
  SplitObject(line, &impl_->members);
  Envelope env;
  bool has_src = false, has_dest = false, has_body = false;
  for (const RawMember& m : impl_->members) {
    // Later duplicates win, as in the reference parser's object.
    if (m.key == "src" || m.key == "dest") {
      if (m.value.empty() || m.value[0] != '"' ||
          std::memchr(m.value.data(), '\\', m.value.size()) != nullptr) {
        return ParseEnvelopeTree(line);
      }
      std::string_view text = m.value.substr(1, m.value.size() - 2);
      (m.key == "src" ? env.src : env.dest).assign(text.data(), text.size());
      (m.key == "src" ? has_src : has_dest) = true;
    } else if (m.key == "body") {
      // The top-level object is depth 1; the reference refuses from 257.
      if (m.depth + 1 > kMaxJsonDepth) return ParseEnvelopeTree(line);
      env.body_text.assign(m.value.data(), m.value.size());
      has_body = true;
    } else if (m.key == "id") {
      // A plain integer: digits with an optional minus, no fraction or
      // exponent, short enough for int64 (simdjson validated the syntax).
      std::string_view v = m.value.substr(m.value[0] == '-' ? 1 : 0);
      if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != v.npos) {
        return ParseEnvelopeTree(line);
      }
    } else {
      return ParseEnvelopeTree(line);
    }
  }
  if (!has_src || !has_dest || !has_body) return ParseEnvelopeTree(line);
  return env;
}

absl::StatusOr<Envelope> ParseEnvelope(std::string_view line) {
  thread_local EnvelopeParser parser;
  return parser.Parse(line);
}

absl::StatusOr<Envelope> ParseEnvelopeTree(std::string_view line) {
  if (line.empty()) return absl::InvalidArgumentError("blank line");
  // Printing, copying and converting JSON recurse; a body nested thousands
  // deep would overflow the stack later, so it is refused here. The parser
  // itself is iterative and reports every depth to this callback.
  bool too_deep = false;
  auto depth_check = [&too_deep](int depth, nlohmann::json::parse_event_t,
                                 nlohmann::json&) {
    if (depth > kMaxJsonDepth) too_deep = true;
    return !too_deep;
  };
  nlohmann::json j = nlohmann::json::parse(line, depth_check, /*allow_exceptions=*/false);
  if (too_deep) {
    return absl::InvalidArgumentError(absl::StrCat("JSON nested deeper than ", kMaxJsonDepth));
  }
  if (j.is_discarded()) return absl::InvalidArgumentError("not well-formed JSON");
  if (!j.is_object()) return absl::InvalidArgumentError("not a JSON object");
  Envelope env;
  bool has_src = false, has_dest = false, has_body = false;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& key = it.key();
    if (key == "src") {
      if (!it->is_string()) return absl::InvalidArgumentError("src is not a string");
      env.src = it->get<std::string>();
      has_src = true;
    } else if (key == "dest") {
      if (!it->is_string()) return absl::InvalidArgumentError("dest is not a string");
      env.dest = it->get<std::string>();
      has_dest = true;
    } else if (key == "body") {
      env.body = std::move(*it);
      has_body = true;
    } else if (key == "id") {
      if (!it->is_number_integer()) return absl::InvalidArgumentError("id is not an integer");
    } else {
      return absl::InvalidArgumentError(absl::StrCat("unexpected top-level key \"", key, "\""));
    }
  }
  if (!has_src) return absl::InvalidArgumentError("missing src");
  if (!has_dest) return absl::InvalidArgumentError("missing dest");
  if (!has_body) return absl::InvalidArgumentError("missing body");
  return env;
}

void AppendDeliveryLine(const NetMessage& m, std::string* out) {
  // Written by hand to keep Maelstrom's key order (id, src, dest, body);
  // nlohmann's object would sort the keys.
  absl::StrAppend(out, "{\"id\":", m.id, ",\"src\":");
  AppendQuoted(m.src, out);
  out->append(",\"dest\":");
  AppendQuoted(m.dest, out);
  out->append(",\"body\":");
  if (m.has_body_text()) {
    out->append(m.body_text);
  } else {
    out->append(m.body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  out->push_back('}');
}

std::string DeliveryLine(const NetMessage& m) {
  std::string line;
  AppendDeliveryLine(m, &line);
  return line;
}

std::string Abbreviate(std::string_view text, size_t max_chars) {
  if (text.size() <= max_chars) return std::string(text);
  return std::string(text.substr(0, max_chars)) + "...";
}

}  // namespace harness
