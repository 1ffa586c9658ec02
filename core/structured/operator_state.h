#pragma once
// What the physical operators of a micro-batch share: the mutable state of one operator
// (OperatorState: its state store, its watermarks and its metrics), the context of the
// batch they run in (OperatorContext), and small helpers on event times and windows.
//
// Operators are the functions of operators.h; a PlanNode is their immutable description
// and an OperatorState, owned by the Executor (exec.h), their mutable data, so one
// operator description can run over any state (DuckDB's Execute(..., OperatorState&)).
// Internal to core/structured. Not thread-safe: one batch runs on one thread.
//
// Invariants: an OperatorState's `store` maps iterate in the canonical order of Value
// (ValueLess), so whatever an operator emits or evicts comes out in a deterministic order.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/structured/plan.h"
#include "core/structured/query.h"
#include "core/structured/time_windows.h"

namespace tideline::structured {

using StateMap = std::map<Value, Value, ValueLess>;

// Event-time statistics of one watermark node in a batch, at Spark's precision (event
// times truncated to milliseconds; the average is Spark's double of milliseconds).
struct EventStats {
  int64_t count = 0;
  Timestamp min, max;
  double avg_ms = 0;
  void Add(Timestamp event_time);
};

// What one batch hands its operators.
struct BatchContext {
  int64_t batch_id = 0;
  Timestamp now;            // the batch's timestamp (current_timestamp(), processing-time timeouts)
  Timestamp watermark;      // the global watermark of this batch
  bool no_data = false;
  std::map<std::string, std::vector<Row>> input;  // rows of each streaming source in this batch
};

// The run-time side of one plan node.
struct OperatorState {
  // Configuration, set when the executor is built and prepared.
  const PlanNode* node = nullptr;
  int state_id = -1;         // stateful operators, pre-order from the root
  int watermark_index = -1;  // watermark nodes, pre-order
  int event_col = -1;        // the event-time column the operator's predicates read
  int event_key = -1;        // aggregation: the key column holding the event time
  int left_event = -1, right_event = -1;  // stream-stream join: each side's event-time column
  std::vector<expr::CompiledExpr> pushed_filters;  // applied to the node's output (pushdown.cc)
  bool panes = false;  // a sliding-window aggregation computed by panes

  // Transient: this batch's watermarks, metrics and event-time statistics.
  std::optional<Timestamp> late_watermark;      // rows at or before it are late
  std::optional<Timestamp> eviction_watermark;  // state at or before it is evicted
  StateOperatorProgress metrics;
  EventStats event_stats;

  // Checkpointed (state_store.h): the state store (joins: left, right) and a streaming
  // limit's count of emitted rows.
  StateMap store[2];
  int64_t emitted = 0;
};

// The batch every operator of a run reads, and the expression environment they share.
struct OperatorContext {
  explicit OperatorContext(const QueryOptions& o) : options(o) {}
  Timestamp now() const { return batch->now; }
  const QueryOptions& options;
  BatchContext* batch = nullptr;
  RowEnv env;
};

// Event time in microseconds of a value that carries it: a timestamp, or a window's end.
std::optional<int64_t> EventTimeOf(const Value& v);
// Whether an event time (us) is at or before a watermark; false when either is unknown.
bool IsLate(const std::optional<int64_t>& event_us, const std::optional<Timestamp>& watermark);
// A watermark in milliseconds (the unit of Spark's event-time statistics and of the
// watermark propagation) as a Timestamp.
std::optional<Timestamp> WatermarkFromMillis(const std::optional<int64_t>& watermark_ms);
// A watermark for predicates: unknown ones and those before the epoch count as the epoch.
Timestamp NonNegativeWatermark(const std::optional<Timestamp>& watermark);
// The window struct {start, end} of a time window.
Value MakeWindow(int64_t start_us, int64_t end_us);
// The time windows a timestamp (us) falls in, oldest first, as Spark's TimeWindowing
// assigns them (TimeWindowBounds as window structs).
void TimeWindows(const WindowKey& w, int64_t ts_us, std::vector<Value>* out);

}  // namespace tideline::structured
