// Every stateful physical operator through the operator harness (operator_harness.h):
// rows arrive, the watermark and the clock move, and the state is snapshotted and
// restored into a fresh executor in the middle of the stream. Each test runs its stream
// twice, once straight through and once with the restart, and checks that the restart
// changes no output row, no state row and no metric, and then what the operator must have
// kept across it.

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/structured/dataframe.h"
#include "core/value/schema.h"
#include "operator_harness.h"

namespace tideline::structured {
namespace {

using testing::OperatorHarness;

Value Ts(int64_t seconds) { return Value::Ts(Timestamp::FromSeconds(seconds)); }
Value Str(const char* s) { return Value::String(s); }

DataFrame Input(const std::string& name, const std::string& ddl) {
  auto schema = ParseSchema(ddl);
  EXPECT_TRUE(schema.ok()) << schema.status().ToString();
  return DataFrame::Source(name, *schema, true);
}

// One batch of the stream: the rows of each input, then the watermark and the clock the
// batch runs with (seconds).
struct Batch {
  std::vector<std::pair<std::string, std::vector<Row>>> rows;
  int64_t watermark_s = 0;
  int64_t clock_s = 0;
};

struct StreamRun {
  std::vector<std::vector<Row>> outputs;
  std::vector<std::pair<std::string, std::vector<std::pair<Value, Value>>>> state;
  std::vector<StateOperatorProgress> metrics;
};

// Runs `batches`; with `restart_before` >= 0 the state is snapshotted and restored into a
// fresh executor before that batch.
StreamRun RunStream(const DataFrame& df, OutputMode mode, const std::vector<Batch>& batches, int restart_before,
              std::map<std::string, std::string> config = {}) {
  OperatorHarness h(df, mode, std::move(config));
  EXPECT_TRUE(h.status().ok()) << h.status().ToString();
  StreamRun run;
  for (size_t i = 0; i < batches.size(); ++i) {
    if (static_cast<int>(i) == restart_before) {
      h.SnapshotAndRestart();
      EXPECT_TRUE(h.status().ok()) << h.status().ToString();
    }
    for (const auto& [source, rows] : batches[i].rows) h.AddRows(source, rows);
    h.SetWatermark(Timestamp::FromSeconds(batches[i].watermark_s));
    h.SetClock(Timestamp::FromSeconds(batches[i].clock_s));
    run.outputs.push_back(h.RunBatch());
    EXPECT_TRUE(h.status().ok()) << h.status().ToString();
  }
  run.state = h.State();
  run.metrics = h.Metrics();
  return run;
}

// The stream with a restart before batch `restart_before` ends as the one without.
StreamRun ExpectRestartChangesNothing(const DataFrame& df, OutputMode mode, const std::vector<Batch>& batches,
                                int restart_before, std::map<std::string, std::string> config = {}) {
  EXPECT_TRUE(df.ok()) << df.status().ToString();
  StreamRun straight = RunStream(df, mode, batches, -1, config);
  StreamRun restarted = RunStream(df, mode, batches, restart_before, config);
  EXPECT_EQ(straight.outputs, restarted.outputs);
  EXPECT_EQ(straight.state, restarted.state);
  EXPECT_EQ(straight.metrics.size(), restarted.metrics.size());
  for (size_t i = 0; i < straight.metrics.size() && i < restarted.metrics.size(); ++i) {
    EXPECT_EQ(straight.metrics[i].total, restarted.metrics[i].total) << i;
    EXPECT_EQ(straight.metrics[i].updated, restarted.metrics[i].updated) << i;
    EXPECT_EQ(straight.metrics[i].removed, restarted.metrics[i].removed) << i;
    EXPECT_EQ(straight.metrics[i].dropped, restarted.metrics[i].dropped) << i;
  }
  return restarted;
}

TEST(OperatorHarnessTest, WindowAggregationEmitsWindowsCountedBeforeTheRestart) {
  DataFrame df = Input("events", "k STRING, ts TIMESTAMP")
                     .WithWatermark("ts", "10 seconds")
                     .GroupBy({"window(ts, '10 seconds') AS window", "k"})
                     .Agg({"count(*) AS n"});
  std::vector<Batch> batches = {
      {{{"events", {{Str("a"), Ts(1)}, {Str("a"), Ts(2)}, {Str("b"), Ts(3)}}}}, 0},
      {{{"events", {{Str("a"), Ts(4)}}}}, 0},
      {{{"events", {{Str("a"), Ts(25)}}}}, 15},  // closes [0, 10)
  };
  StreamRun run = ExpectRestartChangesNothing(df, OutputMode::kAppend, batches, 1);
  ASSERT_EQ(run.outputs[2].size(), 2u);  // a: 3 (two before the restart), b: 1
  EXPECT_EQ(run.outputs[2][0][2], Value::Int(3));
  EXPECT_EQ(run.outputs[2][1][2], Value::Int(1));
}

TEST(OperatorHarnessTest, SlidingWindowPanesSurviveTheRestart) {
  DataFrame df = Input("events", "k STRING, ts TIMESTAMP")
                     .WithWatermark("ts", "5 seconds")
                     .GroupBy({"window(ts, '10 seconds', '5 seconds') AS window", "k"})
                     .Agg({"count(*) AS n"});
  std::vector<Batch> batches = {
      {{{"events", {{Str("a"), Ts(6)}, {Str("a"), Ts(7)}}}}, 0},
      {{{"events", {{Str("a"), Ts(8)}, {Str("b"), Ts(12)}}}}, 2},
      {{{"events", {{Str("a"), Ts(9)}}}}, 7},
      {{{"events", {{Str("a"), Ts(30)}}}}, 25},
  };
  StreamRun panes = ExpectRestartChangesNothing(df, OutputMode::kUpdate, batches, 2);
  // The same stream with a row copied into every window it falls in gives the same output
  // and the same state as Spark sees it.
  StreamRun copies =
      ExpectRestartChangesNothing(df, OutputMode::kUpdate, batches, 2, {{"tideline.slidingWindows", "copies"}});
  EXPECT_EQ(panes.outputs, copies.outputs);
  EXPECT_EQ(panes.state, copies.state);
}

TEST(OperatorHarnessTest, SessionWindowsMergeAcrossTheRestart) {
  DataFrame df = Input("events", "k STRING, ts TIMESTAMP")
                     .WithWatermark("ts", "0 seconds")
                     .GroupBy({"session_window(ts, '5 seconds') AS session", "k"})
                     .Agg({"count(*) AS n"});
  std::vector<Batch> batches = {
      {{{"events", {{Str("a"), Ts(1)}}}}, 0},
      {{{"events", {{Str("a"), Ts(4)}}}}, 1},  // extends a's session to [1, 9)
      {{{"events", {{Str("b"), Ts(30)}}}}, 4},
      {{}, 30},  // closes a's session
  };
  StreamRun run = ExpectRestartChangesNothing(df, OutputMode::kAppend, batches, 1);
  ASSERT_EQ(run.outputs[3].size(), 1u);
  EXPECT_EQ(run.outputs[3][0][2], Value::Int(2));
}

TEST(OperatorHarnessTest, DeduplicationRemembersKeysSeenBeforeTheRestart) {
  DataFrame df = Input("events", "id STRING, ts TIMESTAMP").DropDuplicates({"id"});
  std::vector<Batch> batches = {
      {{{"events", {{Str("x"), Ts(1)}, {Str("y"), Ts(2)}}}}, 0},
      {{{"events", {{Str("x"), Ts(3)}, {Str("z"), Ts(4)}}}}, 0},
  };
  StreamRun run = ExpectRestartChangesNothing(df, OutputMode::kAppend, batches, 1);
  ASSERT_EQ(run.outputs[1].size(), 1u);  // x was seen before the restart
  EXPECT_EQ(run.outputs[1][0][0], Str("z"));
}

TEST(OperatorHarnessTest, DeduplicationWithinWatermarkExpiresKeysAfterTheRestart) {
  DataFrame df = Input("events", "id STRING, ts TIMESTAMP")
                     .WithWatermark("ts", "5 seconds")
                     .DropDuplicatesWithinWatermark({"id"});
  std::vector<Batch> batches = {
      {{{"events", {{Str("x"), Ts(10)}}}}, 0},
      {{{"events", {{Str("x"), Ts(12)}}}}, 5},   // a duplicate: x expires at 15
      {{}, 16},                                  // evicts x (expired at 15) after the batch
      {{{"events", {{Str("x"), Ts(30)}}}}, 16},  // x is new again
  };
  StreamRun run = ExpectRestartChangesNothing(df, OutputMode::kAppend, batches, 1);
  EXPECT_TRUE(run.outputs[1].empty());
  EXPECT_EQ(run.outputs[3].size(), 1u);
}

TEST(OperatorHarnessTest, StreamStreamJoinMatchesRowsStoredBeforeTheRestart) {
  DataFrame left = Input("left", "lk STRING, lts TIMESTAMP").WithWatermark("lts", "10 seconds");
  DataFrame right = Input("right", "rk STRING, rts TIMESTAMP").WithWatermark("rts", "10 seconds");
  DataFrame df = left.Join(right, "lk = rk AND rts BETWEEN lts AND lts + INTERVAL 20 SECONDS", JoinType::kLeftOuter);
  std::vector<Batch> batches = {
      {{{"left", {{Str("a"), Ts(1)}, {Str("b"), Ts(2)}}}}, 0},
      {{{"right", {{Str("a"), Ts(5)}}}}, 0},
      {{{"left", {{Str("c"), Ts(60)}}}, {"right", {{Str("c"), Ts(61)}}}}, 45},  // b never matched
  };
  StreamRun run = ExpectRestartChangesNothing(df, OutputMode::kAppend, batches, 1);
  ASSERT_EQ(run.outputs[1].size(), 1u);  // a, stored before the restart, meets its match
  EXPECT_EQ(run.outputs[1][0][0], Str("a"));
}

TEST(OperatorHarnessTest, GroupStateKeepsEachKeysStateAcrossTheRestart) {
  GroupStateDef def;
  def.group_by = {"k"};
  def.output_mode = "update";
  def.update = "coalesce(state, 0) + size(rows)";
  def.emit = {"struct(k, coalesce(state, 0) + size(rows) AS n)"};
  DataFrame df = Input("events", "k STRING, ts TIMESTAMP").FlatMapGroupsWithState(def);
  std::vector<Batch> batches = {
      {{{"events", {{Str("a"), Ts(1)}, {Str("a"), Ts(2)}}}}, 0},
      {{{"events", {{Str("a"), Ts(3)}, {Str("b"), Ts(4)}}}}, 0},
  };
  StreamRun run = ExpectRestartChangesNothing(df, OutputMode::kUpdate, batches, 1);
  ASSERT_EQ(run.outputs[1].size(), 2u);
  EXPECT_EQ(run.outputs[1][0], (Row{Str("a"), Value::Int(3)}));
}

TEST(OperatorHarnessTest, GroupStateTimesOutByTheClockAfterTheRestart) {
  GroupStateDef def;
  def.group_by = {"k"};
  def.output_mode = "update";
  def.timeout = "processingTime";
  def.update = "CASE WHEN hasTimedOut THEN NULL ELSE coalesce(state, 0) + size(rows) END";
  def.remove = "hasTimedOut";
  def.emit = {"CASE WHEN hasTimedOut THEN struct(k, state AS n) END"};
  def.set_timeout = "CASE WHEN hasTimedOut THEN NULL ELSE '10 seconds' END";
  DataFrame df = Input("events", "k STRING, ts TIMESTAMP").FlatMapGroupsWithState(def);
  std::vector<Batch> batches = {
      {{{"events", {{Str("a"), Ts(1)}}}}, 0, 0},
      {{{"events", {{Str("b"), Ts(2)}}}}, 0, 5},
      {{}, 0, 12},  // a's deadline (10 s) passed; b's (15 s) did not
  };
  StreamRun run = ExpectRestartChangesNothing(df, OutputMode::kUpdate, batches, 1);
  ASSERT_EQ(run.outputs[2].size(), 1u);
  EXPECT_EQ(run.outputs[2][0], (Row{Str("a"), Value::Int(1)}));
}

TEST(OperatorHarnessTest, StreamingLimitCountsRowsEmittedBeforeTheRestart) {
  DataFrame df = Input("events", "k STRING, ts TIMESTAMP").Limit(3);
  std::vector<Batch> batches = {
      {{{"events", {{Str("a"), Ts(1)}, {Str("b"), Ts(2)}}}}, 0},
      {{{"events", {{Str("c"), Ts(3)}, {Str("d"), Ts(4)}}}}, 0},
      {{{"events", {{Str("e"), Ts(5)}}}}, 0},
  };
  StreamRun run = ExpectRestartChangesNothing(df, OutputMode::kAppend, batches, 1);
  EXPECT_EQ(run.outputs[1].size(), 1u);  // two of the three were emitted before the restart
  EXPECT_TRUE(run.outputs[2].empty());
}

}  // namespace
}  // namespace tideline::structured
