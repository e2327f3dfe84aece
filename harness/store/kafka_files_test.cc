// Proves the kafka store files: a kafka history gets consume-counts.edn
// (how often each message was polled) and unseen.svg (the unseen count
// rising with an acknowledged send and falling when a poll returns it); a
// history of any other workload gets neither.
#include "harness/store/kafka_files.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "harness/checkers/kafka_checker.h"
#include "harness/checkers/test_history.h"
#include "harness/store/store.h"

namespace harness {
namespace {

namespace fs = std::filesystem;

Value Mop(std::vector<Value> v) { return Value::Vec({Value::Vec(std::move(v))}); }

History KafkaHistory() {
  HistoryBuilder b;
  b.Invoke(0, "send", Mop({Value::Keyword("send"), Value::String("1"), Value::Int(1)}), 0);
  b.Ok(0, "send", Mop({Value::Keyword("send"), Value::String("1"), Ints({0, 1})}), 1);
  b.Invoke(1, "poll", Mop({Value::Keyword("poll")}), 500);
  b.Ok(1, "poll",
       Mop({Value::Keyword("poll"), Value::Map({{Value::String("1"), Value::Vec({Ints({0, 1})})}})}),
       501);
  return b.history();
}

TEST_CASE("kafka files: consume counts and the unseen series") {
  History h = KafkaHistory();
  auto series = KafkaUnseenSeries(h);
  REQUIRE(series.size() == 2);
  CHECK(series[0].unseen == 1);
  CHECK(series[1].unseen == 0);
  CHECK(KafkaConsumeCounts(h).ToEdn() ==
        "{:distribution {1 1}, :keys {\"1\" {:messages 1, :consumed 1, :max-times 1}}}");
  CHECK(KafkaUnseenSvg(h).find("<polyline") != std::string::npos);
}

TEST_CASE("kafka files: written for kafka histories only") {
  fs::path dir = fs::temp_directory_path() / ("kafka_files_test_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  REQUIRE(WriteKafkaFiles(dir.string(), KafkaHistory()).ok());
  CHECK(fs::exists(dir / "consume-counts.edn"));
  CHECK(fs::exists(dir / "unseen.svg"));
  fs::path other = dir / "other";
  fs::create_directories(other);
  HistoryBuilder b;
  b.Invoke(0, "read", Value(), 0);
  b.Ok(0, "read", Value(), 1);
  REQUIRE(WriteKafkaFiles(other.string(), b.history()).ok());
  CHECK_FALSE(fs::exists(other / "unseen.svg"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace harness
