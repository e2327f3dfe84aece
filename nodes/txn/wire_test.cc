// Proves the txn_sync codec (wire.h): a message survives encode/decode
// unchanged, and every malformed variant is refused whole with error 12.
#include <catch2/catch.hpp>

#include "nodes/txn/wire.h"

namespace txn {
namespace {

using runtime::Json;

TEST_CASE("txn_sync round-trips") {
  SyncMessage m;
  m.clock = 12;
  m.upto = 3;
  m.ack = 7;
  m.records.push_back(Record{2, 11, {1, 7}, {{OpKind::kWrite, 1, 5}}});
  m.records.push_back(Record{3, 12, {2, 7}, {{OpKind::kAppend, -4, 9}, {OpKind::kAppend, -4, 10}}});
  Json body = EncodeSync(m);
  CHECK(body.at("type") == "txn_sync");
  runtime::Result<SyncMessage> back = DecodeSync(Json::parse(body.dump()), 2);
  REQUIRE(back.ok());
  CHECK(*back == m);
  SyncMessage empty;  // a heartbeat
  runtime::Result<SyncMessage> hb = DecodeSync(EncodeSync(empty), 2);
  REQUIRE(hb.ok());
  CHECK(*hb == empty);
}

TEST_CASE("txn_sync: malformed messages are refused whole") {
  const char* bad[] = {
      R"([])",
      R"({"clock":1,"upto":0,"ack":0})",                                       // no recs
      R"({"clock":-1,"upto":0,"ack":0,"recs":[]})",                            // negative
      R"({"clock":1.5,"upto":0,"ack":0,"recs":[]})",
      R"({"clock":1,"upto":"0","ack":0,"recs":[]})",
      R"({"clock":1,"upto":0,"ack":0,"recs":{}})",
      R"({"clock":1,"upto":1,"ack":0,"recs":[[1,1,[0,0],[]]]})",               // no writes
      R"({"clock":1,"upto":1,"ack":0,"recs":[[0,1,[0,0],[["w",1,1]]]]})",      // seq 0
      R"({"clock":1,"upto":1,"ack":0,"recs":[[1,0,[0,0],[["w",1,1]]]]})",      // lamport 0
      R"({"clock":1,"upto":1,"ack":0,"recs":[[1,1,[0],[["w",1,1]]]]})",        // deps too short
      R"({"clock":1,"upto":1,"ack":0,"recs":[[1,1,[0,-1],[["w",1,1]]]]})",
      R"({"clock":1,"upto":1,"ack":0,"recs":[[1,1,[0,0],[["r",1,1]]]]})",      // a read is no write
      R"({"clock":1,"upto":1,"ack":0,"recs":[[1,1,[0,0],[["w","1",1]]]]})",
      R"({"clock":1,"upto":1,"ack":0,"recs":[[1,1,[0,0],[["w",1]]]]})",
      R"({"clock":1,"upto":2,"ack":0,"recs":[[1,1,[0,0],[["w",1,1]]],[2,2,[0,0],"x"]]})",  // bad second
  };
  for (const char* text : bad) {
    INFO(text);
    runtime::Result<SyncMessage> m = DecodeSync(Json::parse(text), 2);
    REQUIRE_FALSE(m.ok());
    CHECK(m.error().code == 12);
  }
}

}  // namespace
}  // namespace txn
