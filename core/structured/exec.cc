// The micro-batch executor: walks the physical plan of one batch, calling the operators of
// operators.h, and propagates the watermark through the stateful operators the way Spark
// 3.5+ does (PropagateWatermarkSimulator). Operator state lives in ordered maps keyed by
// Value, so every iteration is in canonical order and runs are deterministic.
#include "core/structured/exec.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>

#include "core/expr/expr.h"
#include "core/structured/operators.h"
#include "core/structured/state_store.h"
#include "core/value/binary.h"

namespace tideline::structured {

struct Executor::Impl {
  Impl(PlanPtr r, const QueryOptions& o, Sources* s) : root(std::move(r)), opts(o), sources(s), cx(opts) {}

  PlanPtr root;
  QueryOptions opts;
  Sources* sources;
  std::vector<std::unique_ptr<OperatorState>> operators;  // pre-order
  std::map<const PlanNode*, OperatorState*> by_node;
  std::vector<StatefulState*> stateful;    // by state id
  std::vector<WatermarkState*> watermarks;  // by watermark index
  std::map<int64_t, std::map<const PlanNode*, std::optional<int64_t>>> input_watermarks;  // per batch
  bool allow_multiple = true;
  OperatorContext cx;
  std::optional<int64_t> last_batch_ts_ms;  // the timestamp of the last batch run

  static bool IsSessionWindow(const PlanNode& n) {
    return n.as<AggregateOp>().window_index >= 0 && n.as<AggregateOp>().window.session;
  }

  // The state of a node: its operator's own type for a stateful one (a static limit or
  // (flat)MapGroupsWithState keeps one too, used for this batch only).
  std::unique_ptr<OperatorState> MakeState(const PlanNode& n) const {
    switch (n.kind()) {
      case OpKind::kWatermark:
        if (n.streaming) return std::make_unique<WatermarkState>(n);
        break;
      case OpKind::kLimit: return std::make_unique<LimitState>(n);
      case OpKind::kAggregate:
        if (!n.streaming) break;
        if (IsSessionWindow(n)) return std::make_unique<SessionWindowState>(n);
        if (UsePanes(n, opts)) return std::make_unique<PaneAggregateState>(n);
        return std::make_unique<AggregateState>(n);
      case OpKind::kDedup:
        if (n.streaming) return std::make_unique<DeduplicateState>(n);
        break;
      case OpKind::kJoin:
        if (n.stateful()) return std::make_unique<StreamJoinState>(n);
        break;
      case OpKind::kGroupState: return std::make_unique<GroupStateState>(n);
      default: break;
    }
    return std::make_unique<OperatorState>(n);
  }

  void Assign(const PlanPtr& n) {
    std::unique_ptr<OperatorState> op = MakeState(*n);
    // A limit keeps state only as StreamingGlobalLimitExec.
    if (n->kind() == OpKind::kLimit ? StreamingGlobalLimit(*n, opts.mode) : n->stateful()) {
      auto& s = op->As<StatefulState>();
      s.state_id = static_cast<int>(stateful.size());
      stateful.push_back(&s);
    }
    if (n->kind() == OpKind::kWatermark && n->streaming) {
      auto& w = op->As<WatermarkState>();
      w.watermark_index = static_cast<int>(watermarks.size());
      watermarks.push_back(&w);
    }
    by_node[n.get()] = op.get();
    operators.push_back(std::move(op));
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
    for (StatefulState* s : stateful) TL_RETURN_IF_ERROR(PrepareStateful(*s));
    return Status::Ok();
  }

  // The event-time columns and the metrics name of a stateful operator.
  Status PrepareStateful(StatefulState& s) {
    const PlanNode& n = *s.node;
    switch (n.kind()) {
      case OpKind::kAggregate: {
        Columns keys(n.out.begin(), n.out.begin() + n.as<AggregateOp>().num_key_cols);
        int event_key = -1;
        TL_RETURN_IF_ERROR(OneEventCol(keys, &event_key));
        if (IsSessionWindow(n)) {
          s.metrics.name = "sessionWindowStateStoreSaveExec";
        } else {
          if (UsePanes(n, opts)) s.As<PaneAggregateState>().event_key = event_key;
          else s.As<AggregateState>().event_key = event_key;
          s.metrics.name = "stateStoreSave";
        }
        break;
      }
      case OpKind::kDedup:
        TL_RETURN_IF_ERROR(OneEventCol(n.children[0]->out, &s.As<DeduplicateState>().event_col));
        s.metrics.name = n.as<DedupOp>().within_watermark ? "dedupeWithinWatermark" : "dedupe";
        break;
      case OpKind::kGroupState:
        TL_RETURN_IF_ERROR(OneEventCol(n.children[0]->out, &s.As<GroupStateState>().event_col));
        s.metrics.name = "flatMapGroupsWithState";
        break;
      case OpKind::kJoin:
        for (int side = 0; side < 2; ++side)
          TL_RETURN_IF_ERROR(OneEventCol(n.children[side]->out, &s.As<StreamJoinState>().event_col[side]));
        s.metrics.name = "symmetricHashJoin";
        break;
      case OpKind::kLimit: s.metrics.name = "globalLimit"; break;
      default: break;
    }
    return Status::Ok();
  }

  // PropagateWatermarkSimulator: the input watermark of each stateful operator.
  Status Propagate(int64_t batch_id, int64_t origin_ms) {
    if (input_watermarks.count(batch_id)) return Status::Ok();
    return Simulate(origin_ms, &input_watermarks[batch_id]);
  }

  // The input watermark of each stateful operator for a global watermark `origin_ms`.
  Status Simulate(int64_t origin_ms, std::map<const PlanNode*, std::optional<int64_t>>* out_map) const {
    auto& out = *out_map;
    if (origin_ms == 0 || !allow_multiple) {
      for (StatefulState* s : stateful) out[s->node] = origin_ms;
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
      if (n.kind() == OpKind::kWatermark && n.streaming) {
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
    if (n.kind() != OpKind::kJoin) return in;
    const auto& op = by_node.at(&n)->As<StreamJoinState>();
    std::optional<int64_t> lo;
    for (int side = 0; side < 2; ++side) {
      std::optional<Timestamp> w = JoinStateWatermark(op, side, Timestamp::FromMillis(in));
      if (w) lo = lo ? std::min(*lo, w->millis()) : w->millis();
    }
    return lo ? lo : in;
  }

  // ---- running

  std::vector<Row> Exec(const PlanNode& n) {
    OperatorState& op = *by_node.at(&n);
    std::vector<Row> rows = ApplyPushedFilters(op.pushed_filters, cx, ExecNode(n, op));
    if (opts.on_node_output) {
      auto* stateful = dynamic_cast<StatefulState*>(&op);
      opts.on_node_output(n, *cx.batch, rows, stateful ? stateful->late_watermark : std::nullopt);
    }
    return rows;
  }

  std::vector<Row> ExecNode(const PlanNode& n, OperatorState& op) {
    switch (n.kind()) {
      case OpKind::kSource: return SourceRows(n);
      case OpKind::kProject: return ExecuteProject(n, cx, Exec(*n.children[0]));
      case OpKind::kFilter: return ExecuteFilter(n, cx, Exec(*n.children[0]));
      case OpKind::kWatermark: {
        std::vector<Row> in = Exec(*n.children[0]);
        if (n.streaming) CollectEventStats(n, op.As<WatermarkState>(), in);
        return in;
      }
      case OpKind::kUnion: {
        std::vector<Row> a = Exec(*n.children[0]);
        std::vector<Row> b = Exec(*n.children[1]);
        a.insert(a.end(), std::make_move_iterator(b.begin()), std::make_move_iterator(b.end()));
        return a;
      }
      case OpKind::kSort: return ExecuteSort(n, cx, Exec(*n.children[0]));
      case OpKind::kLimit: return ExecuteLimit(n, cx, op.As<LimitState>(), Exec(*n.children[0]));
      case OpKind::kAggregate:
        if (!n.streaming) return ExecuteBatchAggregate(n, cx, Exec(*n.children[0]));
        if (IsSessionWindow(n)) return ExecuteSessionAggregate(n, cx, op.As<SessionWindowState>(), Exec(*n.children[0]));
        if (UsePanes(n, opts)) return ExecutePaneAggregate(n, cx, op.As<PaneAggregateState>(), Exec(*n.children[0]));
        return ExecuteStreamingAggregate(n, cx, op.As<AggregateState>(), Exec(*n.children[0]));
      case OpKind::kDedup:
        if (!n.streaming) return ExecuteBatchDeduplicate(n, Exec(*n.children[0]));
        return ExecuteStreamingDeduplicate(n, op.As<DeduplicateState>(), Exec(*n.children[0]));
      case OpKind::kJoin: {
        std::vector<Row> l = Exec(*n.children[0]);
        std::vector<Row> r = Exec(*n.children[1]);
        if (n.stateful()) return ExecuteStreamStreamJoin(n, cx, op.As<StreamJoinState>(), std::move(l), std::move(r));
        return ExecuteStreamStaticJoin(n, cx, l, r);
      }
      case OpKind::kGroupState: return ExecuteGroupState(n, cx, op.As<GroupStateState>(), Exec(*n.children[0]));
    }
    return {};
  }

  std::vector<Row> SourceRows(const PlanNode& n) {
    if (!n.streaming) {
      SourceData* s = sources->Find(n.as<SourceOp>().name);
      return s ? s->static_rows : std::vector<Row>{};
    }
    auto it = cx.batch->input.find(n.as<SourceOp>().name);
    return it == cx.batch->input.end() ? std::vector<Row>{} : it->second;
  }
};

// ---------------------------------------------------------------------------

Executor::Executor(PlanPtr root, const QueryOptions& opts, Sources* sources)
    : impl_(std::make_unique<Impl>(std::move(root), opts, sources)) {
  impl_->Assign(impl_->root);
}

Executor::~Executor() = default;

Status Executor::Prepare() { return impl_->Prepare(); }

Status Executor::Run(BatchContext& ctx, std::optional<Timestamp> prev_batch_watermark, std::vector<Row>* out) {
  impl_->cx.batch = &ctx;
  impl_->last_batch_ts_ms = ctx.now.millis();
  TL_RETURN_IF_ERROR(impl_->Propagate(ctx.batch_id, ctx.watermark.millis()));
  if (prev_batch_watermark) TL_RETURN_IF_ERROR(impl_->Propagate(ctx.batch_id - 1, prev_batch_watermark->millis()));
  bool any_wm = has_watermark();
  for (StatefulState* s : impl_->stateful) {
    s->metrics.updated = s->metrics.removed = s->metrics.dropped = 0;
    for (auto& [name, v] : s->metrics.custom) v = 0;
    if (s->node->kind() == OpKind::kDedup) s->metrics.custom["numDroppedDuplicateRows"] = 0;
    if (!any_wm) {
      s->late_watermark.reset();
      s->eviction_watermark.reset();
      continue;
    }
    s->eviction_watermark = NonNegativeWatermark(WatermarkFromMillis(impl_->input_watermarks[ctx.batch_id][s->node]));
    if (prev_batch_watermark)
      s->late_watermark = NonNegativeWatermark(WatermarkFromMillis(impl_->input_watermarks[ctx.batch_id - 1][s->node]));
    else
      s->late_watermark = Timestamp();
  }
  for (WatermarkState* w : impl_->watermarks) w->event_stats = EventStats();
  try {
    *out = impl_->Exec(*impl_->root);
  } catch (const expr::EvalError& e) {
    return Status::Runtime(e.what());
  }
  // Keep the propagation of the last two batches only.
  while (!impl_->input_watermarks.empty() && impl_->input_watermarks.begin()->first < ctx.batch_id - 1) impl_->input_watermarks.erase(impl_->input_watermarks.begin());
  return Status::Ok();
}

bool Executor::ShouldRunAnotherBatch(Timestamp new_watermark, Timestamp batch_time) const {
  // Each operator compares the input watermark it would get from the new global watermark
  // with the one it last evicted by (StatefulOperator.shouldRunAnotherBatch).
  std::map<const PlanNode*, std::optional<int64_t>> next;
  if (!impl_->Simulate(new_watermark.millis(), &next).ok()) return true;  // the batch reports the error
  for (StatefulState* s : impl_->stateful) {
    const PlanNode& n = *s->node;
    Timestamp new_wm = NonNegativeWatermark(WatermarkFromMillis(next[&n]));
    switch (n.kind()) {
      case OpKind::kAggregate:
        if (impl_->opts.mode == OutputMode::kComplete) break;
        // StateStoreSaveExec: whenever the watermark moves, event time in the key or not.
        if (s->eviction_watermark && new_wm > *s->eviction_watermark) return true;
        break;
      case OpKind::kDedup:
        if (s->eviction_watermark && new_wm > *s->eviction_watermark) return true;
        break;
      case OpKind::kJoin:
        if ((s->As<StreamJoinState>().event_col[0] >= 0 || s->As<StreamJoinState>().event_col[1] >= 0) &&
            s->eviction_watermark && new_wm > *s->eviction_watermark) return true;
        break;
      case OpKind::kGroupState:
        // FlatMapGroupsWithStateExec asks for a batch every time to find processing-time
        // timeouts; on a virtual clock only a clock that moved can time a group out.
        if (n.as<GroupStateOp>().spec->timeout == GroupStateSpec::Timeout::kProcessingTime &&
            (!impl_->last_batch_ts_ms || batch_time.millis() > *impl_->last_batch_ts_ms))
          return true;
        if (n.as<GroupStateOp>().spec->timeout == GroupStateSpec::Timeout::kEventTime && s->eviction_watermark && new_wm > *s->eviction_watermark) return true;
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
  for (WatermarkState* w : impl_->watermarks) out.emplace_back(w->node->as<WatermarkOp>().delay, w->event_stats);
  return out;
}

std::vector<StateOperatorProgress> Executor::StateMetrics() const {
  std::vector<StateOperatorProgress> out;
  for (StatefulState* s : impl_->stateful) {
    StateOperatorProgress p = s->metrics;
    p.late_watermark = s->late_watermark ? std::optional<Timestamp>(Timestamp::FromMillis(s->late_watermark->millis())) : std::nullopt;
    int64_t bytes = 0;
    for (const StateMap* st : s->checkpointed().maps)
      for (const auto& [k, v] : *st) {
        std::string enc;
        EncodeBinary(k, &enc);
        EncodeBinary(v, &enc);
        bytes += static_cast<int64_t>(enc.size());
      }
    p.memory = bytes;
    auto it = impl_->opts.config.find("spark.sql.shuffle.partitions");
    p.partitions = it == impl_->opts.config.end() ? 200 : std::atoll(it->second.c_str());
    // A stream-stream join keeps four stores per partition (SymmetricHashJoinStateManager).
    p.instances = s->node->kind() == OpKind::kJoin ? p.partitions * 4 : p.partitions;
    out.push_back(p);
  }
  return out;
}

Status Executor::SaveState(const std::string& dir, int64_t version) const {
  return SaveStateStores(impl_->stateful, dir, version);
}

Status Executor::LoadState(const std::string& dir, int64_t version) {
  return LoadStateStores(impl_->stateful, dir, version);
}

std::vector<std::pair<std::string, std::vector<std::pair<Value, Value>>>> Executor::StateSnapshot() const {
  std::vector<std::pair<std::string, std::vector<std::pair<Value, Value>>>> out;
  for (StatefulState* s : impl_->stateful)
    out.emplace_back(fmt::format("{} {}", s->state_id, s->metrics.name), s->StateRows());
  return out;
}

}  // namespace tideline::structured
