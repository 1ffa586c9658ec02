#pragma once
// What the physical operators of a micro-batch share: the mutable state of one operator
// (OperatorState, and StatefulState, from which each stateful operator derives its own),
// the context of the batch they run in (OperatorContext), and small helpers on event
// times and windows.
//
// Operators are the functions of operators.h; a PlanNode is their immutable description
// and an OperatorState, owned by the Executor (exec.h), their mutable data, so one
// operator description can run over any state (DuckDB's Execute(..., OperatorState&)).
// Internal to core/structured. Not thread-safe: one batch runs on one thread.
//
// Invariants: the maps of a StatefulState iterate in the canonical order of Value
// (ValueLess), so whatever an operator emits or evicts comes out in a deterministic order.

#include <cassert>
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

// The run-time side of one plan node, owned by the Executor: what every node has. Nodes
// with more data use a derived state: WatermarkState here, and for each stateful operator
// a StatefulState of its own, declared beside it in operators.h.
struct OperatorState {
  explicit OperatorState(const PlanNode& n) : node(&n) {}
  virtual ~OperatorState() = default;
  OperatorState(const OperatorState&) = delete;
  OperatorState& operator=(const OperatorState&) = delete;

  // The derived state of this node. REQUIRES: it is a T (checked in debug builds).
  template <class T>
  T& As() {
    assert(dynamic_cast<T*>(this) != nullptr);
    return static_cast<T&>(*this);
  }
  template <class T>
  const T& As() const {
    assert(dynamic_cast<const T*>(this) != nullptr);
    return static_cast<const T&>(*this);
  }

  // Configuration, set when the executor is built and prepared.
  const PlanNode* node;
  std::vector<expr::CompiledExpr> pushed_filters;  // applied to the node's output (pushdown.cc)
};

// A streaming watermark node (EventTimeWatermarkExec).
struct WatermarkState : OperatorState {
  using OperatorState::OperatorState;
  // Configuration.
  int watermark_index = -1;  // pre-order among the watermark nodes
  // Transient: the event-time statistics of this batch's rows.
  EventStats event_stats;
};

// What a stateful operator checkpoints: its maps, in the order its state store file holds
// them (at most two), and the count a streaming limit keeps beside them.
struct CheckpointedParts {
  std::vector<StateMap*> maps;
  int64_t* count = nullptr;
};

// What every stateful operator has: its place among them, its watermarks and metrics, and
// the parts of it the state store saves (state_store.h). Each derived state owns its maps.
struct StatefulState : OperatorState {
  using OperatorState::OperatorState;

  // Configuration.
  int state_id = -1;  // pre-order from the root

  // Transient: this batch's watermarks and metrics.
  std::optional<Timestamp> late_watermark;      // rows at or before it are late
  std::optional<Timestamp> eviction_watermark;  // state at or before it is evicted
  StateOperatorProgress metrics;

  // Checkpointed: the derived state's maps and count.
  virtual CheckpointedParts checkpointed() = 0;
  // Spark's view of the state, one (key, value) entry per state row: by default the
  // entries of every map.
  virtual std::vector<std::pair<Value, Value>> StateRows();
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
