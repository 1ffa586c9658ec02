// Rules of the Structured Streaming engine that no lesson or conformance scenario pins
// down on its own, checked through small scenarios.

#include <gtest/gtest.h>

#include <string>

#include "core/trace/trace.h"
#include "tests/test_util.h"

namespace tideline {
namespace {

using testing_util::RunText;

std::string Header(const std::string& inputs) {
  return "tideline: 1\ntitle: t\napi: structured\ninputs:\n" + inputs;
}

// A windowed count over `in` with a 10-second watermark on ts, filtered by `where`.
std::string WindowedCount(const std::string& where, const std::string& steps) {
  return Header("  in: {type: memory, schema: \"value INT\"}\n") + R"yaml(query:
  from: in
  ops:
    - select: ["value", "timestamp_seconds(value) AS ts"]
    - withWatermark: {column: ts, delay: 10 seconds}
    - where: ")yaml" + where + R"yaml("
    - groupBy: ["window(ts, '10 seconds')"]
    - agg: ["count(*) AS n"]
sink: {format: memory, outputMode: append}
steps:
)yaml" + steps;
}

// PushPredicateThroughNonJoin: a filter that does not read the event-time column runs below
// EventTimeWatermark, so the rows it removes never reach the event-time statistics.
TEST(StructuredPushdown, FilterBelowWatermarkKeepsRowsOutOfStatistics) {
  auto o = RunText(WindowedCount("value < 100", R"yaml(  - addData: {in: [5, 200]}
  - processAllAvailable
  - assertProgress: {eventTime.max: "1970-01-01T00:00:05.000Z"}
  - addData: {in: [7]}
  - processAllAvailable
  - assertProgress: {numInputRows: 1, stateOperators.0.numRowsDroppedByWatermark: 0}
)yaml"));
  EXPECT_TRUE(o.passed) << o.error << o.failure;
}

// A filter on the event-time column itself stays above the watermark.
TEST(StructuredPushdown, FilterOnEventTimeStaysAboveWatermark) {
  auto o = RunText(WindowedCount("ts < timestamp_seconds(100)", R"yaml(  - addData: {in: [5, 200]}
  - processAllAvailable
  - assertProgress: {eventTime.watermark: "1970-01-01T00:03:10.000Z"}
  - addData: {in: [7]}
  - processAllAvailable
  - assertProgress: {stateOperators.0.numRowsDroppedByWatermark: 1}
)yaml"));
  EXPECT_TRUE(o.passed) << o.error << o.failure;
}

// InferFiltersFromConstraints: the right side keeps only even ids, and the join's equality
// carries that constraint to the left side, whose odd rows are never stored.
TEST(StructuredPushdown, JoinEqualityCarriesAFilterToTheOtherSide) {
  std::string text = Header("  a: {type: memory, schema: \"id INT\"}\n  b: {type: memory, schema: \"id INT\"}\n") +
                     R"yaml(query:
  from: a
  ops:
    - select: ["id AS leftId"]
    - join:
        with:
          from: b
          ops:
            - where: "id % 2 = 0"
            - select: ["id AS rightId"]
        on: "leftId = rightId"
        type: inner
sink: {format: memory, outputMode: append}
steps:
  - addData: {a: [1, 2, 3, 4], b: [1, 2, 3]}
  - checkNewAnswer: [[2, 2]]
  - assertNumStateRows: {total: 3, updated: 3}
)yaml";
  auto o = RunText(text);
  EXPECT_TRUE(o.passed) << o.error << o.failure;
}

// A left outer join keeps its left rows: the right side's constraint is not carried over.
TEST(StructuredPushdown, LeftOuterJoinKeepsTheLeftRows) {
  std::string text = Header("  a: {type: memory, schema: \"id INT\"}\n  b: {type: memory, schema: \"id INT\"}\n") +
                     R"yaml(query:
  from: a
  ops:
    - select: ["id AS leftId", "timestamp_seconds(id) AS lt"]
    - withWatermark: {column: lt, delay: 1 hour}
    - join:
        with:
          from: b
          ops:
            - where: "id % 2 = 0"
            - select: ["id AS rightId", "timestamp_seconds(id) AS rt"]
            - withWatermark: {column: rt, delay: 1 hour}
        on: "leftId = rightId AND lt = rt"
        type: left_outer
    - select: ["leftId", "rightId"]
sink: {format: memory, outputMode: append}
steps:
  - addData: {a: [1, 2, 3, 4], b: [1, 2, 3]}
  - checkNewAnswer: [[2, 2]]
  - assertNumStateRows: {total: 5, updated: 5}
)yaml";
  auto o = RunText(text);
  EXPECT_TRUE(o.passed) << o.error << o.failure;
}

// StateStoreSaveExec.shouldRunAnotherBatch: in update mode a moving watermark asks for a
// no-data batch even when the grouping key holds no event time.
TEST(StructuredNoDataBatches, AggregationWithoutEventTimeKeyRunsOneWhenTheWatermarkMoves) {
  std::string text = Header("  in: {type: memory, schema: \"value INT\"}\n") + R"yaml(query:
  from: in
  ops:
    - select: ["value", "timestamp_seconds(value) AS ts"]
    - withWatermark: {column: ts, delay: 10 seconds}
    - groupBy: ["value % 2 AS parity"]
    - agg: ["count(*) AS n"]
sink: {format: memory, outputMode: update}
steps:
  - addData: {in: [100]}
  - checkNewAnswer: [[0, 1]]
  - assertProgress: {batchId: 1, numInputRows: 0, eventTime.watermark: "1970-01-01T00:01:30.000Z"}
  - addData: {in: [101]}
  - checkNewAnswer: [[1, 1]]
  - note: "The watermark moves again (to 91 s): another no-data batch."
  - assertProgress: {batchId: 3, numInputRows: 0}
)yaml";
  auto o = RunText(text);
  EXPECT_TRUE(o.passed) << o.error << o.failure;
}

// Processing-time timeouts under the default trigger: a no-data batch finds timeouts only
// when the clock has moved since the last batch (no endless batches at one instant).
TEST(StructuredNoDataBatches, ProcessingTimeTimeoutsRunWhenTheClockMoves) {
  std::string text = Header("  in: {type: memory, schema: \"user STRING\"}\n") + R"yaml(query:
  from: in
  ops:
    - flatMapGroupsWithState:
        groupBy: [user]
        outputMode: update
        timeout: processingTime
        let:
          n: "coalesce(state.count, 0) + size(rows)"
        update: "CASE WHEN hasTimedOut THEN NULL ELSE struct(n AS count) END"
        remove: "hasTimedOut"
        emit: ["struct(user, CASE WHEN hasTimedOut THEN -1 ELSE n END AS count)"]
        setTimeout: "CASE WHEN hasTimedOut THEN NULL ELSE '10 seconds' END"
sink: {format: memory, outputMode: update}
steps:
  - addData: {in: [a, a, b]}
  - checkNewAnswer: [[a, 2], [b, 1]]
  - assertProgress: {batchId: 0}
  - advanceClock: 5 seconds
  - addData: {in: [b]}
  - checkNewAnswer: [[b, 2]]
  - assertProgress: {batchId: 1}
  - advanceClock: 6 seconds
  - note: "a times out at 10 s; b's deadline moved to 15 s."
  - checkNewAnswer: [[a, -1]]
  - assertProgress: {batchId: 2, numInputRows: 0}
)yaml";
  auto o = RunText(text);
  EXPECT_TRUE(o.passed) << o.error << o.failure;
}

// The trace carries what the Studio draws for a query: each row's event time at arrival,
// the watermark before and after each batch, late rows with the watermark that dropped
// them, and state rows as they are created, updated and evicted.
TEST(StructuredTrace, EventTimesWatermarksLateRowsAndEvictions) {
  auto sc = scenario::LoadScenario(std::string(TIDELINE_SOURCE_DIR) + "/scenarios/structured/late-data-watermark.yaml");
  ASSERT_TRUE(sc.ok()) << sc.status().ToString();
  scenario::RunnerOptions opts;
  auto r = scenario::Runner::Create(*sc, opts);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  trace::Recorder rec;
  (*r)->tracer().AddListener(&rec);
  (*r)->RunAll();
  ASSERT_TRUE((*r)->passed()) << (*r)->failure();
  int arrivals = 0, started = 0, late = 0, evicted = 0, created = 0;
  int64_t last_wm = -1;
  for (const auto& e : rec.events()) {
    switch (e.kind) {
      case trace::EventKind::kRecordArrived: {
        ++arrivals;
        ASSERT_EQ(e.event_times.size(), e.values.size());
        // The lesson's rows are (word, ts): the event time is the ts column itself.
        for (size_t i = 0; i < e.values.size(); ++i) EXPECT_EQ(e.event_times[i], e.values[i][1]);
        break;
      }
      case trace::EventKind::kBatchStarted:
        ++started;
        ASSERT_TRUE(e.has_watermark);
        EXPECT_GE(e.watermark.millis(), last_wm) << "the watermark never moves back";
        last_wm = e.watermark.millis();
        break;
      case trace::EventKind::kLate:
        ++late;
        EXPECT_GT(e.count, 0);
        EXPECT_TRUE(e.has_watermark);
        break;
      case trace::EventKind::kStateChange:
        if (e.change == trace::StateChange::kEvicted) {
          ++evicted;
          EXPECT_TRUE(e.after.is_null());
          // An evicted window ended at or before the watermark of its batch.
          EXPECT_LE(e.key[0][1].as_ts().millis(), last_wm);
        }
        if (e.change == trace::StateChange::kNew) ++created;
        break;
      default:
        break;
    }
  }
  EXPECT_EQ(arrivals, 4);
  EXPECT_GE(started, 4);
  EXPECT_EQ(late, 1);
  EXPECT_GT(evicted, 0);
  EXPECT_GT(created, evicted);
}

// Statistical and other aggregate functions of Spark SQL, in a streaming aggregation.
TEST(StructuredAggregates, StatisticsDistinctCountsAndArgMax) {
  std::string text = Header("  in: {type: memory, schema: \"name STRING, v INT\"}\n") + R"yaml(query:
  from: in
  ops:
    - groupBy: []
    - agg: ["var_samp(v) AS vs", "var_pop(v) AS vp", "stddev(v) AS sd", "approx_count_distinct(v % 2) AS parities",
            "count_if(v > 2) AS big", "max_by(name, v) AS top", "min_by(name, v) AS bottom", "bool_and(v > 0) AS pos",
            "bool_or(v > 3) AS any4"]
sink: {format: memory, outputMode: complete}
steps:
  - addData: {in: [[a, 1], [b, 2]]}
  - checkAnswer: [[0.5, 0.25, 0.7071067811865476, 2, 0, b, a, true, false]]
  - addData: {in: [[c, 3], [d, 4], [e, null]]}
  - checkAnswer: [[1.6666666666666667, 1.25, 1.2909944487358056, 2, 2, d, a, true, true]]
)yaml";
  auto o = RunText(text);
  EXPECT_TRUE(o.passed) << o.error << o.failure;
}


// distinct() on a stream is an aggregation keyed by every column (Spark's
// ReplaceDistinctWithAggregate): in complete mode the table of distinct rows so far; in
// append mode without a watermark, rejected as such an aggregation is.
TEST(StructuredEngineTest, DistinctIsAnAggregationByEveryColumn) {
  const std::string head = R"yaml(tideline: 1
title: distinct
api: structured
inputs:
  input: {type: memory, schema: "value INT, tag STRING"}
query:
  from: input
  ops:
    - distinct: []
sink:
  format: memory
)yaml";
  auto complete = RunText(head + R"yaml(  outputMode: complete
steps:
  - addData: {input: [[1, a], [2, b], [2, b], [2, c]]}
  - checkAnswer: [[1, a], [2, b], [2, c]]
  - addData: {input: [[2, b], [3, a]]}
  - checkAnswer: [[1, a], [2, b], [2, c], [3, a]]
)yaml");
  EXPECT_TRUE(complete.passed) << complete.error << complete.failure;
  auto append = RunText(head + R"yaml(  outputMode: append
steps:
  - expectFailure: {contains: ["STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION", "append"]}
)yaml");
  EXPECT_TRUE(append.passed) << append.error << append.failure;
}

}  // namespace
}  // namespace tideline
