// Deduplication: dropDuplicates of static data and of streams (StreamingDeduplicateExec),
// dropDuplicatesWithinWatermark (StreamingDeduplicateWithinWatermarkExec).
#include "core/structured/operators.h"

#include <set>

namespace tideline::structured {

std::vector<Row> ExecuteBatchDeduplicate(const PlanNode& n, std::vector<Row> in) {
  std::set<Value, ValueLess> seen;
  std::vector<Row> out;
  for (Row& r : in) {
    std::vector<Value> k;
    for (int c : n.as<DedupOp>().key_cols) k.push_back(r[static_cast<size_t>(c)]);
    if (seen.insert(Value::Array(std::move(k))).second) out.push_back(std::move(r));
  }
  return out;
}

std::vector<Row> ExecuteStreamingDeduplicate(const PlanNode& n, DeduplicateState& op, std::vector<Row> in) {
  auto& dedup_op = n.as<DedupOp>();
  StateMap& state = op.seen;
  std::vector<Row> out;
  int key_event = -1;  // position of the event time among the key columns
  for (size_t i = 0; i < dedup_op.key_cols.size(); ++i)
    if (dedup_op.key_cols[i] == op.event_col) key_event = static_cast<int>(i);
  Duration delay = op.event_col >= 0 ? n.children[0]->out[static_cast<size_t>(op.event_col)].delay : Duration();
  for (Row& r : in) {
    std::optional<int64_t> ev;
    if (op.event_col >= 0) ev = EventTimeOf(r[static_cast<size_t>(op.event_col)]);
    if (op.event_col >= 0 && IsLate(ev, op.late_watermark)) {
      ++op.metrics.dropped;
      continue;
    }
    std::vector<Value> k;
    for (int c : dedup_op.key_cols) k.push_back(r[static_cast<size_t>(c)]);
    Value key = Value::Array(std::move(k));
    if (state.count(key)) {
      ++op.metrics.custom["numDroppedDuplicateRows"];
      continue;
    }
    Value v;
    if (dedup_op.within_watermark && ev) v = Value::Int(*ev + delay.micros());  // expires at
    state.emplace(key, v);
    ++op.metrics.updated;
    out.push_back(std::move(r));
  }
  // Eviction by the watermark (a key with the event time, or the expiry within watermark).
  if (op.eviction_watermark && (key_event >= 0 || dedup_op.within_watermark)) {
    for (auto it = state.begin(); it != state.end();) {
      std::optional<int64_t> t;
      if (dedup_op.within_watermark) {
        if (it->second.type() == ValueType::kInt) t = it->second.as_int();
      } else {
        t = EventTimeOf(it->first[static_cast<size_t>(key_event)]);
      }
      if (IsLate(t, op.eviction_watermark)) {
        ++op.metrics.removed;
        it = state.erase(it);
      } else {
        ++it;
      }
    }
  }
  op.metrics.total = static_cast<int64_t>(state.size());
  return out;
}

}  // namespace tideline::structured
