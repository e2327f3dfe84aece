#include "runtime/error.h"

namespace runtime {

std::string_view ErrorName(int code) {
  switch (code) {
    case kTimeout: return "timeout";
    case kNodeNotFound: return "node-not-found";
    case kNotSupported: return "not-supported";
    case kTemporarilyUnavailable: return "temporarily-unavailable";
    case kMalformedRequest: return "malformed-request";
    case kCrash: return "crash";
    case kAbort: return "abort";
    case kKeyDoesNotExist: return "key-does-not-exist";
    case kKeyAlreadyExists: return "key-already-exists";
    case kPreconditionFailed: return "precondition-failed";
    case kTxnConflict: return "txn-conflict";
    default: return "unknown";
  }
}

bool IsDefiniteError(int code) {
  switch (code) {
    case kNodeNotFound:
    case kNotSupported:
    case kTemporarilyUnavailable:
    case kMalformedRequest:
    case kAbort:
    case kKeyDoesNotExist:
    case kKeyAlreadyExists:
    case kPreconditionFailed:
    case kTxnConflict:
      return true;
    default:
      return false;
  }
}

nlohmann::json Error::ToBody() const {
  return nlohmann::json{{"type", "error"}, {"code", code}, {"text", text}};
}

Error Error::FromBody(const nlohmann::json& body) {
  Error e;
  auto code = body.find("code");
  if (code != body.end() && code->is_number_integer()) {
    e.code = code->get<int>();
  } else {
    e.code = kCrash;
    e.text = "error reply without an integer code: ";
  }
  auto text = body.find("text");
  if (text != body.end() && text->is_string()) e.text += text->get<std::string>();
  return e;
}

}  // namespace runtime
