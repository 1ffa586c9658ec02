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
  if (n.kind() == kind && n.streaming) out->push_back(&n);
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

// isStatefulOperation of checkStreamingQueryGlobalWatermarkLimit.
bool IsStatefulOperation(const PlanNode& n) {
  if (!n.streaming) return false;
  switch (n.kind()) {
    case OpKind::kAggregate:
    case OpKind::kGroupState: return true;
    case OpKind::kJoin: return n.children[0]->streaming && n.children[1]->streaming;
    case OpKind::kDedup: {
      if (n.as<DedupOp>().within_watermark) return true;
      for (int c : n.as<DedupOp>().key_cols)
        if (n.children[0]->out[static_cast<size_t>(c)].event_time) return true;
      return false;
    }
    default: return false;
  }
}

// ifCannotBeFollowedByStatefulOperation: operators whose output can be late for the
// global watermark of an operator above them.
bool EmitsLateRows(const PlanNode& n, OutputMode mode) {
  if (!n.streaming) return false;
  if (n.kind() == OpKind::kGroupState) return n.as<GroupStateOp>().spec->timeout == GroupStateSpec::Timeout::kEventTime;
  return n.kind() == OpKind::kAggregate && mode != OutputMode::kAppend;
}

bool AnyBelow(const PlanNode& n, const std::function<bool(const PlanNode&)>& pred) {
  for (const auto& c : n.children)
    if (pred(*c) || AnyBelow(*c, pred)) return true;
  return false;
}

}  // namespace

namespace {

// (flat)MapGroupsWithState combinations, checked before anything else.
Status CheckGroupStateCombinations(const PlanNode& root, OutputMode mode) {
  std::vector<const PlanNode*> group_states, maps, flat_maps;
  Collect(root, OpKind::kGroupState, &group_states);
  for (const PlanNode* g : group_states) (g->as<GroupStateOp>().spec->flat ? flat_maps : maps).push_back(g);
  if (maps.size() >= 2) return Unsupported("Multiple mapGroupsWithStates are not supported on a streaming DataFrames/Datasets");
  if (!maps.empty() && !flat_maps.empty())
    return Unsupported("Mixing mapGroupsWithStates and flatMapGroupsWithStates are not supported on a streaming DataFrames/Datasets");
  if (flat_maps.size() >= 2) {
    bool all_append = mode == OutputMode::kAppend;
    for (const PlanNode* f : flat_maps) all_append = all_append && f->as<GroupStateOp>().spec->op_mode == OutputMode::kAppend;
    if (!all_append)
      return Unsupported("Multiple flatMapGroupsWithStates are not supported when they are not all in append mode or the "
                         "output mode is not append on a streaming DataFrames/Datasets");
  }
  return Status::Ok();
}

// The output mode against the aggregations, and multiple aggregations.
Status CheckAggregationsForMode(const PlanNode& root, OutputMode mode, const std::vector<const PlanNode*>& aggs,
                                bool allow_multiple) {
  if (mode == OutputMode::kAppend && !aggs.empty()) {
    const PlanNode& a = *aggs.front();
    bool keyed_by_event_time = false;
    for (int i = 0; i < a.as<AggregateOp>().num_key_cols; ++i)
      keyed_by_event_time = keyed_by_event_time || a.out[static_cast<size_t>(i)].event_time;
    if (!keyed_by_event_time) return ModeError(mode, "streaming aggregations without watermark");
  }
  if (mode == OutputMode::kUpdate && !aggs.empty() && aggs.front()->as<AggregateOp>().window_index >= 0 && aggs.front()->as<AggregateOp>().window.session)
    return ModeError(mode, "session window");
  if (mode == OutputMode::kComplete && aggs.empty()) return ModeError(mode, "no streaming aggregations");
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
  return Status::Ok();
}

Status CheckAggregate(const PlanNode& n, OutputMode mode) {
  if (!n.streaming) return Status::Ok();
  for (const auto& a : n.as<AggregateOp>().aggs)
    if (a.distinct)
      return Unsupported("Distinct aggregations are not supported on streaming DataFrames/Datasets. Consider using approx_count_distinct() instead.");
  if (n.as<AggregateOp>().window_index >= 0 && n.as<AggregateOp>().window.session) {
    if (mode == OutputMode::kUpdate) return ModeError(mode, "session window");
    if (n.as<AggregateOp>().num_key_cols == 1) return Unsupported("Global aggregation with session window in streaming query is not supported.");
  }
  return Status::Ok();
}

Status CheckGroupState(const PlanNode& n, OutputMode mode, const std::vector<const PlanNode*>& aggs) {
  if (!n.streaming) return Status::Ok();
  const GroupStateSpec& spec = *n.as<GroupStateOp>().spec;
  if (!spec.flat) {
    if (!aggs.empty()) return Unsupported("mapGroupsWithState is not supported with aggregation on a streaming DataFrame/Dataset");
    if (mode != OutputMode::kUpdate)
      return Unsupported(fmt::format("mapGroupsWithState is not supported with {} output mode on a streaming DataFrame/Dataset", ModeTitle(mode)));
  } else if (aggs.empty()) {
    if (spec.op_mode == OutputMode::kUpdate && mode != OutputMode::kUpdate)
      return Unsupported(fmt::format("flatMapGroupsWithState in update mode is not supported with {} output mode on a streaming DataFrame/Dataset", ModeTitle(mode)));
    if (spec.op_mode == OutputMode::kAppend && mode != OutputMode::kAppend)
      return Unsupported(fmt::format("flatMapGroupsWithState in append mode is not supported with {} output mode on a streaming DataFrame/Dataset", ModeTitle(mode)));
  } else {
    if (spec.op_mode == OutputMode::kUpdate)
      return Unsupported("flatMapGroupsWithState in update mode is not supported with aggregation on a streaming DataFrame/Dataset");
    std::vector<const PlanNode*> before;
    Collect(*n.children[0], OpKind::kAggregate, &before);
    if (!before.empty())
      return Unsupported("flatMapGroupsWithState in append mode is not supported after aggregation on a streaming DataFrame/Dataset");
  }
  if (spec.timeout == GroupStateSpec::Timeout::kEventTime && !HasEventTime(n.children[0]->out))
    return Unsupported("Watermark must be specified in the query using '[Dataset/DataFrame].withWatermark()' for using "
                       "event-time timeout in a [map|flatMap]GroupsWithState. Event-time timeout not supported without watermark.");
  return Status::Ok();
}

// A stream-stream outer or semi join needs a watermark in the join keys, or on the
// nullable side with a range condition.
Status CheckJoinWatermark(const PlanNode& n, bool left_nullable_side, bool right_nullable_side) {
  bool in_keys = n.as<JoinOp>().left_key_event >= 0 || n.as<JoinOp>().right_key_event >= 0;
  bool range = true;
  // A range condition is usable when both sides carry event time.
  bool le = HasEventTime(n.children[0]->out), re = HasEventTime(n.children[1]->out);
  if (left_nullable_side || right_nullable_side) range = le && re && n.as<JoinOp>().cond.has_value() && !n.as<JoinOp>().using_join;
  if (!in_keys && !range)
    return Unsupported(fmt::format("Stream-stream {} join between two streaming DataFrame/Datasets is not supported without "
                                   "a watermark in the join keys, or a watermark on the nullable side and an appropriate range condition",
                                   JoinTypeSparkName(n.as<JoinOp>().join_type)));
  return Status::Ok();
}

Status CheckJoin(const PlanNode& n, OutputMode mode) {
  bool ls = n.children[0]->streaming, rs = n.children[1]->streaming;
  if (ls && rs && mode != OutputMode::kAppend)
    return Unsupported(fmt::format("Join between two streaming DataFrames/Datasets is not supported in {} output mode, only in Append output mode", ModeTitle(mode)));
  switch (n.as<JoinOp>().join_type) {
    case JoinType::kInner: break;
    case JoinType::kFullOuter:
      if (ls && !rs) return Unsupported("FullOuter joins with streaming DataFrames/Datasets on the left and a static DataFrame/Dataset on the right is not supported");
      if (!ls && rs) return Unsupported("FullOuter joins with streaming DataFrames/Datasets on the right and a static DataFrame/Dataset on the left is not supported");
      if (ls && rs) return CheckJoinWatermark(n, true, true);
      break;
    case JoinType::kLeftAnti:
      if (rs) return Unsupported("LeftAnti join with a streaming DataFrame/Dataset on the right is not supported");
      break;
    case JoinType::kLeftSemi:
      if (rs && !ls) return Unsupported("LeftSemi join with a streaming DataFrame/Dataset on the right and a static DataFrame/DataSet on the left is not supported");
      if (ls && rs) return CheckJoinWatermark(n, true, false);
      break;
    case JoinType::kLeftOuter:
      if (!ls && rs) return Unsupported("LeftOuter join with a streaming DataFrame/Dataset on the right and a static DataFrame/Dataset on the left is not supported");
      if (ls && rs) return CheckJoinWatermark(n, true, false);
      break;
    case JoinType::kRightOuter:
      if (ls && !rs) return Unsupported("RightOuter join with a streaming DataFrame/Dataset on the left and a static DataFrame/DataSet on the right not supported");
      if (ls && rs) return CheckJoinWatermark(n, false, true);
      break;
  }
  return Status::Ok();
}

// The rules of one operator.
Status CheckOperator(const PlanNode& n, OutputMode mode, const std::vector<const PlanNode*>& aggs) {
  if (n.kind() == OpKind::kProject)
    for (const auto& e : n.as<ProjectOp>().exprs)
      if (n.streaming && MentionsFunction(e, "monotonically_increasing_id"))
        return Unsupported("Expression(s): monotonically_increasing_id() is not supported with streaming DataFrames/Datasets");
  switch (n.kind()) {
    case OpKind::kAggregate: return CheckAggregate(n, mode);
    case OpKind::kDedup:
      if (n.streaming && n.as<DedupOp>().within_watermark && !HasEventTime(n.children[0]->out))
        return Unsupported("dropDuplicatesWithinWatermark is not supported on streaming DataFrames/DataSets without watermark");
      return Status::Ok();
    case OpKind::kGroupState: return CheckGroupState(n, mode, aggs);
    case OpKind::kSort: {
      // containsCompleteData: an aggregation below the sort, in complete mode.
      std::vector<const PlanNode*> below;
      Collect(n, OpKind::kAggregate, &below);
      if (n.streaming && !(mode == OutputMode::kComplete && !below.empty()))
        return Unsupported("Sorting is not supported on streaming DataFrames/Datasets, unless it is on aggregated DataFrame/Dataset in Complete output mode");
      return Status::Ok();
    }
    case OpKind::kLimit:
      if (n.streaming && mode == OutputMode::kUpdate)
        return Unsupported("Limits are not supported on streaming DataFrames/Datasets in Update output mode");
      return Status::Ok();
    case OpKind::kUnion:
      if (n.children[0]->streaming != n.children[1]->streaming)
        return Unsupported("Union between streaming and batch DataFrames/Datasets is not supported");
      return Status::Ok();
    case OpKind::kJoin: return CheckJoin(n, mode);
    default: return Status::Ok();
  }
}

// plan.foreachUp: the operators below are checked first.
Status CheckTree(const PlanNode& n, OutputMode mode, const std::vector<const PlanNode*>& aggs) {
  for (const auto& c : n.children) TL_RETURN_IF_ERROR(CheckTree(*c, mode, aggs));
  return CheckOperator(n, mode, aggs);
}

// checkStreamingQueryGlobalWatermarkLimit: a stateful operator above one that can emit
// rows late for it.
Status CheckGlobalWatermarkLimit(const PlanNode& root, OutputMode mode) {
  std::function<bool(const PlanNode&)> bad = [&](const PlanNode& n) {
    if (IsStatefulOperation(n) && AnyBelow(n, [&](const PlanNode& p) { return EmitsLateRows(p, mode); })) return true;
    for (const auto& c : n.children)
      if (bad(*c)) return true;
    return false;
  };
  if (!bad(root)) return Status::Ok();
  return Unsupported(
      "Detected pattern of possible 'correctness' issue due to global watermark. The query contains stateful "
      "operation which can emit rows older than the current watermark plus allowed late record delay, which are "
      "\"late rows\" in downstream stateful operations and these rows can be discarded. Please refer the "
      "programming guide doc for more details. If you understand the possible risk of correctness issue and still "
      "need to run the query, you can disable this check by setting the config "
      "`spark.sql.streaming.statefulOperator.checkCorrectness.enabled` to false.");
}

}  // namespace

Status CheckForStreaming(const PlanNode& root, OutputMode mode, const std::map<std::string, std::string>& config) {
  auto conf = [&](const char* key, const char* def) {
    auto it = config.find(key);
    return it == config.end() ? std::string(def) : it->second;
  };
  std::vector<const PlanNode*> aggs;
  Collect(root, OpKind::kAggregate, &aggs);
  bool allow_multiple = conf("spark.sql.streaming.statefulOperator.allowMultiple", "true") != "false";
  TL_RETURN_IF_ERROR(CheckGroupStateCombinations(root, mode));
  TL_RETURN_IF_ERROR(CheckAggregationsForMode(root, mode, aggs, allow_multiple));
  TL_RETURN_IF_ERROR(CheckTree(root, mode, aggs));
  if (conf("spark.sql.streaming.statefulOperator.checkCorrectness.enabled", "true") != "false")
    TL_RETURN_IF_ERROR(CheckGlobalWatermarkLimit(root, mode));
  // StreamingJoinStrategy plans a stream-stream join only on equi-join keys.
  std::vector<const PlanNode*> joins;
  Collect(root, OpKind::kJoin, &joins);
  for (const PlanNode* j : joins)
    if (j->children[0]->streaming && j->children[1]->streaming && j->as<JoinOp>().left_keys.empty())
      return Unsupported("Stream-stream join without equality predicate is not supported.");
  return Status::Ok();
}

Status CheckForContinuous(const PlanNode& root, OutputMode mode) {
  if (mode != OutputMode::kAppend)
    return Unsupported(fmt::format("Continuous processing does not support {} output mode.", ModeTitle(mode)));
  Status st;
  std::function<void(const PlanNode&)> walk = [&](const PlanNode& n) {
    if (!st.ok()) return;
    switch (n.kind()) {
      case OpKind::kSource:
      case OpKind::kProject:
      case OpKind::kFilter:
      case OpKind::kWatermark: break;
      default:
        st = Unsupported(fmt::format("Continuous processing does not support {} operations.", OpKindName(n.kind())));
        return;
    }
    for (const auto& c : n.children) walk(*c);
  };
  walk(root);
  return st;
}

}  // namespace tideline::structured
