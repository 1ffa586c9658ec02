// Sliding windows computed by panes give what Spark's row copying gives: the same rows in
// every batch and the same state-operator metrics (rows total, updated, removed, dropped
// by the watermark), for each output mode, with late rows, startTime and several keys.

#include <gtest/gtest.h>

#include <cctype>
#include <algorithm>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "core/structured/operator_state.h"
#include "core/structured/query.h"
#include "core/time/clock.h"
#include "core/value/schema.h"

namespace tideline::structured {
namespace {

namespace fs = std::filesystem;

struct Case {
  std::string window, slide, start;
  OutputMode mode;
  std::vector<std::string> aggs;
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << OutputModeName(c.mode) << " window(" << c.window << ", " << c.slide << ", " << c.start << ")";
}

struct Outcome {
  std::vector<SinkBatch> batches;
  std::vector<std::vector<StateOperatorProgress>> metrics;
};

// Runs `batches` of (key, event ms, value) rows through a windowed aggregation.
Outcome RunQuery(const Case& c, const std::vector<std::vector<Row>>& batches, const std::string& method) {
  Sources sources;
  SourceData& in = sources.inputs["in"];
  in.name = "in";
  in.type = "memory";
  in.schema = *ParseSchema("k INT, t BIGINT, v INT");
  DataFrame df = DataFrame::Source("in", in.schema, true)
                     .SelectExpr({"k", "timestamp_millis(t) AS ts", "v"})
                     .WithWatermark("ts", "3 seconds")
                     .GroupBy({"k", "window(ts, '" + c.window + "', '" + c.slide + "', '" + c.start + "') AS w"})
                     .Agg(c.aggs);
  EXPECT_TRUE(df.ok()) << df.status().ToString();
  std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
  std::replace(test.begin(), test.end(), '/', '-');  // a parameterized test's name is NAME/N: one folder, not two
  fs::path dir = fs::temp_directory_path() /
                 ("tideline-panes-" + method + "-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                  "-" + test);
  fs::remove_all(dir);
  QueryOptions opts;
  opts.mode = c.mode;
  opts.checkpoint_dir = dir.string();
  opts.config["tideline.slidingWindows"] = method;
  MemorySink sink;
  ManualClock clock;
  auto q = StreamingQuery::Start(df, opts, &sources, &sink, &clock);
  EXPECT_TRUE(q.ok()) << q.status().ToString();
  Outcome out;
  if (!q.ok()) return out;
  int64_t seen = 0;
  for (const auto& rows : batches) {
    in.chunks.push_back({rows, clock.Now(), "", Status::Ok()});
    EXPECT_TRUE((*q)->ProcessAllAvailable().ok());
    for (size_t i = static_cast<size_t>(seen); i < (*q)->recent_progress().size(); ++i)
      out.metrics.push_back((*q)->recent_progress()[i].state_ops);
    seen = static_cast<int64_t>((*q)->recent_progress().size());
  }
  out.batches = sink.batches();
  q->reset();  // the query is gone before its checkpoint folder is
  fs::remove_all(dir);
  return out;
}

std::vector<std::vector<Row>> RandomBatches(uint32_t seed, int num_batches, int rows_per_batch) {
  std::mt19937 rng(seed);
  std::vector<std::vector<Row>> out;
  int64_t now_ms = 0;
  for (int b = 0; b < num_batches; ++b) {
    std::vector<Row> rows;
    now_ms += 700 + static_cast<int64_t>(rng() % 1500);
    for (int i = 0; i < rows_per_batch; ++i) {
      int64_t lag = static_cast<int64_t>(rng() % 6000);  // up to 6 s late: some rows fall behind the watermark
      int64_t t = std::max<int64_t>(0, now_ms - lag);
      rows.push_back({Value::Int(static_cast<int64_t>(rng() % 3)), Value::Int(t), Value::Int(static_cast<int64_t>(rng() % 100) - 20)});
    }
    out.push_back(std::move(rows));
  }
  return out;
}

void ExpectSame(const Outcome& panes, const Outcome& copies) {
  ASSERT_EQ(panes.batches.size(), copies.batches.size());
  for (size_t b = 0; b < panes.batches.size(); ++b) {
    EXPECT_EQ(panes.batches[b].batch_id, copies.batches[b].batch_id);
    ASSERT_EQ(panes.batches[b].rows.size(), copies.batches[b].rows.size()) << "batch " << b;
    for (size_t r = 0; r < panes.batches[b].rows.size(); ++r)
      EXPECT_EQ(Value::Array(panes.batches[b].rows[r]), Value::Array(copies.batches[b].rows[r]))
          << "batch " << b << " row " << r;
  }
  ASSERT_EQ(panes.metrics.size(), copies.metrics.size());
  for (size_t b = 0; b < panes.metrics.size(); ++b) {
    ASSERT_EQ(panes.metrics[b].size(), 1u);
    ASSERT_EQ(copies.metrics[b].size(), 1u);
    const auto& p = panes.metrics[b][0];
    const auto& c = copies.metrics[b][0];
    EXPECT_EQ(p.total, c.total) << "batch " << b;
    EXPECT_EQ(p.updated, c.updated) << "batch " << b;
    EXPECT_EQ(p.removed, c.removed) << "batch " << b;
    EXPECT_EQ(p.dropped, c.dropped) << "batch " << b;
  }
}

class SlidingPanes : public ::testing::TestWithParam<Case> {};

TEST_P(SlidingPanes, SameAsRowCopying) {
  const Case& c = GetParam();
  for (uint32_t seed : {1u, 2u, 3u}) {
    auto batches = RandomBatches(seed, 12, 40);
    Outcome panes = RunQuery(c, batches, "panes");
    Outcome copies = RunQuery(c, batches, "copies");
    ASSERT_FALSE(copies.batches.empty());
    int64_t dropped = 0, removed = 0;
    for (const auto& m : copies.metrics) {
      dropped += m[0].dropped;
      removed += m[0].removed;
    }
    if (c.mode != OutputMode::kComplete) {
      EXPECT_GT(dropped, 0) << "the data should include late rows";
      EXPECT_GT(removed, 0) << "the data should move the watermark past windows";
    }
    ExpectSame(panes, copies);
  }
}

const std::vector<std::string> kAggs = {"count(*) AS n", "sum(v) AS s", "min(v) AS lo", "max(v) AS hi", "avg(v) AS a"};

INSTANTIATE_TEST_SUITE_P(
    Modes, SlidingPanes,
    ::testing::Values(Case{"4 seconds", "1 second", "0 seconds", OutputMode::kAppend, kAggs},
                      Case{"4 seconds", "1 second", "0 seconds", OutputMode::kUpdate, kAggs},
                      Case{"4 seconds", "1 second", "0 seconds", OutputMode::kComplete, kAggs},
                      Case{"5 seconds", "2 seconds", "300 milliseconds", OutputMode::kUpdate, kAggs},
                      Case{"6 seconds", "4 seconds", "1 second", OutputMode::kAppend, {"count(v) AS n", "max(v) AS hi"}},
                      Case{"10 seconds", "500 milliseconds", "0 seconds", OutputMode::kAppend, {"count(*) AS n"}}),
    [](const ::testing::TestParamInfo<Case>& info) {
      std::string name = std::string(OutputModeName(info.param.mode)) + "_" + info.param.window + "_by_" +
                         info.param.slide + "_from_" + info.param.start;
      for (char& ch : name)
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      return name;
    });

// The window bounds the Studio draws are the engine's assignment (TimeWindowing): a
// timestamp is in every window [start, start + size) whose start is aligned to the slide
// from the start offset, oldest first.
TEST(TimeWindowBoundsTest, AreTheWindowsTheEngineAssigns) {
  const auto minutes = [](int64_t m) { return Duration::Micros(m * 60'000'000); };
  const Timestamp t = Timestamp::FromMicros(7 * 60'000'000 + 5);  // 00:07:00.000005
  auto b = TimeWindowBounds(t, minutes(10), minutes(5), Duration::Micros(0));
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0], std::make_pair(Timestamp() + minutes(0), Timestamp() + minutes(10)));
  EXPECT_EQ(b[1], std::make_pair(Timestamp() + minutes(5), Timestamp() + minutes(15)));
  b = TimeWindowBounds(t, minutes(10), minutes(10), minutes(3));  // tumbling, offset 3 minutes
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].first, Timestamp() + minutes(3));
  WindowKey w;
  w.size = minutes(10);
  w.slide = minutes(5);
  std::vector<Value> values;
  TimeWindows(w, t.micros(), &values);
  ASSERT_EQ(values.size(), 2u);
  EXPECT_EQ(values[1], MakeWindow(minutes(5).micros(), minutes(15).micros()));
}

}  // namespace
}  // namespace tideline::structured
