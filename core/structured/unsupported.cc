// Spark's UnsupportedOperationChecker for streaming queries, with Spark 4.0's
// messages: which operators each output mode allows, which joins are possible
// between streams and static tables, and where watermarks are required.
#include <fmt/format.h>

#include <functional>

#include "core/structured/query.h"

namespace tideline::structured {

namespace {

const char* ModeTitle(OutputMode m) {
  switch (m) {
    case OutputMode::kAppend: return "Append";
    case OutputMode::kUpdate: return "Update";
    case OutputMode::kComplete: return "Complete";
  }
  return "?";
}

Status Unsupported(const std::string& msg) { return Status::Analysis(msg); }

Status ModeError(OutputMode m, const std::string& operation) {
  return Status::Analysis(fmt::format(
      "[STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION] Invalid streaming output mode: {}. This output mode is not supported "
      "for {} on streaming DataFrames/DataSets.",
      OutputModeName(m), operation));
}

void Collect(const PlanNode& n, OpKind kind, std::vector<const PlanNode*>* out) {
  if (n.kind == kind && n.streaming) out->push_back(&n);
  for (const auto& c : n.children) Collect(*c, kind, out);
}

bool HasEventTime(const Columns& cols) {
  for (const auto& c : cols) if (c.event_time) return true;
  return false;
}

bool MentionsFunction(const expr::CompiledExpr& e, const std::string& fn) {
  std::string t = e.text();
  for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return t.find(fn + "(") != std::string::npos;
}

}  // namespace

Status CheckForStreaming(const PlanNode& root, OutputMode mode, const std::map<std::string, std::string>& config) {
  std::vector<const PlanNode*> aggs;
  Collect(root, OpKind::kAggregate, &aggs);
  bool allow_multiple = !config.count("spark.sql.streaming.statefulOperator.allowMultiple") ||
                        config.at("spark.sql.streaming.statefulOperator.allowMultiple") != "false";
  // Output mode against aggregations.
  if (mode == OutputMode::kAppend && !aggs.empty()) {
    const PlanNode& a = *aggs.front();
    bool wm = false;
    for (int i = 0; i < a.num_key_cols; ++i) wm = wm || a.out[static_cast<size_t>(i)].event_time;
    if (!wm) return ModeError(mode, "streaming aggregations without watermark");
  }
  if (mode == OutputMode::kComplete && aggs.empty()) return ModeError(mode, "no streaming aggregations");
  if (mode != OutputMode::kAppend && aggs.size() > 1)
    return Unsupported("Multiple streaming aggregations are not supported with streaming DataFrames/Datasets");
  if (!allow_multiple) {
    int stateful = 0;
    std::function<void(const PlanNode&)> count = [&](const PlanNode& n) {
      if (n.stateful()) ++stateful;
      for (const auto& c : n.children) count(*c);
    };
    count(root);
    if (stateful > 1 && aggs.size() > 1)
      return Unsupported("Multiple streaming aggregations are not supported with streaming DataFrames/Datasets");
  }

  Status st;
  std::function<void(const PlanNode&, bool)> walk = [&](const PlanNode& n, bool below_agg) {
    if (!st.ok()) return;
    for (const auto& e : n.exprs)
      if (n.streaming && MentionsFunction(e, "monotonically_increasing_id")) {
        st = Unsupported("Expression(s): monotonically_increasing_id() is not supported with streaming DataFrames/Datasets");
        return;
      }
    switch (n.kind) {
      case OpKind::kAggregate:
        if (!n.streaming) break;
        for (const auto& a : n.aggs)
          if (a.distinct) {
            st = Unsupported("Distinct aggregations are not supported on streaming DataFrames/Datasets. Consider using approx_count_distinct() instead.");
            return;
          }
        if (n.window_index >= 0 && n.window.session) {
          if (mode == OutputMode::kUpdate) {
            st = ModeError(mode, "session window");
            return;
          }
          if (n.num_key_cols == 1) {
            st = Unsupported("Global aggregation with session window in streaming query is not supported.");
            return;
          }
        }
        break;
      case OpKind::kDedup:
        if (n.streaming && n.within_watermark && !HasEventTime(n.children[0]->out)) {
          st = Unsupported("dropDuplicatesWithinWatermark is not supported on streaming DataFrames/DataSets without watermark");
          return;
        }
        break;
      case OpKind::kGroupState: {
        if (!n.streaming) break;
        const GroupStateSpec& gs = *n.gs;
        if (!gs.flat) {
          if (!aggs.empty()) { st = Unsupported("mapGroupsWithState is not supported with aggregation on a streaming DataFrame/Dataset"); return; }
          if (mode != OutputMode::kUpdate) {
            st = Unsupported(fmt::format("mapGroupsWithState is not supported with {} output mode on a streaming DataFrame/Dataset", ModeTitle(mode)));
            return;
          }
        } else if (aggs.empty()) {
          if (gs.op_mode == OutputMode::kUpdate && mode != OutputMode::kUpdate) {
            st = Unsupported(fmt::format("flatMapGroupsWithState in update mode is not supported with {} output mode on a streaming DataFrame/Dataset", ModeTitle(mode)));
            return;
          }
          if (gs.op_mode == OutputMode::kAppend && mode != OutputMode::kAppend) {
            st = Unsupported(fmt::format("flatMapGroupsWithState in append mode is not supported with {} output mode on a streaming DataFrame/Dataset", ModeTitle(mode)));
            return;
          }
        } else {
          if (gs.op_mode == OutputMode::kUpdate) {
            st = Unsupported("flatMapGroupsWithState in update mode is not supported with aggregation on a streaming DataFrame/Dataset");
            return;
          }
          std::vector<const PlanNode*> before;
          Collect(*n.children[0], OpKind::kAggregate, &before);
          if (!before.empty()) {
            st = Unsupported("flatMapGroupsWithState in append mode is not supported after aggregation on a streaming DataFrame/Dataset");
            return;
          }
        }
        if (gs.timeout == GroupStateSpec::Timeout::kEventTime && !HasEventTime(n.children[0]->out)) {
          st = Unsupported("Watermark must be specified in the query using '[Dataset/DataFrame].withWatermark()' for using "
                           "event-time timeout in a [map|flatMap]GroupsWithState. Event-time timeout not supported without watermark.");
          return;
        }
        break;
      }
      case OpKind::kSort:
        if (n.streaming && !(mode == OutputMode::kComplete && !aggs.empty())) {
          st = Unsupported("Sorting is not supported on streaming DataFrames/Datasets, unless it is on aggregated DataFrame/Dataset in Complete output mode");
          return;
        }
        break;
      case OpKind::kLimit:
        if (n.streaming && mode == OutputMode::kUpdate) {
          st = Unsupported("Limits are not supported on streaming DataFrames/Datasets in Update output mode");
          return;
        }
        break;
      case OpKind::kUnion:
        if (n.children[0]->streaming != n.children[1]->streaming) {
          st = Unsupported("Union between streaming and batch DataFrames/Datasets is not supported");
          return;
        }
        break;
      case OpKind::kJoin: {
        bool ls = n.children[0]->streaming, rs = n.children[1]->streaming;
        if (ls && rs && mode != OutputMode::kAppend) {
          st = Unsupported(fmt::format("Join between two streaming DataFrames/Datasets is not supported in {} output mode, only in Append output mode", ModeTitle(mode)));
          return;
        }
        auto needs_watermark = [&](bool left_nullable_side, bool right_nullable_side) {
          bool in_keys = n.left_key_event >= 0 || n.right_key_event >= 0;
          bool range = true;
          // A range condition is usable when both sides carry event time.
          bool le = HasEventTime(n.children[0]->out), re = HasEventTime(n.children[1]->out);
          if (left_nullable_side || right_nullable_side) range = le && re && n.cond.has_value() && !n.using_join;
          if (!in_keys && !range)
            st = Unsupported(fmt::format("Stream-stream {} join between two streaming DataFrame/Datasets is not supported without "
                                         "a watermark in the join keys, or a watermark on the nullable side and an appropriate range condition",
                                         JoinTypeSparkName(n.join_type)));
        };
        switch (n.join_type) {
          case JoinType::kInner: break;
          case JoinType::kFullOuter:
            if (ls && !rs) st = Unsupported("FullOuter joins with streaming DataFrames/Datasets on the left and a static DataFrame/Dataset on the right is not supported");
            else if (!ls && rs) st = Unsupported("FullOuter joins with streaming DataFrames/Datasets on the right and a static DataFrame/Dataset on the left is not supported");
            else if (ls && rs) needs_watermark(true, true);
            break;
          case JoinType::kLeftAnti:
            if (rs) st = Unsupported("LeftAnti join with a streaming DataFrame/Dataset on the right is not supported");
            break;
          case JoinType::kLeftSemi:
            if (rs && !ls) st = Unsupported("LeftSemi join with a streaming DataFrame/Dataset on the right and a static DataFrame/DataSet on the left is not supported");
            else if (ls && rs) needs_watermark(true, false);
            break;
          case JoinType::kLeftOuter:
            if (!ls && rs) st = Unsupported("LeftOuter join with a streaming DataFrame/Dataset on the right and a static DataFrame/Dataset on the left is not supported");
            else if (ls && rs) needs_watermark(true, false);
            break;
          case JoinType::kRightOuter:
            if (ls && !rs) st = Unsupported("RightOuter join with a streaming DataFrame/Dataset on the left and a static DataFrame/DataSet on the right not supported");
            else if (ls && rs) needs_watermark(false, true);
            break;
        }
        if (!st.ok()) return;
        break;
      }
      default: break;
    }
    bool agg_here = n.kind == OpKind::kAggregate && n.streaming;
    for (const auto& c : n.children) walk(*c, below_agg || agg_here);
  };
  // `below_agg` marks operators under an aggregation (applied before it).
  walk(root, false);
  return st;
}

Status CheckForContinuous(const PlanNode& root, OutputMode mode) {
  if (mode != OutputMode::kAppend)
    return Unsupported(fmt::format("Continuous processing does not support {} output mode.", ModeTitle(mode)));
  Status st;
  std::function<void(const PlanNode&)> walk = [&](const PlanNode& n) {
    if (!st.ok()) return;
    switch (n.kind) {
      case OpKind::kSource:
      case OpKind::kProject:
      case OpKind::kFilter:
      case OpKind::kWatermark: break;
      default:
        st = Unsupported(fmt::format("Continuous processing does not support {} operations.", OpKindName(n.kind)));
        return;
    }
    for (const auto& c : n.children) walk(*c);
  };
  walk(root);
  return st;
}

}  // namespace tideline::structured
