// Clients for Maelstrom's built-in services: the key-value stores lin-kv,
// seq-kv and lww-kv, and the timestamp oracle lin-tso (harness/docs/services.md).
//
// Each call is one RPC with the client's timeout. Errors come back typed by
// their Maelstrom code: kKeyDoesNotExist (20), kKeyAlreadyExists (21),
// kPreconditionFailed (22), kTimeout (0, indefinite: a write or cas may
// still have happened). A reply of the wrong shape becomes kCrash
// (indefinite). Each operation has a coroutine form and a callback form.
// lww-kv ignores create_if_not_exists (harness/docs/services.md).
//
// Example:
//   KvClient kv(node, KvClient::kSeqKv);
//   Result<void> r = co_await kv.Cas("counter", 4, 5, /*create_if_not_exists=*/true);
//   if (!r.ok() && r.error().code == kPreconditionFailed) { ... re-read ... }
#ifndef RUNTIME_KV_CLIENT_H_
#define RUNTIME_KV_CLIENT_H_

#include <functional>
#include <string>

#include "runtime/node.h"

namespace runtime {

class KvClient {
 public:
  static constexpr const char* kLinKv = "lin-kv";
  static constexpr const char* kSeqKv = "seq-kv";
  static constexpr const char* kLwwKv = "lww-kv";

  KvClient(Node& node, std::string service, Duration timeout = std::chrono::seconds(1))
      : node_(node), service_(std::move(service)), timeout_(timeout) {}

  Task<Result<Json>> Read(Json key);
  Task<Result<void>> Write(Json key, Json value);
  Task<Result<void>> Cas(Json key, Json from, Json to, bool create_if_not_exists = false);

  void Read(Json key, std::function<void(Result<Json>)> done);
  void Write(Json key, Json value, std::function<void(Result<void>)> done);
  void Cas(Json key, Json from, Json to, bool create_if_not_exists, std::function<void(Result<void>)> done);

  const std::string& service() const { return service_; }

 private:
  Json ReadBody(Json key) const;
  Json WriteBody(Json key, Json value) const;
  Json CasBody(Json key, Json from, Json to, bool create_if_not_exists) const;

  Node& node_;
  std::string service_;
  Duration timeout_;
};

class TsoClient {
 public:
  explicit TsoClient(Node& node, Duration timeout = std::chrono::seconds(1))
      : node_(node), timeout_(timeout) {}
  // A timestamp strictly greater than every one handed out before.
  Task<Result<int64_t>> Next();
  void Next(std::function<void(Result<int64_t>)> done);

 private:
  Node& node_;
  Duration timeout_;
};

// Reply decoding, shared by both forms (and testable alone).
Result<Json> DecodeReadReply(const Result<Message>& reply);
Result<void> DecodeAckReply(const Result<Message>& reply, std::string_view ok_type);
Result<int64_t> DecodeTsReply(const Result<Message>& reply);

}  // namespace runtime

#endif  // RUNTIME_KV_CLIENT_H_
