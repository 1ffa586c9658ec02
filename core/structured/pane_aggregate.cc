// Sliding-window aggregation by panes.
//
// Spark's TimeWindowing copies each row into every window it falls in (size / slide
// copies). Here a row goes into one pane, a slice of gcd(size, slide) aligned with the
// windows, and a window's value is the merge of its panes, computed for a run of
// consecutive windows with a two-stack sliding aggregation, so a row costs the same
// whatever size / slide is. Which (key, window) rows Spark's state would hold is kept
// as ranges of window starts per key: state-row counts, late rows, updates, output and
// eviction are Spark's. Used when every aggregate is order-insensitive and exact under
// regrouping (count, min, max, sum and avg of integers);
// `tideline.slidingWindows: copies` turns it off.
//
// State (PaneAggregateState): the panes' buffers, and per key the flat list
// [lo0, hi0, lo1, hi1, ...] of its windows' start ranges (inclusive, us).
#include "core/structured/operators.h"

#include <algorithm>
#include <limits>
#include <numeric>

#include "core/structured/aggregate_buffers.h"
#include "core/structured/types.h"

namespace tideline::structured {

bool UsePanes(const PlanNode& n, const QueryOptions& options) {
  auto& agg_op = n.as<AggregateOp>();
  if (agg_op.window_index < 0 || agg_op.window.session || !n.streaming) return false;
  auto it = options.config.find("tideline.slidingWindows");
  if (it != options.config.end() && it->second == "copies") return false;
  if (agg_op.window.slide.micros() <= 0 || agg_op.window.slide >= agg_op.window.size) return false;
  for (const AggFunc& f : agg_op.aggs) {
    if (f.distinct) return false;
    bool integral = IsIntegral(f.arg_type);
    if (f.fn == "count" || f.fn == "min" || f.fn == "max") continue;
    if ((f.fn == "sum" || f.fn == "avg") && integral) continue;
    return false;
  }
  return true;
}

namespace {

using Ranges = std::vector<std::pair<int64_t, int64_t>>;  // sorted, disjoint window-start ranges

void AddRange(Ranges* r, int64_t lo, int64_t hi, int64_t slide) {
  if (lo > hi) return;
  Ranges out;
  bool placed = false;
  for (auto [a, b] : *r) {
    if (b + slide < lo) { out.emplace_back(a, b); continue; }
    if (hi + slide < a) {
      if (!placed) { out.emplace_back(lo, hi); placed = true; }
      out.emplace_back(a, b);
      continue;
    }
    lo = std::min(lo, a);
    hi = std::max(hi, b);
  }
  if (!placed) out.emplace_back(lo, hi);
  std::sort(out.begin(), out.end());
  *r = std::move(out);
}

int64_t RangeCount(const Ranges& r, int64_t slide) {
  int64_t c = 0;
  for (auto [a, b] : r) c += (b - a) / slide + 1;
  return c;
}

Ranges DecodeRanges(const Value& v) {
  Ranges r;
  for (size_t i = 0; i + 1 < v.size(); i += 2) r.emplace_back(v[i].as_int(), v[i + 1].as_int());
  return r;
}
Value EncodeRanges(const Ranges& r) {
  std::vector<Value> items;
  for (auto [a, b] : r) {
    items.push_back(Value::Int(a));
    items.push_back(Value::Int(b));
  }
  return Value::Array(std::move(items));
}

Row FullKey(const PlanNode& n, const Value& base, int64_t start_us) {
  auto& agg_op = n.as<AggregateOp>();
  Row k(base.items().begin(), base.items().end());
  k.insert(k.begin() + agg_op.window_index, MakeWindow(start_us, start_us + agg_op.window.size.micros()));
  return k;
}

// The buffers of windows starting lo, lo + slide, ..., hi of `key`, merged from its
// panes, handed to `fn(full key, buffers)` in window order.
template <typename Fn>
void SlideWindows(const PlanNode& n, const Value& key, int64_t lo, int64_t hi, const StateMap& panes, Fn fn) {
  auto& agg_op = n.as<AggregateOp>();
  const int64_t size = agg_op.window.size.micros(), slide = agg_op.window.slide.micros();
  auto merge = [&](Value a, const Value& b) {
    std::vector<Value> m(a.items().begin(), a.items().end());
    for (size_t i = 0; i < agg_op.aggs.size(); ++i) MergeBuffer(agg_op.aggs[i], m[i], b[i]);
    return Value::Array(std::move(m));
  };
  auto it = panes.lower_bound(Value::Array({key, Value::Int(lo)}));
  auto end = panes.lower_bound(Value::Array({key, Value::Int(hi + size)}));
  // Two stacks: `front` holds suffix merges (top = oldest panes), `back` the newest panes.
  std::vector<std::pair<int64_t, Value>> front, back;  // (pane start, merged value)
  std::optional<Value> back_all;
  auto in = it;
  for (int64_t s = lo; s <= hi; s += slide) {
    while (in != end && in->first[1].as_int() < s + size) {
      back.emplace_back(in->first[1].as_int(), in->second);
      back_all = back_all ? merge(*back_all, in->second) : in->second;
      ++in;
    }
    auto drop = [&] {
      if (front.empty()) {
        std::optional<Value> acc;
        for (auto b = back.rbegin(); b != back.rend(); ++b) {
          acc = acc ? merge(b->second, *acc) : b->second;
          front.emplace_back(b->first, *acc);
        }
        back.clear();
        back_all.reset();
      }
      front.pop_back();
    };
    while ((!front.empty() && front.back().first < s) || (front.empty() && !back.empty() && back.front().first < s))
      drop();
    std::optional<Value> all;
    if (!front.empty()) all = front.back().second;
    if (back_all) all = all ? merge(*all, *back_all) : *back_all;
    if (!all) continue;  // cannot happen: every window in the ranges has a pane
    fn(FullKey(n, key, s), *all);
  }
}

void SlideWindowRows(const PlanNode& n, OperatorContext& cx, const Value& key, int64_t lo, int64_t hi, const StateMap& panes,
                     std::vector<std::pair<Row, Row>>* out) {
  SlideWindows(n, key, lo, hi, panes, [&](Row k, const Value& bufs) {
    Row row = FinishAggregate(n, cx, k, bufs);
    out->emplace_back(std::move(k), std::move(row));
  });
}

}  // namespace

std::vector<std::pair<Value, Value>> PaneAggregateState::StateRows() {
  std::vector<std::pair<Value, Value>> out;
  for (const auto& [key, v] : windows)
    for (auto [a, b] : DecodeRanges(v))
      SlideWindows(*node, key, a, b, panes, [&](Row k, const Value& bufs) { out.emplace_back(Value::Array(std::move(k)), bufs); });
  return out;
}

namespace {

int64_t FloorTo(int64_t t, int64_t origin, int64_t step) { return t - ((t - origin) % step + step) % step; }

// One run of the pane operator over a batch.
struct PaneRun {
  const PlanNode& n;
  OperatorContext& cx;
  PaneAggregateState& op;
  const int64_t size, slide, start;
  StateMap& panes;
  StateMap& windows;
  std::map<Value, Ranges, ValueLess> updated, late;
  std::vector<std::pair<Row, Row>> rows;  // (full key, output row)

  PaneRun(const PlanNode& node, OperatorContext& c, PaneAggregateState& o)
      : n(node), cx(c), op(o), size(node.as<AggregateOp>().window.size.micros()), slide(node.as<AggregateOp>().window.slide.micros()),
        start(node.as<AggregateOp>().window.start.micros()), panes(o.panes), windows(o.windows) {}

  // Partial aggregation per (key, pane), rows in arrival order.
  StateMap PartialByPane(const std::vector<Row>& in) {
    auto& agg_op = n.as<AggregateOp>();
    const int64_t g = std::gcd(size, slide);
    StateMap incoming;
    std::vector<Value> args(agg_op.aggs.size());
    for (const Row& r : in) {
      cx.env.Bind(r);
      std::vector<Value> base;
      for (size_t i = 0; i < agg_op.keys.size(); ++i)
        if (static_cast<int>(i) != agg_op.window_index) base.push_back(cx.env.Eval(agg_op.keys[i], cx.now()));
      Value t = cx.env.Eval(agg_op.window.time, cx.now());
      if (t.type() == ValueType::kStruct && t.size() == 2 && t[1].type() == ValueType::kTimestamp)
        t = Value::Ts(t[1].as_ts() - Duration::Micros(1));
      if (t.type() != ValueType::kTimestamp) continue;
      for (size_t i = 0; i < agg_op.aggs.size(); ++i)
        args[i] = agg_op.aggs[i].star ? Value() : cx.env.Eval(agg_op.aggs[i].arg, cx.now());
      Value pk = Value::Array({Value::Array(std::move(base)), Value::Int(FloorTo(t.as_int(), start, g))});
      auto it = incoming.find(pk);
      if (it == incoming.end()) {
        std::vector<Value> init;
        for (const auto& f : agg_op.aggs) init.push_back(InitBuffer(f));
        it = incoming.emplace(std::move(pk), Value::Array(std::move(init))).first;
      }
      std::vector<Value> bufs(it->second.items().begin(), it->second.items().end());
      for (size_t i = 0; i < agg_op.aggs.size(); ++i) UpdateBuffer(agg_op.aggs[i], bufs[i], args[i]);
      it->second = Value::Array(std::move(bufs));
    }
    return incoming;
  }

  // Merges the batch into the panes; the windows each pane reaches become Spark's state rows.
  void Merge(const StateMap& incoming, bool watermarked) {
    const int64_t late_us =
        op.late_watermark ? op.late_watermark->micros() : std::numeric_limits<int64_t>::min() / 2;
    for (auto& [pk, bufs] : incoming) {
      const Value& key = pk[0];
      int64_t ps = pk[1].as_int();
      int64_t hi = FloorTo(ps, start, slide);                      // the last window holding the pane
      int64_t lo = hi - ((size - 1 - (ps - hi)) / slide) * slide;  // the first one
      int64_t alive_lo = lo;
      if (watermarked && op.late_watermark) {
        // Windows ending at or before the previous watermark drop the rows (late).
        int64_t last_late = FloorTo(late_us - size, start, slide);
        if (last_late >= lo) {
          AddRange(&late[key], lo, std::min(hi, last_late), slide);
          alive_lo = last_late + slide;
        }
      }
      if (alive_lo > hi) continue;
      MergeGroupBuffers(n.as<AggregateOp>().aggs, &panes, pk, bufs);
      AddRange(&updated[key], alive_lo, hi, slide);
    }
    for (const auto& [key, r] : late) op.metrics.dropped += RangeCount(r, slide);
    for (const auto& [key, r] : updated) {
      op.metrics.updated += RangeCount(r, slide);
      auto w = windows.find(key);
      Ranges all = w == windows.end() ? Ranges{} : DecodeRanges(w->second);
      for (auto [a, b] : r) AddRange(&all, a, b, slide);
      windows[key] = EncodeRanges(all);
    }
  }

  // Eviction: windows ending at or before the watermark (append mode outputs them); panes
  // no window needs.
  void Evict(OutputMode mode) {
    const int64_t wm_us = op.eviction_watermark->micros();
    const int64_t last_gone = FloorTo(wm_us - size, start, slide);  // the last evicted window start
    for (auto w = windows.begin(); w != windows.end();) {
      Ranges keep, gone;
      for (auto [a, b] : DecodeRanges(w->second)) {
        if (a <= last_gone) gone.emplace_back(a, std::min(b, last_gone));
        if (b > last_gone) keep.emplace_back(std::max(a, last_gone + slide), b);
      }
      op.metrics.removed += RangeCount(gone, slide);
      if (mode == OutputMode::kAppend)
        for (auto [a, b] : gone) SlideWindowRows(n, cx, w->first, a, b, panes, &rows);
      if (keep.empty()) w = windows.erase(w);
      else { w->second = EncodeRanges(keep); ++w; }
    }
    for (auto p = panes.begin(); p != panes.end();)
      p = FloorTo(p->first[1].as_int(), start, slide) <= last_gone ? panes.erase(p) : std::next(p);
  }

  // Spark's row order of the copying method: by (key, window).
  std::vector<Row> SortedOutput() {
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
      return Value::Compare(Value::Array(a.first), Value::Array(b.first)) < 0;
    });
    std::vector<Row> out;
    out.reserve(rows.size());
    for (auto& [k, r] : rows) out.push_back(std::move(r));
    return out;
  }
};

}  // namespace

std::vector<Row> ExecutePaneAggregate(const PlanNode& n, OperatorContext& cx, PaneAggregateState& op,
                                      const std::vector<Row>& in) {
  PaneRun run(n, cx, op);
  OutputMode mode = cx.options.mode;
  bool watermarked = op.event_key >= 0 && mode != OutputMode::kComplete;
  run.Merge(run.PartialByPane(in), watermarked);
  if (mode == OutputMode::kComplete) {
    for (const auto& [key, v] : run.windows)
      for (auto [a, b] : DecodeRanges(v)) SlideWindowRows(n, cx, key, a, b, run.panes, &run.rows);
  } else if (mode == OutputMode::kUpdate) {
    for (const auto& [key, r] : run.updated)
      for (auto [a, b] : r) SlideWindowRows(n, cx, key, a, b, run.panes, &run.rows);
  }
  if (op.event_key >= 0 && op.eviction_watermark && mode != OutputMode::kComplete) run.Evict(mode);
  int64_t total = 0;
  for (const auto& [key, v] : run.windows) total += RangeCount(DecodeRanges(v), run.slide);
  op.metrics.total = total;
  return run.SortedOutput();
}

}  // namespace tideline::structured
