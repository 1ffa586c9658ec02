// Aggregation: batch aggregation of static data, and streaming aggregation with time
// windows by copies (Spark's StateStoreRestoreExec and StateStoreSaveExec).
#include "core/structured/operators.h"

#include "core/structured/aggregate_buffers.h"

namespace tideline::structured {

namespace {

// Keys of a row for an aggregation: every key expression, with the window key expanded
// to each window the row falls in; none when the row has no window (null time).
void AggregationKeys(const PlanNode& n, OperatorContext& cx, const Row& r, std::vector<Row>* keys) {
  auto& agg_op = n.as<AggregateOp>();
  keys->clear();
  cx.env.Bind(r);
  Row base;
  for (size_t i = 0; i < agg_op.keys.size(); ++i) {
    if (static_cast<int>(i) == agg_op.window_index) { base.emplace_back(); continue; }
    base.push_back(cx.env.Eval(agg_op.keys[i], cx.now()));
  }
  if (agg_op.window_index < 0) { keys->push_back(std::move(base)); return; }
  Value t = cx.env.Eval(agg_op.window.time, cx.now());
  // A window of windows reads the event time of the inner window (window_time).
  if (t.type() == ValueType::kStruct && t.size() == 2 && t[1].type() == ValueType::kTimestamp)
    t = Value::Ts(t[1].as_ts() - Duration::Micros(1));
  if (t.type() != ValueType::kTimestamp) return;
  std::vector<Value> windows;
  TimeWindows(agg_op.window, t.as_int(), &windows);
  for (const Value& w : windows) {
    Row k = base;
    k[static_cast<size_t>(agg_op.window_index)] = w;
    keys->push_back(std::move(k));
  }
}

}  // namespace

Row FinishAggregate(const PlanNode& n, OperatorContext& cx, const Row& key, const Value& bufs) {
  auto& agg_op = n.as<AggregateOp>();
  Row scope = key;
  for (size_t i = 0; i < agg_op.aggs.size(); ++i) scope.push_back(FinalValue(agg_op.aggs[i], bufs[i]));
  cx.env.Bind(scope);
  Row out = key;
  for (const auto& e : agg_op.results) out.push_back(cx.env.Eval(e, cx.now()));
  return out;
}

// Partial aggregation of a batch: key -> buffers, in canonical key order.
StateMap PartialAggregate(const PlanNode& n, OperatorContext& cx, const std::vector<Row>& in) {
  auto& agg_op = n.as<AggregateOp>();
  StateMap groups;
  std::vector<Row> keys;
  std::vector<Value> args(agg_op.aggs.size());
  for (const Row& r : in) {
    AggregationKeys(n, cx, r, &keys);
    if (keys.empty()) continue;
    cx.env.Bind(r);
    for (size_t i = 0; i < agg_op.aggs.size(); ++i)
      args[i] = agg_op.aggs[i].star ? Value() : cx.env.Eval(agg_op.aggs[i].arg, cx.now());
    for (Row& k : keys) {
      Value key = Value::Array(std::move(k));
      auto it = groups.find(key);
      if (it == groups.end()) {
        std::vector<Value> init;
        for (const auto& f : agg_op.aggs) init.push_back(InitBuffer(f));
        it = groups.emplace(key, Value::Array(std::move(init))).first;
      }
      std::vector<Value> bufs(it->second.items().begin(), it->second.items().end());
      for (size_t i = 0; i < agg_op.aggs.size(); ++i) UpdateBuffer(agg_op.aggs[i], bufs[i], args[i]);
      it->second = Value::Array(std::move(bufs));
    }
  }
  return groups;
}

std::vector<Row> ExecuteBatchAggregate(const PlanNode& n, OperatorContext& cx, const std::vector<Row>& in) {
  auto& agg_op = n.as<AggregateOp>();
  StateMap groups = PartialAggregate(n, cx, in);
  std::vector<Row> out;
  if (groups.empty() && agg_op.keys.empty()) {
    std::vector<Value> init;
    for (const auto& f : agg_op.aggs) init.push_back(InitBuffer(f));
    out.push_back(FinishAggregate(n, cx, {}, Value::Array(std::move(init))));
  }
  for (const auto& [k, b] : groups) out.push_back(FinishAggregate(n, cx, Row(k.items().begin(), k.items().end()), b));
  return out;
}

namespace {

// Evicts the groups whose event time is at or before the eviction watermark; append mode
// outputs them.
void EvictAggregate(const PlanNode& n, OperatorContext& cx, AggregateState& op, std::vector<Row>* out) {
  StateMap& state = op.groups;
  for (auto it = state.begin(); it != state.end();) {
    if (IsLate(EventTimeOf(it->first[static_cast<size_t>(op.event_key)]), op.eviction_watermark)) {
      if (out) out->push_back(FinishAggregate(n, cx, Row(it->first.items().begin(), it->first.items().end()), it->second));
      ++op.metrics.removed;
      it = state.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace

std::vector<Row> ExecuteStreamingAggregate(const PlanNode& n, OperatorContext& cx, AggregateState& op,
                                           const std::vector<Row>& in) {
  auto& agg_op = n.as<AggregateOp>();
  StateMap groups = PartialAggregate(n, cx, in);
  if (agg_op.keys.empty() && groups.empty()) {
    // An aggregation without grouping keys emits its empty buffer even for a batch whose
    // rows were all filtered out (HashAggregateExec with no grouping), so the state and
    // the output hold the row (count 0).
    std::vector<Value> init;
    for (const auto& f : agg_op.aggs) init.push_back(InitBuffer(f));
    groups.emplace(Value::Array({}), Value::Array(std::move(init)));
  }
  StateMap& state = op.groups;
  OutputMode mode = cx.options.mode;
  bool watermarked = op.event_key >= 0;
  std::vector<Value> updated_keys;
  for (auto& [key, bufs] : groups) {
    if (watermarked && mode != OutputMode::kComplete &&
        IsLate(EventTimeOf(key[static_cast<size_t>(op.event_key)]), op.late_watermark)) {
      ++op.metrics.dropped;
      continue;
    }
    MergeGroupBuffers(agg_op.aggs, &state, key, bufs);
    ++op.metrics.updated;
    updated_keys.push_back(key);
  }
  std::vector<Row> out;
  auto row_of = [&](const Value& k, const Value& b) { return FinishAggregate(n, cx, Row(k.items().begin(), k.items().end()), b); };
  if (mode == OutputMode::kComplete) {
    for (const auto& [k, b] : state) out.push_back(row_of(k, b));
  } else if (mode == OutputMode::kUpdate) {
    for (const Value& k : updated_keys) out.push_back(row_of(k, state.at(k)));
    if (watermarked) EvictAggregate(n, cx, op, nullptr);
  } else {
    if (watermarked) EvictAggregate(n, cx, op, &out);
  }
  op.metrics.total = static_cast<int64_t>(state.size());
  return out;
}

}  // namespace tideline::structured
