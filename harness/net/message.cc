#include "harness/net/message.h"

#include "absl/strings/str_cat.h"

namespace harness {

absl::StatusOr<Envelope> ParseEnvelope(std::string_view line) {
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

std::string DeliveryLine(const NetMessage& m) {
  // Written by hand to keep Maelstrom's key order (id, src, dest, body);
  // nlohmann's object would sort the keys.
  nlohmann::json src = m.src, dest = m.dest;
  return absl::StrCat("{\"id\":", m.id, ",\"src\":", src.dump(), ",\"dest\":", dest.dump(),
                      ",\"body\":", m.body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                      "}");
}

std::string Abbreviate(std::string_view text, size_t max_chars) {
  if (text.size() <= max_chars) return std::string(text);
  return std::string(text.substr(0, max_chars)) + "...";
}

}  // namespace harness
