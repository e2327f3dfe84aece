#include "runtime/kv_client.h"

#include "absl/strings/str_cat.h"

namespace runtime {
namespace {

constexpr const char* kTsoService = "lin-tso";

Json TsBody() { return Json{{"type", "ts"}}; }

Error WrongShape(const Message& reply, std::string_view expected) {
  return Error::Crash(absl::StrCat("expected ", std::string(expected), " from ", reply.src, ", got ",
                                   reply.body.dump(-1, ' ', false, Json::error_handler_t::replace)));
}

}  // namespace

Result<Json> DecodeReadReply(const Result<Message>& reply) {
  if (!reply.ok()) return reply.error();
  if (reply->type() != "read_ok" || !reply->body.contains("value")) return WrongShape(*reply, "read_ok");
  return reply->body.at("value");
}

Result<void> DecodeAckReply(const Result<Message>& reply, std::string_view ok_type) {
  if (!reply.ok()) return reply.error();
  if (reply->type() != ok_type) return WrongShape(*reply, ok_type);
  return {};
}

Result<int64_t> DecodeTsReply(const Result<Message>& reply) {
  if (!reply.ok()) return reply.error();
  auto ts = reply->body.find("ts");
  if (reply->type() != "ts_ok" || ts == reply->body.end() || !ts->is_number_integer()) {
    return WrongShape(*reply, "ts_ok with an integer ts");
  }
  return ts->get<int64_t>();
}

Json KvClient::ReadBody(Json key) const { return Json{{"type", "read"}, {"key", std::move(key)}}; }

Json KvClient::WriteBody(Json key, Json value) const {
  return Json{{"type", "write"}, {"key", std::move(key)}, {"value", std::move(value)}};
}

Json KvClient::CasBody(Json key, Json from, Json to, bool create_if_not_exists) const {
  Json body{{"type", "cas"}, {"key", std::move(key)}, {"from", std::move(from)}, {"to", std::move(to)}};
  if (create_if_not_exists) body["create_if_not_exists"] = true;
  return body;
}

Task<Result<Json>> KvClient::Read(Json key) {
  co_return DecodeReadReply(co_await node_.Call(service_, ReadBody(std::move(key)), timeout_));
}

Task<Result<void>> KvClient::Write(Json key, Json value) {
  co_return DecodeAckReply(co_await node_.Call(service_, WriteBody(std::move(key), std::move(value)), timeout_),
                           "write_ok");
}

Task<Result<void>> KvClient::Cas(Json key, Json from, Json to, bool create_if_not_exists) {
  Json body = CasBody(std::move(key), std::move(from), std::move(to), create_if_not_exists);
  co_return DecodeAckReply(co_await node_.Call(service_, std::move(body), timeout_), "cas_ok");
}

void KvClient::Read(Json key, std::function<void(Result<Json>)> done) {
  node_.Rpc(service_, ReadBody(std::move(key)), timeout_,
            [done = std::move(done)](Result<Message> reply) { done(DecodeReadReply(reply)); });
}

void KvClient::Write(Json key, Json value, std::function<void(Result<void>)> done) {
  node_.Rpc(service_, WriteBody(std::move(key), std::move(value)), timeout_,
            [done = std::move(done)](Result<Message> reply) { done(DecodeAckReply(reply, "write_ok")); });
}

void KvClient::Cas(Json key, Json from, Json to, bool create_if_not_exists,
                   std::function<void(Result<void>)> done) {
  node_.Rpc(service_, CasBody(std::move(key), std::move(from), std::move(to), create_if_not_exists), timeout_,
            [done = std::move(done)](Result<Message> reply) { done(DecodeAckReply(reply, "cas_ok")); });
}

Task<Result<int64_t>> TsoClient::Next() {
  // The body is built outside the co_await expression: g++ 12 rejects a
  // braced initializer list inside it ("array used as initializer").
  Json body = TsBody();
  co_return DecodeTsReply(co_await node_.Call(kTsoService, std::move(body), timeout_));
}

void TsoClient::Next(std::function<void(Result<int64_t>)> done) {
  node_.Rpc(kTsoService, TsBody(), timeout_,
            [done = std::move(done)](Result<Message> reply) { done(DecodeTsReply(reply)); });
}

}  // namespace runtime
