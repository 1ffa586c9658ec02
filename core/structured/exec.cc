// The micro-batch executor: stateless operators, streaming aggregation with time
// and session windows (StateStoreRestoreExec/StateStoreSaveExec,
// SessionWindowStateStoreSaveExec), deduplication (StreamingDeduplicateExec,
// StreamingDeduplicateWithinWatermarkExec), stream-static and stream-stream joins
// (StreamingSymmetricHashJoinExec), (flat)MapGroupsWithState
// (FlatMapGroupsWithStateExec), and the watermark propagation of Spark 3.5+
// (PropagateWatermarkSimulator). State lives in ordered maps keyed by Value, so
// every iteration is in canonical order and runs are deterministic.
#include "core/structured/exec.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <numeric>
#include <optional>
#include <set>

#include "core/common/sha256.h"
#include "core/expr/expr.h"
#include "core/value/binary.h"

namespace tideline::structured {

namespace fs = std::filesystem;

void EventStats::Add(int64_t ms) {
  if (count == 0) {
    min_ms = max_ms = ms;
  } else {
    min_ms = std::min(min_ms, ms);
    max_ms = std::max(max_ms, ms);
  }
  ++count;
  avg_ms += (static_cast<double>(ms) - avg_ms) / static_cast<double>(count);
}

namespace {

using StateMap = std::map<Value, Value, ValueLess>;

// ---------------------------------------------------------------------------
// Aggregate buffers

bool Moments(const std::string& fn) { return fn.rfind("stddev", 0) == 0 || fn.rfind("var_", 0) == 0; }

// Welford's running moments [n, mean, m2], merged as Chan et al. (Spark's CentralMomentAgg).
Value MomentsMerge(const Value& a, const Value& b) {
  double na = a[0].as_double(), nb = b[0].as_double();
  if (nb == 0) return a;
  if (na == 0) return b;
  double n = na + nb, delta = b[1].as_double() - a[1].as_double();
  double mean = a[1].as_double() + delta * nb / n;
  double m2 = a[2].as_double() + b[2].as_double() + delta * delta * na * nb / n;
  return Value::Array({Value::Double(n), Value::Double(mean), Value::Double(m2)});
}

Value InitBuffer(const AggFunc& f) {
  if (f.fn == "count" || f.fn == "count_if") return Value::Int(0);
  if (Moments(f.fn)) return Value::Array({Value::Double(0), Value::Double(0), Value::Double(0)});
  if (f.fn == "approx_count_distinct") return Value::Array({});
  if (f.fn == "max_by" || f.fn == "min_by") return Value();
  if (f.fn == "avg") return Value::Array({Value::Double(0), Value::Int(0)});
  if (f.fn == "first" || f.fn == "last") return Value::Array({Value::Bool(false), Value()});
  if (f.fn == "collect_list" || f.fn == "collect_set") return Value::Array({});
  return Value();  // sum, min, max
}

Value AddNumbers(const Value& a, const Value& b) {
  if (a.type() == ValueType::kInt && b.type() == ValueType::kInt) return Value::Int(a.as_int() + b.as_int());
  return Value::Double(a.num() + b.num());
}

Value NumericOf(const Value& v) {
  if (v.is_number()) return v;
  if (v.type() == ValueType::kString) {
    Value c = expr::CastValue(v, "DOUBLE");
    return c;
  }
  if (v.type() == ValueType::kBool) return Value::Int(v.as_bool() ? 1 : 0);
  return Value();
}

void UpdateBuffer(const AggFunc& f, Value& buf, const Value& x) {
  const std::string& fn = f.fn;
  if (fn == "count") {
    if (f.star || !x.is_null()) buf = Value::Int(buf.as_int() + 1);
    return;
  }
  if (fn == "count_if") {
    if (x.type() == ValueType::kBool && x.as_bool()) buf = Value::Int(buf.as_int() + 1);
    return;
  }
  if (fn == "max_by" || fn == "min_by") {
    // x = [value, ordering]; rows with a null ordering are skipped.
    if (x.size() != 2 || x[1].is_null()) return;
    int c = buf.is_null() ? 0 : Value::Compare(x[1], buf[1]);
    if (buf.is_null() || (fn == "max_by" ? c > 0 : c < 0)) buf = x;
    return;
  }
  if (fn == "first") {
    if (!buf[0].as_bool()) buf = Value::Array({Value::Bool(true), x});
    return;
  }
  if (fn == "last") {
    buf = Value::Array({Value::Bool(true), x});
    return;
  }
  if (x.is_null()) return;
  if (fn == "sum") {
    Value n = NumericOf(x);
    if (n.is_null()) return;
    buf = buf.is_null() ? n : AddNumbers(buf, n);
  } else if (fn == "avg") {
    Value n = NumericOf(x);
    if (n.is_null()) return;
    buf = Value::Array({Value::Double(buf[0].as_double() + n.num()), Value::Int(buf[1].as_int() + 1)});
  } else if (Moments(fn)) {
    Value n = NumericOf(x);
    if (n.is_null()) return;
    buf = MomentsMerge(buf, Value::Array({Value::Double(1), Value::Double(n.num()), Value::Double(0)}));
  } else if (fn == "approx_count_distinct") {
    for (const Value& v : buf.items()) if (v == x) return;
    std::vector<Value> items(buf.items().begin(), buf.items().end());
    items.push_back(x);
    buf = Value::Array(std::move(items));
  } else if (fn == "bool_and" || fn == "bool_or") {
    bool b = x.type() == ValueType::kBool && x.as_bool();
    buf = buf.is_null() ? Value::Bool(b) : Value::Bool(fn == "bool_and" ? (buf.as_bool() && b) : (buf.as_bool() || b));
  } else if (fn == "min") {
    if (buf.is_null() || Value::Compare(x, buf) < 0) buf = x;
  } else if (fn == "max") {
    if (buf.is_null() || Value::Compare(x, buf) > 0) buf = x;
  } else if (fn == "collect_list" || fn == "collect_set") {
    std::vector<Value> items(buf.items().begin(), buf.items().end());
    if (fn == "collect_set")
      for (const Value& v : items) if (v == x) return;
    items.push_back(x);
    buf = Value::Array(std::move(items));
  }
}

void MergeBuffer(const AggFunc& f, Value& buf, const Value& other) {
  const std::string& fn = f.fn;
  if (fn == "count" || fn == "count_if") { buf = Value::Int(buf.as_int() + other.as_int()); return; }
  if (Moments(fn)) { buf = MomentsMerge(buf, other); return; }
  if (fn == "max_by" || fn == "min_by") {
    if (other.is_null()) return;
    int c = buf.is_null() ? 0 : Value::Compare(other[1], buf[1]);
    if (buf.is_null() || (fn == "max_by" ? c > 0 : c < 0)) buf = other;
    return;
  }
  if (fn == "bool_and" || fn == "bool_or") { if (!other.is_null()) UpdateBuffer(f, buf, other); return; }
  if (fn == "first") { if (!buf[0].as_bool()) buf = other; return; }
  if (fn == "last") { if (other[0].as_bool()) buf = other; return; }
  if (fn == "sum") { if (!other.is_null()) buf = buf.is_null() ? other : AddNumbers(buf, other); return; }
  if (fn == "avg") {
    buf = Value::Array({Value::Double(buf[0].as_double() + other[0].as_double()), Value::Int(buf[1].as_int() + other[1].as_int())});
    return;
  }
  if (fn == "min" || fn == "max") { if (!other.is_null()) UpdateBuffer(f, buf, other); return; }
  for (const Value& v : other.items()) UpdateBuffer(f, buf, v);
}

Value FinalValue(const AggFunc& f, const Value& buf) {
  if (f.fn == "avg") return buf[1].as_int() == 0 ? Value() : Value::Double(buf[0].as_double() / static_cast<double>(buf[1].as_int()));
  if (f.fn == "first" || f.fn == "last") return buf[1];
  if (Moments(f.fn)) {
    double n = buf[0].as_double(), m2 = buf[2].as_double();
    bool samp = f.fn == "stddev_samp" || f.fn == "var_samp";
    // Spark 3.1+: null without rows, and for a sample of one row.
    if (n == 0 || (samp && n == 1)) return Value();
    double var = m2 / (samp ? n - 1 : n);
    return Value::Double(f.fn.rfind("stddev", 0) == 0 ? std::sqrt(var) : var);
  }
  if (f.fn == "approx_count_distinct") return Value::Int(static_cast<int64_t>(buf.size()));
  if (f.fn == "max_by" || f.fn == "min_by") return buf.is_null() ? Value() : buf[0];
  return buf;
}

const StructType* WindowType() {
  static const StructType* t = StructType::Get({"start", "end"});
  return t;
}

Value MakeWindow(int64_t start_us, int64_t end_us) {
  return Value::Struct(WindowType(), {Value::Ts(Timestamp::FromMicros(start_us)), Value::Ts(Timestamp::FromMicros(end_us))});
}

// Event time in microseconds of a value that carries it: a timestamp, or a window's end.
std::optional<int64_t> EventTimeOf(const Value& v) {
  if (v.type() == ValueType::kTimestamp) return v.as_int();
  if (v.type() == ValueType::kStruct && v.size() == 2 && v[1].type() == ValueType::kTimestamp) return v[1].as_int();
  return std::nullopt;
}

// The time windows a timestamp falls in, as TimeWindowing computes them.
void TimeWindows(const WindowKey& w, int64_t ts, std::vector<Value>* out) {
  int64_t size = w.size.micros(), slide = w.slide.micros(), start = w.start.micros();
  int64_t last_start = ts - ((ts - start) % slide + slide) % slide;
  std::vector<Value> ws;
  for (int64_t s = last_start; s > ts - size; s -= slide) ws.push_back(MakeWindow(s, s + size));
  for (auto it = ws.rbegin(); it != ws.rend(); ++it) out->push_back(*it);
}

std::string CheckpointHeader() { return "tideline-state 1\n"; }

}  // namespace

// ---------------------------------------------------------------------------

struct NodeRt {
  const PlanNode* node = nullptr;
  int state_id = -1;     // stateful operators, pre-order from the root
  int wm_index = -1;     // watermark nodes, pre-order
  StateMap state[2];     // joins: left, right
  StateOperatorProgress m;
  EventStats stats;
  int event_col = -1;          // the event-time column the operator's predicates read
  int event_key = -1;          // aggregation: the key column holding the event time
  int left_event = -1, right_event = -1;
  std::optional<int64_t> late_wm_ms, evict_wm_ms;
  int64_t emitted = 0;  // streaming limit
  std::vector<expr::CompiledExpr> pushed_filters;  // applied to the node's output (pushdown.cc)
  bool panes = false;  // a sliding-window aggregation computed by panes
};

struct Executor::Impl {
  PlanPtr root;
  QueryOptions opts;
  Sources* sources;
  std::vector<std::unique_ptr<NodeRt>> rts;
  std::map<const PlanNode*, NodeRt*> by_node;
  std::vector<NodeRt*> stateful;    // by state id
  std::vector<NodeRt*> watermarks;  // by wm index
  std::map<int64_t, std::map<const PlanNode*, std::optional<int64_t>>> input_wm;  // per batch
  bool allow_multiple = true;
  RowEnv env;
  BatchContext* ctx = nullptr;
  std::optional<int64_t> last_batch_ts_ms;  // the timestamp of the last batch run

  void Assign(const PlanPtr& n) {
    auto rt = std::make_unique<NodeRt>();
    rt->node = n.get();
    if (n->stateful()) {
      rt->state_id = static_cast<int>(stateful.size());
      stateful.push_back(rt.get());
    }
    if (n->kind == OpKind::kWatermark && n->streaming) {
      rt->wm_index = static_cast<int>(watermarks.size());
      watermarks.push_back(rt.get());
    }
    by_node[n.get()] = rt.get();
    rts.push_back(std::move(rt));
    for (const auto& c : n->children) Assign(c);
  }

  static std::vector<int> EventCols(const Columns& cols) {
    std::vector<int> out;
    for (size_t i = 0; i < cols.size(); ++i) if (cols[i].event_time) out.push_back(static_cast<int>(i));
    return out;
  }

  Status OneEventCol(const Columns& cols, int* out) {
    std::vector<int> ev = EventCols(cols);
    if (ev.size() > 1 && allow_multiple) {
      std::vector<std::string> names;
      for (int i : ev) names.push_back(cols[static_cast<size_t>(i)].name);
      return Status::Analysis(fmt::format(
          "More than one event time columns are available. Please ensure there is at most one event time column per "
          "stream. event time columns: ({})",
          fmt::join(names, ", ")));
    }
    *out = ev.empty() ? -1 : ev[0];
    return Status::Ok();
  }

  Status Prepare() {
    for (auto& [node, preds] : PushedDownFilters(*root)) by_node.at(node)->pushed_filters = std::move(preds);
    allow_multiple = opts.config.count("spark.sql.streaming.statefulOperator.allowMultiple") == 0 ||
                     opts.config.at("spark.sql.streaming.statefulOperator.allowMultiple") != "false";
    for (auto& rt : rts) {
      const PlanNode& n = *rt->node;
      if (!n.streaming) continue;
      switch (n.kind) {
        case OpKind::kAggregate: {
          Columns keys(n.out.begin(), n.out.begin() + n.num_key_cols);
          TL_RETURN_IF_ERROR(OneEventCol(keys, &rt->event_key));
          rt->panes = UsePanes(n);
          rt->m.name = n.window_index >= 0 && n.window.session ? "sessionWindowStateStoreSaveExec" : "stateStoreSave";
          break;
        }
        case OpKind::kDedup:
          TL_RETURN_IF_ERROR(OneEventCol(n.children[0]->out, &rt->event_col));
          rt->m.name = n.within_watermark ? "dedupeWithinWatermark" : "dedupe";
          break;
        case OpKind::kGroupState:
          TL_RETURN_IF_ERROR(OneEventCol(n.children[0]->out, &rt->event_col));
          rt->m.name = "flatMapGroupsWithState";
          break;
        case OpKind::kJoin:
          if (!rt->node->stateful()) break;
          TL_RETURN_IF_ERROR(OneEventCol(n.children[0]->out, &rt->left_event));
          TL_RETURN_IF_ERROR(OneEventCol(n.children[1]->out, &rt->right_event));
          rt->m.name = "symmetricHashJoin";
          break;
        case OpKind::kLimit: rt->m.name = "globalLimit"; break;
        default: break;
      }
    }
    return Status::Ok();
  }

  // PropagateWatermarkSimulator: the input watermark of each stateful operator.
  Status Propagate(int64_t batch_id, int64_t origin_ms) {
    if (input_wm.count(batch_id)) return Status::Ok();
    return Simulate(origin_ms, &input_wm[batch_id]);
  }

  // The input watermark of each stateful operator for a global watermark `origin_ms`.
  Status Simulate(int64_t origin_ms, std::map<const PlanNode*, std::optional<int64_t>>* out_map) const {
    auto& out = *out_map;
    if (origin_ms == 0 || !allow_multiple) {
      for (NodeRt* s : stateful) out[s->node] = origin_ms;
      return Status::Ok();
    }
    Status st;
    std::function<std::optional<int64_t>(const PlanNode&)> walk = [&](const PlanNode& n) -> std::optional<int64_t> {
      std::vector<int64_t> inputs;
      for (const auto& c : n.children) {
        auto w = walk(*c);
        if (w) inputs.push_back(*w);
      }
      std::optional<int64_t> in;
      if (!inputs.empty()) in = *std::min_element(inputs.begin(), inputs.end());
      if (n.kind == OpKind::kWatermark && n.streaming) {
        if (in && st.ok())
          st = Status::Analysis(
              "Redefining watermark is disallowed. You can set the config "
              "'spark.sql.streaming.statefulOperator.allowMultiple' to 'false' to restore the previous behavior. Note "
              "that multiple stateful operators will be disallowed.");
        return origin_ms;
      }
      if (n.stateful()) {
        out[&n] = in;
        if (!in) return std::nullopt;
        return OutputWatermark(n, *in);
      }
      return in;
    };
    walk(*root);
    return st;
  }

  // StateStoreWriter.produceOutputWatermark: joins hold rows back by their state watermarks.
  std::optional<int64_t> OutputWatermark(const PlanNode& n, int64_t in) const {
    if (n.kind != OpKind::kJoin) return in;
    NodeRt* rt = by_node.at(&n);
    std::optional<int64_t> lo;
    for (int side = 0; side < 2; ++side) {
      auto w = StateWatermark(*rt, side, in);
      if (w) lo = lo ? std::min(*lo, *w) : *w;
    }
    return lo ? lo : in;
  }

  int64_t Wm(const std::optional<int64_t>& w) const { return std::max<int64_t>(w.value_or(0), 0); }

  // ---- running

  std::vector<Row> Exec(const PlanNode& n) {
    NodeRt& rt = *by_node.at(&n);
    std::vector<Row> rows = ExecNode(n, rt);
    if (rt.pushed_filters.empty()) return rows;
    std::vector<Row> kept;
    kept.reserve(rows.size());
    for (Row& r : rows) {
      env.Bind(r);
      bool pass = true;
      for (const auto& f : rt.pushed_filters)
        if (!expr::IsTrue(env.Eval(f, ctx->now))) {
          pass = false;
          break;
        }
      if (pass) kept.push_back(std::move(r));
    }
    return kept;
  }

  std::vector<Row> ExecNode(const PlanNode& n, NodeRt& rt) {
    switch (n.kind) {
      case OpKind::kSource: {
        if (!n.streaming) {
          SourceData* s = sources->Find(n.source);
          return s ? s->static_rows : std::vector<Row>{};
        }
        auto it = ctx->input.find(n.source);
        return it == ctx->input.end() ? std::vector<Row>{} : it->second;
      }
      case OpKind::kProject: return Project(n, Exec(*n.children[0]));
      case OpKind::kFilter: {
        std::vector<Row> in = Exec(*n.children[0]), out;
        for (Row& r : in) {
          env.Bind(r);
          if (expr::IsTrue(env.Eval(*n.cond, ctx->now))) out.push_back(std::move(r));
        }
        return out;
      }
      case OpKind::kWatermark: {
        std::vector<Row> in = Exec(*n.children[0]);
        if (n.streaming) {
          rt.stats = EventStats();
          for (const Row& r : in) {
            const Value& v = r[static_cast<size_t>(n.wm_col)];
            auto t = EventTimeOf(v);
            if (!t) continue;
            rt.stats.Add(*t / 1000);
          }
        }
        return in;
      }
      case OpKind::kUnion: {
        std::vector<Row> a = Exec(*n.children[0]);
        std::vector<Row> b = Exec(*n.children[1]);
        a.insert(a.end(), std::make_move_iterator(b.begin()), std::make_move_iterator(b.end()));
        return a;
      }
      case OpKind::kSort: {
        std::vector<Row> in = Exec(*n.children[0]);
        std::vector<std::pair<std::vector<Value>, size_t>> keyed;
        for (size_t i = 0; i < in.size(); ++i) {
          env.Bind(in[i]);
          std::vector<Value> k;
          for (const auto& e : n.sort_keys) k.push_back(env.Eval(e, ctx->now));
          keyed.emplace_back(std::move(k), i);
        }
        std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
          for (size_t k = 0; k < a.first.size(); ++k) {
            int c = Value::Compare(a.first[k], b.first[k]);
            // Spark: nulls first ascending, last descending.
            if (c != 0) return n.ascending[k] ? c < 0 : c > 0;
          }
          return false;
        });
        std::vector<Row> out;
        for (auto& [k, i] : keyed) out.push_back(std::move(in[i]));
        return out;
      }
      case OpKind::kLimit: {
        std::vector<Row> in = Exec(*n.children[0]);
        int64_t room = n.limit;
        if (n.stateful() && opts.mode != OutputMode::kComplete) room = std::max<int64_t>(0, n.limit - rt.emitted);
        if (static_cast<int64_t>(in.size()) > room) in.resize(static_cast<size_t>(room));
        if (n.stateful() && opts.mode != OutputMode::kComplete) {
          rt.emitted += static_cast<int64_t>(in.size());
          rt.state[0].clear();
          rt.state[0][Value()] = Value::Int(rt.emitted);
          rt.m.total = 1;
          rt.m.updated += in.empty() ? 0 : 1;
        }
        return in;
      }
      case OpKind::kAggregate:
        if (!n.streaming) return BatchAggregate(n, Exec(*n.children[0]));
        if (n.window_index >= 0 && n.window.session) return SessionAggregate(n, rt, Exec(*n.children[0]));
        if (rt.panes) return PaneAggregate(n, rt, Exec(*n.children[0]));
        return StreamingAggregate(n, rt, Exec(*n.children[0]));
      case OpKind::kDedup: return Dedup(n, rt, Exec(*n.children[0]));
      case OpKind::kJoin: {
        std::vector<Row> l = Exec(*n.children[0]);
        std::vector<Row> r = Exec(*n.children[1]);
        if (n.stateful()) return StreamJoin(n, rt, std::move(l), std::move(r));
        return StaticJoin(n, l, r);
      }
      case OpKind::kGroupState: return GroupState(n, rt, Exec(*n.children[0]));
    }
    return {};
  }

  std::vector<Row> Project(const PlanNode& n, std::vector<Row> in) {
    std::vector<Row> out;
    out.reserve(in.size());
    for (const Row& r : in) {
      env.Bind(r);
      bool has_time = true;
      for (const auto& t : n.not_null)
        if (env.Eval(t, ctx->now).is_null()) has_time = false;
      if (!has_time) continue;
      Row o;
      o.reserve(n.exprs.size());
      Value gen;
      for (size_t i = 0; i < n.exprs.size(); ++i) {
        Value v = env.Eval(n.exprs[i], ctx->now);
        if (static_cast<int>(i) == n.generator) gen = v;
        o.push_back(std::move(v));
      }
      if (n.generator < 0) {
        out.push_back(std::move(o));
        continue;
      }
      if (gen.type() != ValueType::kArray) continue;
      for (const Value& item : gen.items()) {
        Row x = o;
        x[static_cast<size_t>(n.generator)] = item;
        out.push_back(std::move(x));
      }
    }
    return out;
  }

  // Keys of a row for an aggregation: every key expression, with the window key expanded
  // to each window the row falls in. Returns false when the row has no window (null time).
  void AggKeys(const PlanNode& n, const Row& r, std::vector<Row>* keys) {
    keys->clear();
    env.Bind(r);
    Row base;
    for (size_t i = 0; i < n.keys.size(); ++i) {
      if (static_cast<int>(i) == n.window_index) { base.emplace_back(); continue; }
      base.push_back(env.Eval(n.keys[i], ctx->now));
    }
    if (n.window_index < 0) { keys->push_back(std::move(base)); return; }
    Value t = env.Eval(n.window.time, ctx->now);
    // A window of windows reads the event time of the inner window (window_time).
    if (t.type() == ValueType::kStruct && t.size() == 2 && t[1].type() == ValueType::kTimestamp)
      t = Value::Ts(t[1].as_ts() - Duration::Micros(1));
    if (t.type() != ValueType::kTimestamp) return;
    std::vector<Value> windows;
    TimeWindows(n.window, t.as_int(), &windows);
    for (const Value& w : windows) {
      Row k = base;
      k[static_cast<size_t>(n.window_index)] = w;
      keys->push_back(std::move(k));
    }
  }

  Row Finish(const PlanNode& n, const Row& key, const Value& bufs) {
    Row scope = key;
    for (size_t i = 0; i < n.aggs.size(); ++i) scope.push_back(FinalValue(n.aggs[i], bufs[i]));
    env.Bind(scope);
    Row out = key;
    for (const auto& e : n.results) out.push_back(env.Eval(e, ctx->now));
    return out;
  }

  // Partial aggregation of a batch: key -> buffers, in canonical key order.
  StateMap Partial(const PlanNode& n, const std::vector<Row>& in) {
    StateMap groups;
    std::vector<Row> keys;
    std::vector<Value> args(n.aggs.size());
    for (const Row& r : in) {
      AggKeys(n, r, &keys);
      if (keys.empty()) continue;
      env.Bind(r);
      for (size_t i = 0; i < n.aggs.size(); ++i)
        args[i] = n.aggs[i].star ? Value() : env.Eval(n.aggs[i].arg, ctx->now);
      for (Row& k : keys) {
        Value key = Value::Array(std::move(k));
        auto it = groups.find(key);
        if (it == groups.end()) {
          std::vector<Value> init;
          for (const auto& f : n.aggs) init.push_back(InitBuffer(f));
          it = groups.emplace(key, Value::Array(std::move(init))).first;
        }
        std::vector<Value> bufs(it->second.items().begin(), it->second.items().end());
        for (size_t i = 0; i < n.aggs.size(); ++i) UpdateBuffer(n.aggs[i], bufs[i], args[i]);
        it->second = Value::Array(std::move(bufs));
      }
    }
    return groups;
  }

  std::vector<Row> BatchAggregate(const PlanNode& n, const std::vector<Row>& in) {
    StateMap groups = Partial(n, in);
    std::vector<Row> out;
    if (groups.empty() && n.keys.empty()) {
      std::vector<Value> init;
      for (const auto& f : n.aggs) init.push_back(InitBuffer(f));
      out.push_back(Finish(n, {}, Value::Array(std::move(init))));
    }
    for (const auto& [k, b] : groups) out.push_back(Finish(n, Row(k.items().begin(), k.items().end()), b));
    return out;
  }

  bool Late(const std::optional<int64_t>& ev_us, const std::optional<int64_t>& wm_ms) const {
    return ev_us && wm_ms && *ev_us <= *wm_ms * 1000;
  }

  std::vector<Row> StreamingAggregate(const PlanNode& n, NodeRt& rt, const std::vector<Row>& in) {
    StateMap groups = Partial(n, in);
    if (n.keys.empty() && groups.empty()) {
      // An aggregation without grouping keys emits its empty buffer even for a batch whose
      // rows were all filtered out (HashAggregateExec with no grouping), so the state and
      // the output hold the row (count 0).
      std::vector<Value> init;
      for (const auto& f : n.aggs) init.push_back(InitBuffer(f));
      groups.emplace(Value::Array({}), Value::Array(std::move(init)));
    }
    StateMap& state = rt.state[0];
    OutputMode mode = opts.mode;
    bool watermarked = rt.event_key >= 0;
    std::vector<Value> updated_keys;
    for (auto& [key, bufs] : groups) {
      if (watermarked && mode != OutputMode::kComplete &&
          Late(EventTimeOf(key[static_cast<size_t>(rt.event_key)]), rt.late_wm_ms)) {
        ++rt.m.dropped;
        continue;
      }
      auto it = state.find(key);
      if (it == state.end()) {
        state.emplace(key, bufs);
      } else {
        std::vector<Value> merged(it->second.items().begin(), it->second.items().end());
        for (size_t i = 0; i < n.aggs.size(); ++i) MergeBuffer(n.aggs[i], merged[i], bufs[i]);
        it->second = Value::Array(std::move(merged));
      }
      ++rt.m.updated;
      updated_keys.push_back(key);
    }
    std::vector<Row> out;
    auto row_of = [&](const Value& k, const Value& b) { return Finish(n, Row(k.items().begin(), k.items().end()), b); };
    if (mode == OutputMode::kComplete) {
      for (const auto& [k, b] : state) out.push_back(row_of(k, b));
    } else if (mode == OutputMode::kUpdate) {
      for (const Value& k : updated_keys) out.push_back(row_of(k, state.at(k)));
      if (watermarked) EvictAgg(rt, nullptr, n);
    } else {
      if (watermarked) EvictAgg(rt, &out, n);
    }
    rt.m.total = static_cast<int64_t>(state.size());
    return out;
  }

  void EvictAgg(NodeRt& rt, std::vector<Row>* out, const PlanNode& n) {
    StateMap& state = rt.state[0];
    for (auto it = state.begin(); it != state.end();) {
      if (Late(EventTimeOf(it->first[static_cast<size_t>(rt.event_key)]), rt.evict_wm_ms)) {
        if (out) out->push_back(Finish(n, Row(it->first.items().begin(), it->first.items().end()), it->second));
        ++rt.m.removed;
        it = state.erase(it);
      } else {
        ++it;
      }
    }
  }

  // ---- sliding windows by panes
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
  // State: state[0] maps [key, pane start] to the pane's buffers; state[1] maps key to
  // the flat list [lo0, hi0, lo1, hi1, ...] of its windows' start ranges (inclusive, us).

  bool UsePanes(const PlanNode& n) const {
    if (n.window_index < 0 || n.window.session || !n.streaming) return false;
    auto it = opts.config.find("tideline.slidingWindows");
    if (it != opts.config.end() && it->second == "copies") return false;
    if (n.window.slide.micros() <= 0 || n.window.slide >= n.window.size) return false;
    for (const AggFunc& f : n.aggs) {
      if (f.distinct) return false;
      bool integral = f.arg_type == "INT" || f.arg_type == "BIGINT" || f.arg_type == "SMALLINT" || f.arg_type == "TINYINT";
      if (f.fn == "count" || f.fn == "min" || f.fn == "max") continue;
      if ((f.fn == "sum" || f.fn == "avg") && integral) continue;
      return false;
    }
    return true;
  }

  using Ranges = std::vector<std::pair<int64_t, int64_t>>;  // sorted, disjoint window-start ranges

  static void AddRange(Ranges* r, int64_t lo, int64_t hi, int64_t slide) {
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

  static int64_t RangeCount(const Ranges& r, int64_t slide) {
    int64_t c = 0;
    for (auto [a, b] : r) c += (b - a) / slide + 1;
    return c;
  }

  static Ranges DecodeRanges(const Value& v) {
    Ranges r;
    for (size_t i = 0; i + 1 < v.size(); i += 2) r.emplace_back(v[i].as_int(), v[i + 1].as_int());
    return r;
  }
  static Value EncodeRanges(const Ranges& r) {
    std::vector<Value> items;
    for (auto [a, b] : r) {
      items.push_back(Value::Int(a));
      items.push_back(Value::Int(b));
    }
    return Value::Array(std::move(items));
  }

  Row FullKey(const PlanNode& n, const Value& base, int64_t start_us) const {
    Row k(base.items().begin(), base.items().end());
    k.insert(k.begin() + n.window_index, MakeWindow(start_us, start_us + n.window.size.micros()));
    return k;
  }

  // The buffers of windows starting lo, lo + slide, ..., hi of `key`, merged from its
  // panes, handed to `fn(full key, buffers)` in window order.
  template <typename Fn>
  void SlideWindows(const PlanNode& n, const Value& key, int64_t lo, int64_t hi, const StateMap& panes, Fn fn) {
    const int64_t size = n.window.size.micros(), slide = n.window.slide.micros();
    auto merge = [&](Value a, const Value& b) {
      std::vector<Value> m(a.items().begin(), a.items().end());
      for (size_t i = 0; i < n.aggs.size(); ++i) MergeBuffer(n.aggs[i], m[i], b[i]);
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

  void SlideWindowRows(const PlanNode& n, const Value& key, int64_t lo, int64_t hi, const StateMap& panes,
                       std::vector<std::pair<Row, Row>>* out) {
    SlideWindows(n, key, lo, hi, panes, [&](Row k, const Value& bufs) {
      Row row = Finish(n, k, bufs);
      out->emplace_back(std::move(k), std::move(row));
    });
  }

  // Spark's view of a pane operator's state: one entry per (key, window).
  std::vector<std::pair<Value, Value>> PaneStateRows(const NodeRt& rt) {
    std::vector<std::pair<Value, Value>> out;
    const PlanNode& n = *rt.node;
    for (const auto& [key, v] : rt.state[1])
      for (auto [a, b] : DecodeRanges(v))
        SlideWindows(n, key, a, b, rt.state[0], [&](Row k, const Value& bufs) { out.emplace_back(Value::Array(std::move(k)), bufs); });
    return out;
  }

  std::vector<Row> PaneAggregate(const PlanNode& n, NodeRt& rt, const std::vector<Row>& in) {
    const int64_t size = n.window.size.micros(), slide = n.window.slide.micros(), start = n.window.start.micros();
    const int64_t g = std::gcd(size, slide);
    auto floor_to = [](int64_t t, int64_t origin, int64_t step) { return t - ((t - origin) % step + step) % step; };
    StateMap& panes = rt.state[0];
    StateMap& windows = rt.state[1];
    OutputMode mode = opts.mode;
    bool watermarked = rt.event_key >= 0 && mode != OutputMode::kComplete;
    // Partial aggregation per (key, pane), rows in arrival order.
    StateMap incoming;
    std::vector<Value> args(n.aggs.size());
    for (const Row& r : in) {
      env.Bind(r);
      std::vector<Value> base;
      for (size_t i = 0; i < n.keys.size(); ++i)
        if (static_cast<int>(i) != n.window_index) base.push_back(env.Eval(n.keys[i], ctx->now));
      Value t = env.Eval(n.window.time, ctx->now);
      if (t.type() == ValueType::kStruct && t.size() == 2 && t[1].type() == ValueType::kTimestamp)
        t = Value::Ts(t[1].as_ts() - Duration::Micros(1));
      if (t.type() != ValueType::kTimestamp) continue;
      for (size_t i = 0; i < n.aggs.size(); ++i)
        args[i] = n.aggs[i].star ? Value() : env.Eval(n.aggs[i].arg, ctx->now);
      Value pk = Value::Array({Value::Array(std::move(base)), Value::Int(floor_to(t.as_int(), start, g))});
      auto it = incoming.find(pk);
      if (it == incoming.end()) {
        std::vector<Value> init;
        for (const auto& f : n.aggs) init.push_back(InitBuffer(f));
        it = incoming.emplace(std::move(pk), Value::Array(std::move(init))).first;
      }
      std::vector<Value> bufs(it->second.items().begin(), it->second.items().end());
      for (size_t i = 0; i < n.aggs.size(); ++i) UpdateBuffer(n.aggs[i], bufs[i], args[i]);
      it->second = Value::Array(std::move(bufs));
    }
    // Merge into the panes; the windows each pane reaches become Spark's state rows.
    const int64_t late_us = rt.late_wm_ms ? *rt.late_wm_ms * 1000 : std::numeric_limits<int64_t>::min() / 2;
    std::map<Value, Ranges, ValueLess> updated, late;
    for (auto& [pk, bufs] : incoming) {
      const Value& key = pk[0];
      int64_t ps = pk[1].as_int();
      int64_t hi = floor_to(ps, start, slide);       // the last window holding the pane
      int64_t lo = hi - ((size - 1 - (ps - hi)) / slide) * slide;  // the first one
      int64_t alive_lo = lo;
      if (watermarked && rt.late_wm_ms) {
        // Windows ending at or before the previous watermark drop the rows (late).
        int64_t last_late = floor_to(late_us - size, start, slide);
        if (last_late >= lo) {
          AddRange(&late[key], lo, std::min(hi, last_late), slide);
          alive_lo = last_late + slide;
        }
      }
      if (alive_lo > hi) continue;
      auto it = panes.find(pk);
      if (it == panes.end()) {
        panes.emplace(pk, bufs);
      } else {
        std::vector<Value> merged(it->second.items().begin(), it->second.items().end());
        for (size_t i = 0; i < n.aggs.size(); ++i) MergeBuffer(n.aggs[i], merged[i], bufs[i]);
        it->second = Value::Array(std::move(merged));
      }
      AddRange(&updated[key], alive_lo, hi, slide);
    }
    for (const auto& [key, r] : late) rt.m.dropped += RangeCount(r, slide);
    for (const auto& [key, r] : updated) {
      rt.m.updated += RangeCount(r, slide);
      auto w = windows.find(key);
      Ranges all = w == windows.end() ? Ranges{} : DecodeRanges(w->second);
      for (auto [a, b] : r) AddRange(&all, a, b, slide);
      windows[key] = EncodeRanges(all);
    }
    // Output.
    std::vector<std::pair<Row, Row>> rows;
    if (mode == OutputMode::kComplete) {
      for (const auto& [key, v] : windows)
        for (auto [a, b] : DecodeRanges(v)) SlideWindowRows(n, key, a, b, panes, &rows);
    } else if (mode == OutputMode::kUpdate) {
      for (const auto& [key, r] : updated)
        for (auto [a, b] : r) SlideWindowRows(n, key, a, b, panes, &rows);
    }
    // Eviction: windows ending at or before the watermark; panes no window needs.
    if (rt.event_key >= 0 && rt.evict_wm_ms && mode != OutputMode::kComplete) {
      const int64_t wm_us = *rt.evict_wm_ms * 1000;
      const int64_t last_gone = floor_to(wm_us - size, start, slide);  // the last evicted window start
      for (auto w = windows.begin(); w != windows.end();) {
        Ranges keep, gone;
        for (auto [a, b] : DecodeRanges(w->second)) {
          if (a <= last_gone) gone.emplace_back(a, std::min(b, last_gone));
          if (b > last_gone) keep.emplace_back(std::max(a, last_gone + slide), b);
        }
        rt.m.removed += RangeCount(gone, slide);
        if (mode == OutputMode::kAppend)
          for (auto [a, b] : gone) SlideWindowRows(n, w->first, a, b, panes, &rows);
        if (keep.empty()) w = windows.erase(w);
        else { w->second = EncodeRanges(keep); ++w; }
      }
      for (auto p = panes.begin(); p != panes.end();)
        p = floor_to(p->first[1].as_int(), start, slide) <= last_gone ? panes.erase(p) : std::next(p);
    }
    int64_t total = 0;
    for (const auto& [key, v] : windows) total += RangeCount(DecodeRanges(v), slide);
    rt.m.total = total;
    // Spark's row order of the copying method: by (key, window).
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
      return Value::Compare(Value::Array(a.first), Value::Array(b.first)) < 0;
    });
    std::vector<Row> out;
    out.reserve(rows.size());
    for (auto& [k, r] : rows) out.push_back(std::move(r));
    return out;
  }

  // Session windows: state per group key is the list of sessions [start, end, buffers],
  // sorted by start; new rows open [t, t + gap) and overlapping sessions merge.
  std::vector<Row> SessionAggregate(const PlanNode& n, NodeRt& rt, const std::vector<Row>& in) {
    StateMap& state = rt.state[0];
    struct Session { int64_t start, end; Value bufs; };
    std::map<Value, std::vector<Session>, ValueLess> incoming;
    std::vector<Value> args(n.aggs.size());
    for (const Row& r : in) {
      env.Bind(r);
      Value t = env.Eval(n.window.time, ctx->now);
      if (t.type() != ValueType::kTimestamp) continue;
      int64_t gap;
      if (n.window.gap_is_static) {
        gap = n.window.static_gap.micros();
      } else {
        Value g = env.Eval(n.window.gap, ctx->now);
        if (g.type() != ValueType::kString) continue;
        auto d = ParseDuration(g.str());
        if (!d.ok()) continue;
        gap = d->micros();
      }
      if (gap <= 0) continue;
      Row key;
      for (size_t i = 0; i < n.keys.size(); ++i)
        key.push_back(static_cast<int>(i) == n.window_index ? Value() : env.Eval(n.keys[i], ctx->now));
      int64_t start = t.as_int(), end = t.as_int() + gap;
      if (Late(end, rt.late_wm_ms)) {
        ++rt.m.dropped;
        continue;
      }
      std::vector<Value> bufs;
      for (size_t i = 0; i < n.aggs.size(); ++i) {
        bufs.push_back(InitBuffer(n.aggs[i]));
        UpdateBuffer(n.aggs[i], bufs[i], n.aggs[i].star ? Value() : env.Eval(n.aggs[i].arg, ctx->now));
      }
      incoming[Value::Array(std::move(key))].push_back({start, end, Value::Array(std::move(bufs))});
    }
    std::vector<Row> out;
    auto row_of = [&](const Value& key, const Session& s) {
      Row k(key.items().begin(), key.items().end());
      k[static_cast<size_t>(n.window_index)] = MakeWindow(s.start, s.end);
      return Finish(n, k, s.bufs);
    };
    auto decode = [](const Value& list) {
      std::vector<Session> ss;
      for (const Value& s : list.items()) ss.push_back({s[0].as_int(), s[1].as_int(), s[2]});
      return ss;
    };
    auto encode = [](const std::vector<Session>& ss) {
      std::vector<Value> items;
      for (const auto& s : ss) items.push_back(Value::Array({Value::Int(s.start), Value::Int(s.end), s.bufs}));
      return Value::Array(std::move(items));
    };
    for (auto& [key, news] : incoming) {
      std::vector<Session> all;
      auto it = state.find(key);
      std::vector<Session> old;
      if (it != state.end()) old = decode(it->second);
      all = old;
      all.insert(all.end(), news.begin(), news.end());
      std::stable_sort(all.begin(), all.end(), [](const Session& a, const Session& b) { return a.start < b.start; });
      std::vector<Session> merged;
      for (const Session& s : all) {
        if (!merged.empty() && s.start <= merged.back().end) {
          Session& m = merged.back();
          m.end = std::max(m.end, s.end);
          std::vector<Value> b(m.bufs.items().begin(), m.bufs.items().end());
          for (size_t i = 0; i < n.aggs.size(); ++i) MergeBuffer(n.aggs[i], b[i], s.bufs[i]);
          m.bufs = Value::Array(std::move(b));
        } else {
          merged.push_back(s);
        }
      }
      // Sessions that changed count as updated state rows.
      for (const Session& s : merged) {
        bool same = false;
        for (const Session& o : old)
          if (o.start == s.start && o.end == s.end && o.bufs == s.bufs) same = true;
        if (!same) ++rt.m.updated;
      }
      state[key] = encode(merged);
    }
    // Emit and evict.
    int64_t total = 0;
    for (auto it = state.begin(); it != state.end();) {
      std::vector<Session> ss = decode(it->second), keep;
      for (const Session& s : ss) {
        if (opts.mode != OutputMode::kComplete && Late(s.end, rt.evict_wm_ms)) {
          if (opts.mode == OutputMode::kAppend) out.push_back(row_of(it->first, s));
          ++rt.m.removed;
        } else {
          keep.push_back(s);
          if (opts.mode == OutputMode::kComplete) out.push_back(row_of(it->first, s));
        }
      }
      total += static_cast<int64_t>(keep.size());
      if (keep.empty()) it = state.erase(it);
      else { it->second = encode(keep); ++it; }
    }
    rt.m.total = total;
    return out;
  }

  std::vector<Row> Dedup(const PlanNode& n, NodeRt& rt, std::vector<Row> in) {
    if (!n.streaming) {
      std::set<Value, ValueLess> seen;
      std::vector<Row> out;
      for (Row& r : in) {
        std::vector<Value> k;
        for (int c : n.dedup_cols) k.push_back(r[static_cast<size_t>(c)]);
        if (seen.insert(Value::Array(std::move(k))).second) out.push_back(std::move(r));
      }
      return out;
    }
    StateMap& state = rt.state[0];
    std::vector<Row> out;
    int key_event = -1;  // position of the event time among the key columns
    for (size_t i = 0; i < n.dedup_cols.size(); ++i)
      if (n.dedup_cols[i] == rt.event_col) key_event = static_cast<int>(i);
    Duration delay = rt.event_col >= 0 ? n.children[0]->out[static_cast<size_t>(rt.event_col)].delay : Duration();
    for (Row& r : in) {
      std::optional<int64_t> ev;
      if (rt.event_col >= 0) ev = EventTimeOf(r[static_cast<size_t>(rt.event_col)]);
      if (rt.event_col >= 0 && Late(ev, rt.late_wm_ms)) {
        ++rt.m.dropped;
        continue;
      }
      std::vector<Value> k;
      for (int c : n.dedup_cols) k.push_back(r[static_cast<size_t>(c)]);
      Value key = Value::Array(std::move(k));
      if (state.count(key)) {
        ++rt.m.custom["numDroppedDuplicateRows"];
        continue;
      }
      Value v;
      if (n.within_watermark && ev) v = Value::Int(*ev + delay.micros());  // expires at
      state.emplace(key, v);
      ++rt.m.updated;
      out.push_back(std::move(r));
    }
    // Eviction by the watermark (a key with the event time, or the expiry within watermark).
    if (rt.evict_wm_ms && (key_event >= 0 || n.within_watermark)) {
      for (auto it = state.begin(); it != state.end();) {
        std::optional<int64_t> t;
        if (n.within_watermark) {
          if (it->second.type() == ValueType::kInt) t = it->second.as_int();
        } else {
          t = EventTimeOf(it->first[static_cast<size_t>(key_event)]);
        }
        if (Late(t, rt.evict_wm_ms)) {
          ++rt.m.removed;
          it = state.erase(it);
        } else {
          ++it;
        }
      }
    }
    rt.m.total = static_cast<int64_t>(state.size());
    return out;
  }

  // ---- joins

  Row Joined(const PlanNode& n, const Row* l, const Row* r) {
    size_t nl = n.children[0]->out.size(), nr = n.children[1]->out.size();
    Row both;
    both.reserve(nl + nr);
    for (size_t i = 0; i < nl; ++i) both.push_back(l ? (*l)[i] : Value());
    for (size_t i = 0; i < nr; ++i) both.push_back(r ? (*r)[i] : Value());
    return both;
  }

  Row Pick(const PlanNode& n, const Row& both) {
    Row out;
    out.reserve(n.pick.size());
    size_t nl = n.children[0]->out.size();
    for (int p : n.pick) {
      if (p >= 0) { out.push_back(both[static_cast<size_t>(p)]); continue; }
      auto [li, ri] = n.using_cols[static_cast<size_t>(-1 - p)];
      const Value& a = both[static_cast<size_t>(li)];
      out.push_back(a.is_null() ? both[nl + static_cast<size_t>(ri)] : a);
    }
    return out;
  }

  bool CondHolds(const PlanNode& n, const Row& both) {
    if (!n.cond) return true;
    env.Bind(both);
    return expr::IsTrue(env.Eval(*n.cond, ctx->now));
  }

  Value KeyOf(const std::vector<expr::CompiledExpr>& keys, const Row& r) {
    env.Bind(r);
    std::vector<Value> k;
    for (const auto& e : keys) k.push_back(env.Eval(e, ctx->now));
    return Value::Array(std::move(k));
  }

  static bool HasNull(const Value& key) {
    for (const Value& v : key.items()) if (v.is_null()) return true;
    return false;
  }

  std::vector<Row> StaticJoin(const PlanNode& n, const std::vector<Row>& l, const std::vector<Row>& r) {
    std::vector<Row> out;
    JoinType t = n.join_type;
    std::vector<bool> r_matched(r.size(), false);
    for (const Row& a : l) {
      bool matched = false;
      for (size_t j = 0; j < r.size(); ++j) {
        Row both = Joined(n, &a, &r[j]);
        if (!CondHolds(n, both)) continue;
        matched = true;
        r_matched[j] = true;
        if (t == JoinType::kLeftSemi) break;
        if (t == JoinType::kLeftAnti) break;
        out.push_back(Pick(n, both));
      }
      if (t == JoinType::kLeftSemi && matched) out.push_back(Pick(n, Joined(n, &a, nullptr)));
      if (t == JoinType::kLeftAnti && !matched) out.push_back(Pick(n, Joined(n, &a, nullptr)));
      if (!matched && (t == JoinType::kLeftOuter || t == JoinType::kFullOuter)) out.push_back(Pick(n, Joined(n, &a, nullptr)));
    }
    if (t == JoinType::kRightOuter || t == JoinType::kFullOuter)
      for (size_t j = 0; j < r.size(); ++j)
        if (!r_matched[j]) out.push_back(Pick(n, Joined(n, nullptr, &r[j])));
    return out;
  }

 public:
  // The state watermark of one side of a join (StreamingSymmetricHashJoinHelper): the
  // event watermark when the side's join keys carry the event time; otherwise what the
  // condition's time range allows, given the other side's watermark.
  std::optional<int64_t> StateWatermark(const NodeRt& rt, int side, int64_t wm_ms) const;

  std::vector<Row> StreamJoin(const PlanNode& n, NodeRt& rt, std::vector<Row> l, std::vector<Row> r);
  std::vector<Row> GroupState(const PlanNode& n, NodeRt& rt, std::vector<Row> in);
};

// ---------------------------------------------------------------------------
// Stream-stream joins

namespace {

using expr::Node;
using expr::NodeKind;

// A linear time term: sum of coef * column + constant (microseconds).
struct Linear {
  std::map<int, int> coef;
  int64_t constant = 0;
  bool ok = true;
};

Linear ToLinear(const Node& n) {
  Linear l;
  switch (n.kind) {
    case NodeKind::kName:
      if (n.name.size() > 1 && n.name[0] == '#') { l.coef[std::stoi(n.name.substr(1))] = 1; return l; }
      l.ok = false;
      return l;
    case NodeKind::kCast: {
      std::string t = n.name;
      for (char& c : t) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (t == "TIMESTAMP") return ToLinear(*n.children[0]);
      // CAST(ts AS LONG/DOUBLE) reads seconds: scale constants by 1e6 in the comparison.
      if (t == "LONG" || t == "BIGINT" || t == "DOUBLE" || t == "INT") return ToLinear(*n.children[0]);
      l.ok = false;
      return l;
    }
    case NodeKind::kInterval: l.constant = n.value.as_int(); return l;
    case NodeKind::kLiteral:
      if (n.value.is_number()) { l.constant = static_cast<int64_t>(n.value.num() * 1e6); return l; }
      l.ok = false;
      return l;
    case NodeKind::kBinary:
      if (n.name == "+" || n.name == "-") {
        Linear a = ToLinear(*n.children[0]), b = ToLinear(*n.children[1]);
        if (!a.ok || !b.ok) { l.ok = false; return l; }
        int s = n.name == "+" ? 1 : -1;
        for (auto [c, k] : b.coef) a.coef[c] += s * k;
        a.constant += s * b.constant;
        return a;
      }
      l.ok = false;
      return l;
    case NodeKind::kAlias: return ToLinear(*n.children[0]);
    default: l.ok = false; return l;
  }
}

void TimeConjuncts(const Node& n, std::vector<std::tuple<const Node*, std::string, const Node*>>* out) {
  if (n.kind == NodeKind::kBinary && n.name == "AND") {
    TimeConjuncts(*n.children[0], out);
    TimeConjuncts(*n.children[1], out);
    return;
  }
  if (n.kind == NodeKind::kBetween && !n.negated) {
    out->emplace_back(n.children[0].get(), ">=", n.children[1].get());
    out->emplace_back(n.children[0].get(), "<=", n.children[2].get());
    return;
  }
  if (n.kind == NodeKind::kBinary && (n.name == "<" || n.name == "<=" || n.name == ">" || n.name == ">="))
    out->emplace_back(n.children[0].get(), n.name, n.children[1].get());
}

}  // namespace

std::optional<int64_t> Executor::Impl::StateWatermark(const NodeRt& rt, int side, int64_t wm_ms) const {
  const PlanNode& n = *rt.node;
  const Columns& mine = n.children[static_cast<size_t>(side)]->out;
  const Columns& other = n.children[static_cast<size_t>(1 - side)]->out;
  // Keys with the event time: the state is cleaned by key, at the event watermark.
  if (side == 0 ? n.left_key_event >= 0 : n.right_key_event >= 0) return wm_ms;
  int my_col = side == 0 ? rt.left_event : rt.right_event;
  int other_col = side == 0 ? rt.right_event : rt.left_event;
  if (my_col < 0 || other_col < 0 || !n.cond_tree) return std::nullopt;
  (void)mine;
  (void)other;
  // Column numbers in the condition: left columns first, then the right ones.
  int nl = static_cast<int>(n.children[0]->out.size());
  int me = side == 0 ? my_col : nl + my_col;
  int them = side == 0 ? nl + other_col : other_col;
  std::vector<std::tuple<const Node*, std::string, const Node*>> conj;
  TimeConjuncts(*n.cond_tree, &conj);
  std::optional<int64_t> best;
  for (auto& [a, op, b] : conj) {
    Linear la = ToLinear(*a), lb = ToLinear(*b);
    if (!la.ok || !lb.ok) continue;
    // a op b  =>  (a - b) op 0, as  coef_me * me + coef_them * them + c  op 0
    std::map<int, int> co = la.coef;
    for (auto [c, k] : lb.coef) co[c] -= k;
    int64_t c = la.constant - lb.constant;
    for (auto it2 = co.begin(); it2 != co.end();) it2 = it2->second == 0 ? co.erase(it2) : std::next(it2);
    if (co.size() != 2 || !co.count(me) || !co.count(them) || co[me] != -co[them]) continue;
    // Normalise to: me - them (op') c'
    bool flip = co[me] < 0;
    std::string o = op;
    if (flip) {
      c = -c;
      if (o == "<") o = ">"; else if (o == "<=") o = ">="; else if (o == ">") o = "<"; else if (o == ">=") o = "<=";
    }
    // me - them + c (o) 0  =>  me (o) them - c
    int64_t bound = -c;
    if (o == ">" || o == ">=") {
      // me > them + bound, and future rows of the other side have them > wm.
      int64_t w = wm_ms * 1000 + bound;
      if (o == ">=") w -= 1000;  // Spark subtracts one millisecond for a non-strict bound
      int64_t w_ms = Timestamp::FloorDiv(w, 1000);
      best = best ? std::max(*best, w_ms) : w_ms;
    }
  }
  return best;
}

std::vector<Row> Executor::Impl::StreamJoin(const PlanNode& n, NodeRt& rt, std::vector<Row> l, std::vector<Row> r) {
  JoinType t = n.join_type;
  std::vector<Row> out;
  int64_t wm = Wm(rt.evict_wm_ms);
  std::optional<int64_t> state_wm[2] = {StateWatermark(rt, 0, wm), StateWatermark(rt, 1, wm)};
  bool have_evict = rt.evict_wm_ms.has_value();
  auto key_evict = [&](int side) { return side == 0 ? n.left_key_event : n.right_key_event; };
  auto side_event = [&](int side) { return side == 0 ? rt.left_event : rt.right_event; };
  // Would a row be removed from state (the state watermark predicates, at `limits`)?
  auto below = [&](const std::optional<int64_t>* limits, int side, const Value& key, const Row& row) {
    if (!have_evict || !limits[side]) return false;
    if (key_evict(side) >= 0) return Late(EventTimeOf(key[static_cast<size_t>(key_evict(side))]), limits[side]);
    if (side_event(side) >= 0) return Late(EventTimeOf(row[static_cast<size_t>(side_event(side))]), limits[side]);
    return false;
  };
  auto below_state_wm = [&](int side, const Value& key, const Row& row) { return below(state_wm, side, key, row); };
  // SPARK-49829: an input row is left out of the state only when it is behind the
  // watermark for late events; one that this batch's eviction removes is still stored, so
  // the other side's rows of the same batch can match it.
  const int64_t late = Wm(rt.late_wm_ms);
  std::optional<int64_t> late_state_wm[2] = {StateWatermark(rt, 0, late), StateWatermark(rt, 1, late)};
  auto late_for_state = [&](int side, const Value& key, const Row& row) { return below(late_state_wm, side, key, row); };
  // Whether an outer join preserves `side`, and that side's row padded with nulls.
  auto preserved = [&](int side) {
    return t == JoinType::kFullOuter || (side == 0 ? t == JoinType::kLeftOuter : t == JoinType::kRightOuter);
  };
  auto padded = [&](int side, const Row& row) {
    return Pick(n, side == 0 ? Joined(n, &row, nullptr) : Joined(n, nullptr, &row));
  };
  auto process = [&](int side, std::vector<Row>& rows) {
    const auto& keys = side == 0 ? n.left_keys : n.right_keys;
    StateMap& mine = rt.state[side];
    StateMap& theirs = rt.state[1 - side];
    for (Row& row : rows) {
      if (side_event(side) >= 0 && Late(EventTimeOf(row[static_cast<size_t>(side_event(side))]), rt.late_wm_ms)) {
        ++rt.m.dropped;
        continue;
      }
      bool passes = true;
      env.Bind(row);
      for (const auto& f : side == 0 ? n.left_filters : n.right_filters)
        if (!expr::IsTrue(env.Eval(f, ctx->now))) { passes = false; break; }
      if (!passes) {
        // A row that fails its own side's condition can never match: an outer join outputs
        // it at once with nulls, and no join keeps it in state.
        if (preserved(side)) out.push_back(padded(side, row));
        continue;
      }
      Value key = KeyOf(keys, row);
      bool matched = false;
      bool null_key = HasNull(key);
      auto it = null_key ? theirs.end() : theirs.find(key);
      if (it != theirs.end()) {
        std::vector<Value> entries(it->second.items().begin(), it->second.items().end());
        bool changed = false;
        for (Value& e : entries) {
          Row other(e[0].items().begin(), e[0].items().end());
          Row both = side == 0 ? Joined(n, &row, &other) : Joined(n, &other, &row);
          if (!CondHolds(n, both)) continue;
          matched = true;
          if (t == JoinType::kLeftSemi) {
            // Left semi: a left row is output once, on its first match.
            if (side == 1 && !e[1].as_bool()) out.push_back(Pick(n, Joined(n, &other, nullptr)));
          } else {
            out.push_back(Pick(n, both));
          }
          if (!e[1].as_bool()) { e = Value::Array({e[0], Value::Bool(true)}); changed = true; }
        }
        if (changed) it->second = Value::Array(std::move(entries));
      }
      if (t == JoinType::kLeftSemi && side == 0 && matched) out.push_back(Pick(n, Joined(n, &row, nullptr)));
      bool left_semi_matched = t == JoinType::kLeftSemi && side == 0 && matched;
      if (!null_key && !late_for_state(side, key, row) && !left_semi_matched) {
        Value entry = Value::Array({Value::Array(Row(row)), Value::Bool(matched)});
        auto mit = mine.find(key);
        if (mit == mine.end()) {
          mine.emplace(key, Value::Array({entry}));
        } else {
          std::vector<Value> entries(mit->second.items().begin(), mit->second.items().end());
          entries.push_back(entry);
          mit->second = Value::Array(std::move(entries));
        }
        ++rt.m.updated;
      } else if (!left_semi_matched && !matched) {
        // Not kept: an outer join still owes the row its null-padded output.
        if (preserved(side)) out.push_back(padded(side, row));
      }
    }
  };
  process(0, l);
  process(1, r);
  // Remove old state; outer joins emit the rows that never matched.
  if (have_evict) {
    for (int side = 0; side < 2; ++side) {
      if (!state_wm[side]) continue;
      bool owes = preserved(side);
      StateMap& mine = rt.state[side];
      for (auto it = mine.begin(); it != mine.end();) {
        std::vector<Value> keep;
        for (const Value& e : it->second.items()) {
          Row row(e[0].items().begin(), e[0].items().end());
          if (below_state_wm(side, it->first, row)) {
            ++rt.m.removed;
            if (owes && !e[1].as_bool()) out.push_back(padded(side, row));
          } else {
            keep.push_back(e);
          }
        }
        if (keep.empty()) it = mine.erase(it);
        else { it->second = Value::Array(std::move(keep)); ++it; }
      }
    }
  }
  int64_t total = 0;
  for (int side = 0; side < 2; ++side)
    for (const auto& [k, v] : rt.state[side]) total += static_cast<int64_t>(v.size());
  rt.m.total = total;
  return out;
}

// ---------------------------------------------------------------------------
// (flat)MapGroupsWithState

std::vector<Row> Executor::Impl::GroupState(const PlanNode& n, NodeRt& rt, std::vector<Row> in) {
  const GroupStateSpec& gs = *n.gs;
  StateMap& state = rt.state[0];  // key -> [state, timeout micros or null]
  std::map<Value, std::vector<Value>, ValueLess> groups;
  for (Row& r : in) {
    if (rt.event_col >= 0 && gs.timeout == GroupStateSpec::Timeout::kEventTime &&
        Late(EventTimeOf(r[static_cast<size_t>(rt.event_col)]), rt.late_wm_ms)) {
      ++rt.m.dropped;
      continue;
    }
    std::vector<Value> k;
    for (int c : gs.key_cols) k.push_back(r[static_cast<size_t>(c)]);
    groups[Value::Array(std::move(k))].push_back(Value::Struct(gs.row_type, r));
  }
  std::vector<Row> out;
  size_t nk = gs.key_cols.size();
  std::vector<Value> scope(gs.scope.size());
  std::vector<const Value*> params(gs.scope.size());
  for (size_t i = 0; i < scope.size(); ++i) params[i] = &scope[i];
  std::vector<Value> slots;
  auto eval = [&](const expr::CompiledExpr& e) {
    if (slots.size() < static_cast<size_t>(e.num_slots())) slots.resize(static_cast<size_t>(e.num_slots()));
    expr::EvalEnv env2;
    env2.slots = slots.data();
    env2.params = params.data();
    env2.now = ctx->now;
    return e.Eval(env2);
  };
  int64_t wm_us = Wm(rt.evict_wm_ms) * 1000;
  auto call = [&](const Value& key, std::vector<Value> rows, bool timed_out) {
    auto it = state.find(key);
    Value before = it == state.end() ? Value() : it->second[0];
    for (size_t i = 0; i < nk; ++i) scope[i] = key[i];
    scope[nk] = Value::Struct(gs.key_type, std::vector<Value>(key.items().begin(), key.items().end()));
    scope[nk + 1] = Value::Array(std::move(rows));
    scope[nk + 2] = before;
    scope[nk + 3] = Value::Bool(timed_out);
    scope[nk + 4] = rt.evict_wm_ms ? Value::Ts(Timestamp::FromMicros(wm_us)) : Value();
    scope[nk + 5] = Value::Ts(ctx->now);
    size_t let_base = nk + 6;
    for (size_t i = 0; i < gs.let.size(); ++i) scope[let_base + i] = eval(gs.let[i].second);
    size_t new_state = scope.size() - 1;
    Value after = before;
    bool exists = it != state.end();
    bool changed = false;
    if (gs.update) {
      Value u = eval(*gs.update);
      if (!u.is_null()) { after = u; exists = true; changed = true; }
    }
    if (gs.remove && expr::IsTrue(eval(*gs.remove))) { after = Value(); exists = false; changed = true; }
    scope[new_state] = exists ? after : Value();
    auto emit_row = [&](const Value& v) {
      if (v.is_null()) return;
      if (v.type() == ValueType::kStruct || v.type() == ValueType::kTuple || v.type() == ValueType::kArray)
        out.push_back(Row(v.items().begin(), v.items().end()));
      else
        out.push_back(Row{v});
    };
    for (const auto& e : gs.emit) emit_row(eval(e));
    if (gs.emit_all) {
      Value all = eval(*gs.emit_all);
      for (const Value& v : all.items()) emit_row(v);
    }
    Value timeout;
    if (gs.set_timeout && exists) {
      Value t = eval(*gs.set_timeout);
      if (gs.timeout == GroupStateSpec::Timeout::kProcessingTime) {
        if (t.type() == ValueType::kString) {
          auto d = ParseDuration(t.str());
          if (d.ok()) timeout = Value::Int((ctx->now + *d).micros());
        }
      } else if (gs.timeout == GroupStateSpec::Timeout::kEventTime) {
        if (t.type() == ValueType::kTimestamp) timeout = Value::Int(t.as_int());
      }
    }
    if (!exists) {
      // Spark counts a removal by the function as an updated state row.
      if (it != state.end()) { state.erase(it); ++rt.m.removed; ++rt.m.updated; }
    } else {
      Value stored = Value::Array({after, timeout});
      if (it == state.end() || changed || it->second != stored) {
        state[key] = stored;
        if (changed) ++rt.m.updated;
      }
    }
  };
  for (auto& [key, rows] : groups) call(key, std::move(rows), false);
  // Timeouts: keys not called in this batch whose deadline passed.
  if (gs.timeout != GroupStateSpec::Timeout::kNone) {
    bool can = gs.timeout == GroupStateSpec::Timeout::kProcessingTime || rt.evict_wm_ms.has_value();
    int64_t threshold = gs.timeout == GroupStateSpec::Timeout::kProcessingTime ? ctx->now.micros() : wm_us;
    std::vector<Value> due;
    for (const auto& [k, v] : state) {
      if (groups.count(k)) continue;
      if (v[1].type() == ValueType::kInt && (gs.timeout == GroupStateSpec::Timeout::kProcessingTime ? v[1].as_int() <= threshold
                                                                                                     : v[1].as_int() < threshold))
        due.push_back(k);
    }
    if (can)
      for (const Value& k : due) call(k, {}, true);
  }
  rt.m.total = static_cast<int64_t>(state.size());
  return out;
}

// ---------------------------------------------------------------------------

Executor::Executor(PlanPtr root, const QueryOptions& opts, Sources* sources) : impl_(std::make_unique<Impl>()) {
  impl_->root = root;
  impl_->opts = opts;
  impl_->sources = sources;
  impl_->Assign(root);
}

Executor::~Executor() = default;

Status Executor::Prepare() { return impl_->Prepare(); }

Status Executor::Run(BatchContext& ctx, std::optional<int64_t> prev_batch_wm_ms, std::vector<Row>* out) {
  impl_->ctx = &ctx;
  impl_->last_batch_ts_ms = ctx.now.millis();
  TL_RETURN_IF_ERROR(impl_->Propagate(ctx.batch_id, ctx.watermark_ms));
  if (prev_batch_wm_ms) TL_RETURN_IF_ERROR(impl_->Propagate(ctx.batch_id - 1, *prev_batch_wm_ms));
  bool any_wm = has_watermark();
  for (NodeRt* s : impl_->stateful) {
    s->m.updated = s->m.removed = s->m.dropped = 0;
    for (auto& [name, v] : s->m.custom) v = 0;
    if (s->node->kind == OpKind::kDedup) s->m.custom["numDroppedDuplicateRows"] = 0;
    if (!any_wm) {
      s->late_wm_ms.reset();
      s->evict_wm_ms.reset();
      continue;
    }
    s->evict_wm_ms = impl_->Wm(impl_->input_wm[ctx.batch_id][s->node]);
    if (prev_batch_wm_ms)
      s->late_wm_ms = impl_->Wm(impl_->input_wm[ctx.batch_id - 1][s->node]);
    else
      s->late_wm_ms = 0;
  }
  for (NodeRt* w : impl_->watermarks) w->stats = EventStats();
  try {
    *out = impl_->Exec(*impl_->root);
  } catch (const expr::EvalError& e) {
    return Status::Runtime(e.what());
  }
  // Keep the propagation of the last two batches only.
  while (!impl_->input_wm.empty() && impl_->input_wm.begin()->first < ctx.batch_id - 1) impl_->input_wm.erase(impl_->input_wm.begin());
  return Status::Ok();
}

bool Executor::ShouldRunAnotherBatch(int64_t new_wm_ms, int64_t batch_ts_ms) const {
  // Each operator compares the input watermark it would get from the new global watermark
  // with the one it last evicted by (StatefulOperator.shouldRunAnotherBatch).
  std::map<const PlanNode*, std::optional<int64_t>> next;
  if (!impl_->Simulate(new_wm_ms, &next).ok()) return true;  // the batch reports the error
  for (NodeRt* s : impl_->stateful) {
    const PlanNode& n = *s->node;
    int64_t new_wm = impl_->Wm(next[&n]);
    (void)new_wm_ms;
    switch (n.kind) {
      case OpKind::kAggregate:
        if (impl_->opts.mode == OutputMode::kComplete) break;
        // StateStoreSaveExec: whenever the watermark moves, event time in the key or not.
        if (s->evict_wm_ms && new_wm > *s->evict_wm_ms) return true;
        break;
      case OpKind::kDedup:
        if (s->evict_wm_ms && new_wm > *s->evict_wm_ms) return true;
        break;
      case OpKind::kJoin:
        if ((s->left_event >= 0 || s->right_event >= 0) && s->evict_wm_ms && new_wm > *s->evict_wm_ms) return true;
        break;
      case OpKind::kGroupState:
        // FlatMapGroupsWithStateExec asks for a batch every time to find processing-time
        // timeouts; on a virtual clock only a clock that moved can time a group out.
        if (n.gs->timeout == GroupStateSpec::Timeout::kProcessingTime &&
            (!impl_->last_batch_ts_ms || batch_ts_ms > *impl_->last_batch_ts_ms))
          return true;
        if (n.gs->timeout == GroupStateSpec::Timeout::kEventTime && s->evict_wm_ms && new_wm > *s->evict_wm_ms) return true;
        break;
      default: break;
    }
  }
  return false;
}

bool Executor::has_watermark() const { return !impl_->watermarks.empty(); }
bool Executor::has_state() const { return !impl_->stateful.empty(); }

std::vector<std::pair<Duration, EventStats>> Executor::WatermarkStats() const {
  std::vector<std::pair<Duration, EventStats>> out;
  for (NodeRt* w : impl_->watermarks) out.emplace_back(w->node->delay, w->stats);
  return out;
}

std::vector<StateOperatorProgress> Executor::StateMetrics() const {
  std::vector<StateOperatorProgress> out;
  for (NodeRt* s : impl_->stateful) {
    StateOperatorProgress p = s->m;
    p.late_watermark_ms = s->late_wm_ms ? *s->late_wm_ms : -1;
    int64_t bytes = 0;
    for (const auto& st : s->state)
      for (const auto& [k, v] : st) {
        std::string enc;
        EncodeBinary(k, &enc);
        EncodeBinary(v, &enc);
        bytes += static_cast<int64_t>(enc.size());
      }
    p.memory = bytes;
    auto it = impl_->opts.config.find("spark.sql.shuffle.partitions");
    p.partitions = it == impl_->opts.config.end() ? 200 : std::atoll(it->second.c_str());
    // A stream-stream join keeps four stores per partition (SymmetricHashJoinStateManager).
    p.instances = s->node->kind == OpKind::kJoin ? p.partitions * 4 : p.partitions;
    out.push_back(p);
  }
  return out;
}

Status Executor::SaveState(const std::string& dir, int64_t version) const {
  for (NodeRt* s : impl_->stateful) {
    fs::path d = fs::path(dir) / "state" / std::to_string(s->state_id);
    std::error_code ec;
    fs::create_directories(d, ec);
    std::string body;
    for (const auto& st : s->state) {
      PutU64(&body, st.size());
      for (const auto& [k, v] : st) {
        EncodeBinary(k, &body);
        EncodeBinary(v, &body);
      }
    }
    PutU64(&body, static_cast<uint64_t>(s->emitted));
    Sha256 h;
    h.Update(body);
    std::string file = CheckpointHeader() + h.HexDigest() + "\n" + body;
    fs::path p = d / (std::to_string(version) + ".snapshot");
    fs::path tmp = d / ("." + std::to_string(version) + ".tmp");
    {
      std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
      f.write(file.data(), static_cast<std::streamsize>(file.size()));
      if (!f) return Status::Io("cannot write state file " + p.string());
    }
    fs::rename(tmp, p, ec);
    if (ec) return Status::Io("cannot write state file " + p.string() + ": " + ec.message());
    // Keep the two latest versions.
    fs::remove(d / (std::to_string(version - 2) + ".snapshot"), ec);
  }
  return Status::Ok();
}

Status Executor::LoadState(const std::string& dir, int64_t version) {
  for (NodeRt* s : impl_->stateful) {
    for (auto& st : s->state) st.clear();
    s->emitted = 0;
    if (version <= 0) continue;
    fs::path p = fs::path(dir) / "state" / std::to_string(s->state_id) / (std::to_string(version) + ".snapshot");
    std::ifstream f(p, std::ios::binary);
    if (!f) return Status::Corruption(fmt::format("state store file {} is missing", p.string()));
    std::string file((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    std::string header = CheckpointHeader();
    if (file.compare(0, header.size(), header) != 0 || file.size() < header.size() + 65)
      return Status::Corruption(fmt::format("state store file {} is damaged (bad header)", p.string()));
    std::string digest = file.substr(header.size(), 64);
    std::string_view body(file.data() + header.size() + 65, file.size() - header.size() - 65);
    Sha256 h;
    h.Update(body);
    if (h.HexDigest() != digest) return Status::Corruption(fmt::format("state store file {} is damaged (checksum mismatch)", p.string()));
    for (auto& st : s->state) {
      uint64_t n;
      if (!GetU64(&body, &n)) return Status::Corruption("state store file " + p.string() + " is truncated");
      for (uint64_t i = 0; i < n; ++i) {
        Value k, v;
        TL_RETURN_IF_ERROR(DecodeBinary(&body, &k));
        TL_RETURN_IF_ERROR(DecodeBinary(&body, &v));
        st.emplace(std::move(k), std::move(v));
      }
    }
    uint64_t emitted = 0;
    GetU64(&body, &emitted);
    s->emitted = static_cast<int64_t>(emitted);
    s->m.total = 0;
    for (const auto& st : s->state) s->m.total += static_cast<int64_t>(st.size());
  }
  return Status::Ok();
}

std::vector<std::pair<std::string, std::vector<std::pair<Value, Value>>>> Executor::StateSnapshot() const {
  std::vector<std::pair<std::string, std::vector<std::pair<Value, Value>>>> out;
  for (NodeRt* s : impl_->stateful) {
    std::vector<std::pair<Value, Value>> rows;
    if (s->panes) {
      rows = impl_->PaneStateRows(*s);
    } else {
      for (const auto& st : s->state)
        for (const auto& [k, v] : st) rows.emplace_back(k, v);
    }
    out.emplace_back(fmt::format("{} {}", s->state_id, s->m.name), std::move(rows));
  }
  return out;
}

}  // namespace tideline::structured
