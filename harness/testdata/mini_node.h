// MiniNode: the smallest Maelstrom node loop, for the bench's own test
// nodes (correct ones and deliberately broken ones). Standalone on purpose:
// the bench must be testable without the kit's runtime, and a broken node
// must be free to break the protocol in ways the runtime would not allow.
//
// Run() answers init itself, hands every other message to `handle`, and
// calls `tick` every tick_ms. Single-threaded; writes go to stdout, flushed
// per line.
#ifndef HARNESS_TESTDATA_MINI_NODE_H_
#define HARNESS_TESTDATA_MINI_NODE_H_

#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

namespace mini {

using nlohmann::json;

struct Node {
  std::string id;
  std::vector<std::string> ids;
  int64_t next_msg_id = 1;

  void Send(const std::string& dest, json body) {
    json m = {{"src", id}, {"dest", dest}, {"body", std::move(body)}};
    std::string line = m.dump();
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
  }
  void Reply(const json& req, json body) {
    body["in_reply_to"] = req["body"]["msg_id"];
    Send(req["src"].get<std::string>(), std::move(body));
  }
  void RawLine(const std::string& line) {
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
  }

  void Run(const std::function<void(const json&)>& handle,
           const std::function<void()>& tick = nullptr, int tick_ms = 100) {
    std::string buf;
    auto next_tick = std::chrono::steady_clock::now() + std::chrono::milliseconds(tick_ms);
    for (;;) {
      auto now = std::chrono::steady_clock::now();
      if (tick && now >= next_tick) {
        tick();
        next_tick = now + std::chrono::milliseconds(tick_ms);
      }
      int wait_ms = static_cast<int>(
          std::chrono::duration_cast<std::chrono::milliseconds>(next_tick - now).count());
      pollfd p{0, POLLIN, 0};
      if (poll(&p, 1, tick ? std::max(wait_ms, 0) : -1) <= 0) continue;
      char chunk[65536];
      ssize_t n = read(0, chunk, sizeof chunk);
      if (n <= 0) return;
      buf.append(chunk, static_cast<size_t>(n));
      size_t pos;
      while ((pos = buf.find('\n')) != std::string::npos) {
        json msg = json::parse(buf.substr(0, pos));
        buf.erase(0, pos + 1);
        const json& body = msg["body"];
        if (body["type"] == "init") {
          id = body["node_id"].get<std::string>();
          ids = body["node_ids"].get<std::vector<std::string>>();
          Reply(msg, {{"type", "init_ok"}});
        } else {
          handle(msg);
        }
      }
    }
  }
};

}  // namespace mini

#endif  // HARNESS_TESTDATA_MINI_NODE_H_
