// Session-window aggregation (Spark's SessionWindowStateStoreRestoreExec,
// MergingSessionsExec and SessionWindowStateStoreSaveExec).
//
// State (SessionWindowState): each group key's sessions; a new row opens [t, t + gap) and
// overlapping sessions merge.
#include "core/structured/operators.h"

#include <algorithm>

#include "core/structured/aggregate_buffers.h"

namespace tideline::structured {

namespace {

struct Session {
  int64_t start, end;
  Value bufs;
};

std::vector<Session> DecodeSessions(const Value& list) {
  std::vector<Session> ss;
  for (const Value& s : list.items()) ss.push_back({s[0].as_int(), s[1].as_int(), s[2]});
  return ss;
}

Value EncodeSessions(const std::vector<Session>& ss) {
  std::vector<Value> items;
  for (const auto& s : ss) items.push_back(Value::Array({Value::Int(s.start), Value::Int(s.end), s.bufs}));
  return Value::Array(std::move(items));
}

// The session gap of the current row (bound in cx.env), or nullopt when it has none.
std::optional<int64_t> SessionGap(const PlanNode& n, OperatorContext& cx) {
  auto& agg_op = n.as<AggregateOp>();
  if (agg_op.window.gap_is_static) return agg_op.window.static_gap.micros();
  Value g = cx.env.Eval(agg_op.window.gap, cx.now());
  if (g.type() != ValueType::kString) return std::nullopt;
  auto d = ParseDuration(g.str());
  if (!d.ok()) return std::nullopt;
  return d->micros();
}

// One session per row of the batch, by group key; late rows are dropped.
std::map<Value, std::vector<Session>, ValueLess> IncomingSessions(const PlanNode& n, OperatorContext& cx,
                                                                  SessionWindowState& op, const std::vector<Row>& in) {
  auto& agg_op = n.as<AggregateOp>();
  std::map<Value, std::vector<Session>, ValueLess> incoming;
  for (const Row& r : in) {
    cx.env.Bind(r);
    Value t = cx.env.Eval(agg_op.window.time, cx.now());
    if (t.type() != ValueType::kTimestamp) continue;
    std::optional<int64_t> gap = SessionGap(n, cx);
    if (!gap || *gap <= 0) continue;
    Row key;
    for (size_t i = 0; i < agg_op.keys.size(); ++i)
      key.push_back(static_cast<int>(i) == agg_op.window_index ? Value() : cx.env.Eval(agg_op.keys[i], cx.now()));
    int64_t start = t.as_int(), end = t.as_int() + *gap;
    if (IsLate(end, op.late_watermark)) {
      ++op.metrics.dropped;
      continue;
    }
    std::vector<Value> bufs;
    for (size_t i = 0; i < agg_op.aggs.size(); ++i) {
      bufs.push_back(InitBuffer(agg_op.aggs[i]));
      UpdateBuffer(agg_op.aggs[i], bufs[i], agg_op.aggs[i].star ? Value() : cx.env.Eval(agg_op.aggs[i].arg, cx.now()));
    }
    incoming[Value::Array(std::move(key))].push_back({start, end, Value::Array(std::move(bufs))});
  }
  return incoming;
}

// Merges a key's new sessions into its stored ones; sessions that changed count as
// updated state rows.
void MergeSessions(const PlanNode& n, SessionWindowState& op, const Value& key, const std::vector<Session>& news) {
  auto& agg_op = n.as<AggregateOp>();
  StateMap& state = op.sessions;
  auto it = state.find(key);
  std::vector<Session> old;
  if (it != state.end()) old = DecodeSessions(it->second);
  std::vector<Session> all = old;
  all.insert(all.end(), news.begin(), news.end());
  std::stable_sort(all.begin(), all.end(), [](const Session& a, const Session& b) { return a.start < b.start; });
  std::vector<Session> merged;
  for (const Session& s : all) {
    if (!merged.empty() && s.start <= merged.back().end) {
      Session& m = merged.back();
      m.end = std::max(m.end, s.end);
      std::vector<Value> b(m.bufs.items().begin(), m.bufs.items().end());
      for (size_t i = 0; i < agg_op.aggs.size(); ++i) MergeBuffer(agg_op.aggs[i], b[i], s.bufs[i]);
      m.bufs = Value::Array(std::move(b));
    } else {
      merged.push_back(s);
    }
  }
  for (const Session& s : merged) {
    bool same = false;
    for (const Session& o : old)
      if (o.start == s.start && o.end == s.end && o.bufs == s.bufs) same = true;
    if (!same) ++op.metrics.updated;
  }
  state[key] = EncodeSessions(merged);
}

}  // namespace

std::vector<Row> ExecuteSessionAggregate(const PlanNode& n, OperatorContext& cx, SessionWindowState& op,
                                         const std::vector<Row>& in) {
  StateMap& state = op.sessions;
  for (auto& [key, news] : IncomingSessions(n, cx, op, in)) MergeSessions(n, op, key, news);
  std::vector<Row> out;
  auto row_of = [&](const Value& key, const Session& s) {
    Row k(key.items().begin(), key.items().end());
    k[static_cast<size_t>(n.as<AggregateOp>().window_index)] = MakeWindow(s.start, s.end);
    return FinishAggregate(n, cx, k, s.bufs);
  };
  // Emit and evict.
  const OutputMode mode = cx.options.mode;
  int64_t total = 0;
  for (auto it = state.begin(); it != state.end();) {
    std::vector<Session> ss = DecodeSessions(it->second), keep;
    for (const Session& s : ss) {
      if (mode != OutputMode::kComplete && IsLate(s.end, op.eviction_watermark)) {
        if (mode == OutputMode::kAppend) out.push_back(row_of(it->first, s));
        ++op.metrics.removed;
      } else {
        keep.push_back(s);
        if (mode == OutputMode::kComplete) out.push_back(row_of(it->first, s));
      }
    }
    total += static_cast<int64_t>(keep.size());
    if (keep.empty()) it = state.erase(it);
    else { it->second = EncodeSessions(keep); ++it; }
  }
  op.metrics.total = total;
  return out;
}

}  // namespace tideline::structured
