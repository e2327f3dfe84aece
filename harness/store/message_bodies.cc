#include "harness/store/message_bodies.h"

#include <algorithm>
#include <memory>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "harness/store/report_text.h"
#include "nlohmann/json.hpp"

namespace harness {

bool IsInitType(std::string_view type) { return type == "init" || type == "init_ok"; }

bool MessageBodies::Add(int64_t id, MessageBody body) {
  bool init = IsInitType(body.type);
  if (full() && !init) return false;
  if (!init) ++counted_;
  bodies_[id] = std::move(body);
  return !full();
}

bool MessageBodies::RecordSendLine(std::string_view line) {
  if (full()) return false;
  constexpr std::string_view kIdPrefix = ":send {:id ";
  constexpr std::string_view kBody = ", :body ";
  if (line.substr(0, kIdPrefix.size()) != kIdPrefix || line.empty() || line.back() != '}') {
    return true;
  }
  size_t id_end = line.find(',', kIdPrefix.size());
  size_t body_at = line.find(kBody);
  int64_t id = 0;
  if (id_end == std::string_view::npos || body_at == std::string_view::npos ||
      !absl::SimpleAtoi(std::string(line.substr(kIdPrefix.size(), id_end - kIdPrefix.size())),
                        &id)) {
    return true;
  }
  std::string_view json = line.substr(body_at + kBody.size());
  json.remove_suffix(1);  // the closing '}' of the message map
  MessageBody body;
  nlohmann::json parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_object()) {
    auto type = parsed.find("type");
    if (type != parsed.end() && type->is_string()) body.type = type->get<std::string>();
  }
  body.json = TruncateUtf8(json, kMaxBodyBytes);
  return Add(id, std::move(body));
}

const MessageBody* MessageBodies::Find(int64_t id) const {
  auto it = bodies_.find(id);
  return it == bodies_.end() ? nullptr : &it->second;
}

std::string MessageBodies::ToJsonl() const {
  std::vector<int64_t> ids;
  ids.reserve(bodies_.size());
  for (const auto& [id, body] : bodies_) ids.push_back(id);
  std::sort(ids.begin(), ids.end());  // hash order must not reach the file
  std::string out;
  for (int64_t id : ids) {
    const MessageBody& b = bodies_.at(id);
    nlohmann::json line = {{"id", id}, {"type", b.type}, {"body", b.json}};
    absl::StrAppend(&out, line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                    "\n");
  }
  return out;
}

absl::StatusOr<MessageBodies> MessageBodies::FromJsonl(std::string_view text) {
  MessageBodies bodies(static_cast<size_t>(-1));
  size_t line_no = 0;
  for (size_t start = 0; start < text.size();) {
    size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (line.empty()) continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object() || !j.contains("id") || !j["id"].is_number_integer() ||
        !j.value("type", nlohmann::json()).is_string() ||
        !j.value("body", nlohmann::json()).is_string()) {
      return absl::InvalidArgumentError(
          absl::StrCat("message-bodies.jsonl:", line_no, ": bad line"));
    }
    bodies.Add(j["id"].get<int64_t>(),
               {j["type"].get<std::string>(), j["body"].get<std::string>()});
  }
  return bodies;
}

void TapMessageBodies(Network* net, Scheduler* scheduler, MessageBodies* bodies,
                      Network::LogSink send_sink, Network::LogSink recv_sink) {
  auto untapping = std::make_shared<bool>(false);
  Network::LogSink tap = [=](const std::string& line) {
    if (send_sink) send_sink(line);
    if (bodies->RecordSendLine(line) || *untapping) return;
    *untapping = true;
    scheduler->At(scheduler->NowNs(), [=] { net->SetLogSinks(send_sink, recv_sink); });
  };
  net->SetLogSinks(std::move(tap), std::move(recv_sink));
}

}  // namespace harness
