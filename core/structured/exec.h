#pragma once
// Executor: runs one micro-batch of a plan (plan.h) over the rows of its
// sources by calling the physical operators (operators.h) with their state
// (operator_state.h), and collects what the query reports: event-time
// statistics of each watermark node, and metrics of each stateful operator in
// Spark's order (sink side first). Owns the operators' state; saves and loads it
// through the state store (state_store.h). Internal to core/structured;
// StreamingQuery drives it. Not thread-safe.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/structured/operator_state.h"
#include "core/structured/query.h"

namespace tideline::structured {

class Executor {
 public:
  Executor(PlanPtr root, const QueryOptions& opts, Sources* sources);
  ~Executor();
  // Checks what can only be checked on the whole plan (event-time columns, ...).
  Status Prepare();

  // Runs one batch. `prev_batch_watermark` is the global watermark of the previous batch
  // (for late events); nullopt before the first batch.
  Status Run(BatchContext& ctx, std::optional<Timestamp> prev_batch_watermark, std::vector<Row>* out);
  // Spark's shouldRunAnotherBatch: would a batch with watermark `new_watermark` and no data
  // make a stateful operator emit or evict?
  bool ShouldRunAnotherBatch(Timestamp new_watermark, Timestamp batch_time) const;

  // Event-time statistics of the last batch, per watermark node (Spark's collect order).
  std::vector<std::pair<Duration, EventStats>> WatermarkStats() const;
  bool has_watermark() const;
  bool has_state() const;  // any stateful operator
  std::vector<StateOperatorProgress> StateMetrics() const;

  // State store versions on disk: `dir`/state/<op>/<version>.
  Status SaveState(const std::string& dir, int64_t version) const;
  Status LoadState(const std::string& dir, int64_t version);
  // The state of every operator as text, for the trace and the Studio.
  std::vector<std::pair<std::string, std::vector<std::pair<Value, Value>>>> StateSnapshot() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace tideline::structured
