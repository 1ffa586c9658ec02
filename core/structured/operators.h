#pragma once
// The physical operators of a micro-batch, one file each: each is a function over the
// immutable PlanNode that describes it, the batch's OperatorContext and, for stateful
// ones, its own state, declared beside it here: a StatefulState (operator_state.h) that
// holds only what that operator keeps. In each, the event-time columns are configuration
// (set when the Executor is prepared) and the maps are checkpointed. The Executor
// (exec.h) walks the plan and calls them; the operator harness tests drive them through
// it. Each takes the rows its children produced in this batch and returns its
// output rows. Rows are evaluated with the context's RowEnv; an expression that fails
// throws expr::EvalError, which the Executor turns into a Status.

#include <utility>
#include <vector>

#include "core/structured/operator_state.h"

namespace tideline::structured {

// ---- project_filter.cc: stateless row operators.
std::vector<Row> ExecuteProject(const PlanNode& n, OperatorContext& cx, std::vector<Row> in);
std::vector<Row> ExecuteFilter(const PlanNode& n, OperatorContext& cx, std::vector<Row> in);
// The filters predicate pushdown moved below a node (PushedDownFilters), on its output.
std::vector<Row> ApplyPushedFilters(const std::vector<expr::CompiledExpr>& filters, OperatorContext& cx,
                                    std::vector<Row> rows);
// A watermark node: the event-time statistics of the batch's rows (EventTimeWatermarkExec).
void CollectEventStats(const PlanNode& n, WatermarkState& op, const std::vector<Row>& in);

// ---- sort_limit.cc
std::vector<Row> ExecuteSort(const PlanNode& n, OperatorContext& cx, std::vector<Row> in);
// The state of a limit: a streaming limit in append or update mode counts the rows it
// emitted (StreamingGlobalLimitExec).
struct LimitState : StatefulState {
  using StatefulState::StatefulState;
  CheckpointedParts checkpointed() override { return {{&count_row}, &emitted}; }
  int64_t emitted = 0;
  StateMap count_row;  // Spark's state row of the count: null -> emitted
};
std::vector<Row> ExecuteLimit(const PlanNode& n, OperatorContext& cx, LimitState& op, std::vector<Row> in);
// Whether a limit counts across batches (StreamingGlobalLimitStrategy plans
// StreamingGlobalLimitExec): over a streaming plan in append mode, or in complete mode when
// no streaming aggregation is below it; elsewhere it limits each batch's rows (GlobalLimitExec).
bool StreamingGlobalLimit(const PlanNode& n, OutputMode mode);

// ---- aggregate.cc: aggregation of static data and streaming aggregation.
// The state of a streaming aggregation (StateStoreSaveExec).
struct AggregateState : StatefulState {
  using StatefulState::StatefulState;
  CheckpointedParts checkpointed() override { return {{&groups}}; }
  int event_key = -1;  // the key column holding the event time
  StateMap groups;     // group key -> buffers
};
std::vector<Row> ExecuteBatchAggregate(const PlanNode& n, OperatorContext& cx, const std::vector<Row>& in);
std::vector<Row> ExecuteStreamingAggregate(const PlanNode& n, OperatorContext& cx, AggregateState& op,
                                           const std::vector<Row>& in);
// Partial aggregation of a batch: group key -> buffers, in canonical key order.
StateMap PartialAggregate(const PlanNode& n, OperatorContext& cx, const std::vector<Row>& in);
// The output row of one group: its key and the result expressions over the final values.
Row FinishAggregate(const PlanNode& n, OperatorContext& cx, const Row& key, const Value& bufs);

// ---- pane_aggregate.cc: sliding windows by panes.
// Whether a streaming aggregation runs by panes (see pane_aggregate.cc).
bool UsePanes(const PlanNode& n, const QueryOptions& options);
// The state of a pane aggregation: panes, and the windows Spark's state would hold.
struct PaneAggregateState : StatefulState {
  using StatefulState::StatefulState;
  CheckpointedParts checkpointed() override { return {{&panes, &windows}}; }
  // Spark's view: one entry per (key, window).
  std::vector<std::pair<Value, Value>> StateRows() override;
  int event_key = -1;  // the key column holding the event time
  StateMap panes;      // [key, pane start] -> the pane's buffers
  StateMap windows;    // key -> its windows' start ranges [lo0, hi0, lo1, hi1, ...]
};
std::vector<Row> ExecutePaneAggregate(const PlanNode& n, OperatorContext& cx, PaneAggregateState& op,
                                      const std::vector<Row>& in);

// ---- session_window.cc
// The state of a session-window aggregation (SessionWindowStateStoreSaveExec).
struct SessionWindowState : StatefulState {
  using StatefulState::StatefulState;
  CheckpointedParts checkpointed() override { return {{&sessions}}; }
  StateMap sessions;  // group key -> its sessions [start, end, buffers], sorted by start
};
std::vector<Row> ExecuteSessionAggregate(const PlanNode& n, OperatorContext& cx, SessionWindowState& op,
                                         const std::vector<Row>& in);

// ---- deduplicate.cc: static and streaming dropDuplicates, dropDuplicatesWithinWatermark.
// The state of a streaming deduplication (StreamingDeduplicateExec).
struct DeduplicateState : StatefulState {
  using StatefulState::StatefulState;
  CheckpointedParts checkpointed() override { return {{&seen}}; }
  int event_col = -1;  // the input's event-time column
  StateMap seen;       // key -> the event time (us) it expires at, or null
};
std::vector<Row> ExecuteBatchDeduplicate(const PlanNode& n, std::vector<Row> in);
std::vector<Row> ExecuteStreamingDeduplicate(const PlanNode& n, DeduplicateState& op, std::vector<Row> in);

// ---- stream_static_join.cc: the rows every join builds, and the stream-static join.
// Left ++ right columns; a null side is padded with nulls.
Row JoinedRow(const PlanNode& n, const Row* l, const Row* r);
// The join's output columns from a joined row.
Row PickJoinColumns(const PlanNode& n, const Row& both);
bool JoinConditionHolds(const PlanNode& n, OperatorContext& cx, const Row& both);
Value JoinKey(OperatorContext& cx, const std::vector<expr::CompiledExpr>& keys, const Row& r);
bool HasNullKey(const Value& key);
std::vector<Row> ExecuteStreamStaticJoin(const PlanNode& n, OperatorContext& cx, const std::vector<Row>& l,
                                         const std::vector<Row>& r);

// ---- stream_stream_join.cc
// The state of a stream-stream join (StreamingSymmetricHashJoinExec), per side: 0 left,
// 1 right.
struct StreamJoinState : StatefulState {
  using StatefulState::StatefulState;
  CheckpointedParts checkpointed() override { return {{&sides[0], &sides[1]}}; }
  int event_col[2] = {-1, -1};  // each side's event-time column
  StateMap sides[2];            // join key -> the side's rows [row, matched]
};
// The state watermark of one side (StreamingSymmetricHashJoinHelper): the event watermark
// when the side's join keys carry the event time; otherwise what the condition's time range
// allows, given the other side's watermark; nullopt when the state is never cleaned. At
// millisecond precision, as Spark computes it.
std::optional<Timestamp> JoinStateWatermark(const StreamJoinState& op, int side, Timestamp other_watermark);
std::vector<Row> ExecuteStreamStreamJoin(const PlanNode& n, OperatorContext& cx, StreamJoinState& op,
                                         std::vector<Row> l, std::vector<Row> r);

// ---- group_state.cc: (flat)MapGroupsWithState.
// The state of (flat)MapGroupsWithState (FlatMapGroupsWithStateExec).
struct GroupStateState : StatefulState {
  using StatefulState::StatefulState;
  CheckpointedParts checkpointed() override { return {{&groups}}; }
  int event_col = -1;  // the input's event-time column
  StateMap groups;     // group key -> [state, timeout in microseconds or null]
};
std::vector<Row> ExecuteGroupState(const PlanNode& n, OperatorContext& cx, GroupStateState& op, std::vector<Row> in);

}  // namespace tideline::structured
