#pragma once
// WatermarkTracker (Spark's WatermarkTracker): the event-time watermark of a query. After
// each batch it reads the maximum event time each withWatermark node saw, keeps the
// highest "max event time - delay" per node, and combines the nodes by
// spark.sql.streaming.multipleWatermarkPolicy (min by default, or max). The watermark
// never goes back. Owned by one StreamingQuery; not thread-safe.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/common/status.h"
#include "core/structured/operator_state.h"

namespace tideline::structured {

// SQLConf's check of spark.sql.streaming.multipleWatermarkPolicy: lowered, it must be min
// or max; otherwise an error with the message ConfigBuilder.checkValue gives. Ok when unset.
Status CheckMultipleWatermarkPolicy(const std::map<std::string, std::string>& config);

class WatermarkTracker {
 public:
  // Configuration: the query's settings (the multiple-watermark policy).
  explicit WatermarkTracker(const std::map<std::string, std::string>& config);

  // Reads a batch's event-time statistics, one per watermark node with its delay, and
  // moves the watermark forward when they allow it.
  void UpdateFromBatch(const std::vector<std::pair<Duration, EventStats>>& stats);
  // Sets the watermark (recovery from the logs); it can still only move forward afterwards.
  void Restore(Timestamp watermark) { watermark_ms_ = watermark.millis(); }

  // The watermark for the next batch (the epoch at first).
  Timestamp watermark() const { return Timestamp::FromMillis(watermark_ms_); }

 private:
  bool max_policy_ = false;                            // configuration
  std::vector<std::optional<int64_t>> per_operator_;   // transient: per watermark node
  int64_t watermark_ms_ = 0;  // checkpointed in the commit log; event times are milliseconds
};

// Spark's EventTimeStats.merge over the watermark nodes that saw rows.
EventStats MergeEventStats(const std::vector<std::pair<Duration, EventStats>>& stats);

}  // namespace tideline::structured
