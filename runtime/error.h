// Error: a Maelstrom RPC error, kept with its exact code.
//
// One table (harness/docs/protocol.md) maps each code to its name and to whether
// it is definite (the operation certainly did not and will not happen) or
// indefinite (it may have happened, may happen later). Codes outside the
// table, user codes >= 1000 included, are indefinite: when in doubt, an
// operation may have happened.
//
// Example:
//   Error e = Error::PreconditionFailed("current value 6 is not 4");
//   e.code == 22; e.definite() == true; e.name() == "precondition-failed"
#ifndef RUNTIME_ERROR_H_
#define RUNTIME_ERROR_H_

#include <string>
#include <string_view>

#include "nlohmann/json.hpp"

namespace runtime {

enum ErrorCode : int {
  kTimeout = 0,
  kNodeNotFound = 1,
  kNotSupported = 10,
  kTemporarilyUnavailable = 11,
  kMalformedRequest = 12,
  kCrash = 13,
  kAbort = 14,
  kKeyDoesNotExist = 20,
  kKeyAlreadyExists = 21,
  kPreconditionFailed = 22,
  kTxnConflict = 30,
};

// The kebab-case name Maelstrom uses ("key-does-not-exist"), or "unknown".
std::string_view ErrorName(int code);
// True only for the codes the protocol marks definite.
bool IsDefiniteError(int code);

struct Error {
  int code = kCrash;
  std::string text;

  std::string_view name() const { return ErrorName(code); }
  bool definite() const { return IsDefiniteError(code); }

  // The body of an error message: {"type":"error","code":..,"text":..}.
  nlohmann::json ToBody() const;
  // Reads an error body; a missing or non-integer code becomes 13 (crash),
  // since an error we cannot read may hide an operation that happened.
  static Error FromBody(const nlohmann::json& body);

  static Error Timeout(std::string text = "timed out") { return {kTimeout, std::move(text)}; }
  static Error NotSupported(std::string text) { return {kNotSupported, std::move(text)}; }
  static Error Unavailable(std::string text) { return {kTemporarilyUnavailable, std::move(text)}; }
  static Error Malformed(std::string text) { return {kMalformedRequest, std::move(text)}; }
  static Error Crash(std::string text) { return {kCrash, std::move(text)}; }
  static Error Abort(std::string text) { return {kAbort, std::move(text)}; }
  static Error KeyDoesNotExist(std::string text = "key does not exist") {
    return {kKeyDoesNotExist, std::move(text)};
  }
  static Error KeyAlreadyExists(std::string text = "key already exists") {
    return {kKeyAlreadyExists, std::move(text)};
  }
  static Error PreconditionFailed(std::string text) { return {kPreconditionFailed, std::move(text)}; }
  static Error TxnConflict(std::string text) { return {kTxnConflict, std::move(text)}; }
};

// Thrown by handlers to answer the request with this error; the dispatcher
// catches it at the edge and replies (see node.h). Never crosses a reply.
struct RpcError {
  Error error;
};

}  // namespace runtime

#endif  // RUNTIME_ERROR_H_
