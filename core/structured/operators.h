#pragma once
// The physical operators of a micro-batch, one file each: each is a function over the
// immutable PlanNode that describes it, the batch's OperatorContext and, for stateful
// ones, the OperatorState that holds its state store and metrics (operator_state.h).
// The Executor (exec.h) walks the plan and calls them; the operator harness tests call
// them directly. Each takes the rows its children produced in this batch and returns its
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
void CollectEventStats(const PlanNode& n, OperatorState& op, const std::vector<Row>& in);

// ---- sort_limit.cc
std::vector<Row> ExecuteSort(const PlanNode& n, OperatorContext& cx, std::vector<Row> in);
// A streaming limit in append or update mode counts the rows it emitted in its state.
std::vector<Row> ExecuteLimit(const PlanNode& n, OperatorContext& cx, OperatorState& op, std::vector<Row> in);

// ---- aggregate.cc: aggregation of static data and streaming aggregation (state: group
// key -> buffers).
std::vector<Row> ExecuteBatchAggregate(const PlanNode& n, OperatorContext& cx, const std::vector<Row>& in);
std::vector<Row> ExecuteStreamingAggregate(const PlanNode& n, OperatorContext& cx, OperatorState& op,
                                           const std::vector<Row>& in);
// Partial aggregation of a batch: group key -> buffers, in canonical key order.
StateMap PartialAggregate(const PlanNode& n, OperatorContext& cx, const std::vector<Row>& in);
// The output row of one group: its key and the result expressions over the final values.
Row FinishAggregate(const PlanNode& n, OperatorContext& cx, const Row& key, const Value& bufs);

// ---- pane_aggregate.cc: sliding windows by panes.
// Whether a streaming aggregation runs by panes (see pane_aggregate.cc).
bool UsePanes(const PlanNode& n, const QueryOptions& options);
std::vector<Row> ExecutePaneAggregate(const PlanNode& n, OperatorContext& cx, OperatorState& op,
                                      const std::vector<Row>& in);
// Spark's view of a pane operator's state: one entry per (key, window).
std::vector<std::pair<Value, Value>> PaneStateRows(const OperatorState& op);

// ---- session_window.cc
std::vector<Row> ExecuteSessionAggregate(const PlanNode& n, OperatorContext& cx, OperatorState& op,
                                         const std::vector<Row>& in);

// ---- deduplicate.cc: static and streaming dropDuplicates, dropDuplicatesWithinWatermark.
std::vector<Row> ExecuteDeduplicate(const PlanNode& n, OperatorState& op, std::vector<Row> in);

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

// ---- stream_stream_join.cc (state: store[side] maps a join key to its rows [row, matched]).
// The state watermark of one side (StreamingSymmetricHashJoinHelper): the event watermark
// when the side's join keys carry the event time; otherwise what the condition's time range
// allows, given the other side's watermark; nullopt when the state is never cleaned. At
// millisecond precision, as Spark computes it.
std::optional<Timestamp> JoinStateWatermark(const OperatorState& op, int side, Timestamp other_watermark);
std::vector<Row> ExecuteStreamStreamJoin(const PlanNode& n, OperatorContext& cx, OperatorState& op,
                                         std::vector<Row> l, std::vector<Row> r);

// ---- group_state.cc: (flat)MapGroupsWithState.
std::vector<Row> ExecuteGroupState(const PlanNode& n, OperatorContext& cx, OperatorState& op, std::vector<Row> in);

}  // namespace tideline::structured
