// Sort (SortExec, complete mode only) and limit (GlobalLimitExec, or the stateful
// StreamingGlobalLimitExec where StreamingGlobalLimitStrategy plans it).
#include "core/structured/operators.h"

#include <algorithm>

namespace tideline::structured {

std::vector<Row> ExecuteSort(const PlanNode& n, OperatorContext& cx, std::vector<Row> in) {
  auto& sort_op = n.as<SortOp>();
  std::vector<std::pair<std::vector<Value>, size_t>> keyed;
  for (size_t i = 0; i < in.size(); ++i) {
    cx.env.Bind(in[i]);
    std::vector<Value> k;
    for (const auto& e : sort_op.keys) k.push_back(cx.env.Eval(e, cx.now()));
    keyed.emplace_back(std::move(k), i);
  }
  std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
    for (size_t k = 0; k < a.first.size(); ++k) {
      int c = Value::Compare(a.first[k], b.first[k]);
      // Spark: nulls first ascending, last descending.
      if (c != 0) return sort_op.ascending[k] ? c < 0 : c > 0;
    }
    return false;
  });
  std::vector<Row> out;
  for (auto& [k, i] : keyed) out.push_back(std::move(in[i]));
  return out;
}

namespace {
bool HasStreamingAggregate(const PlanNode& n) {
  if (n.kind() == OpKind::kAggregate && n.streaming) return true;
  return std::any_of(n.children.begin(), n.children.end(), [](const PlanPtr& c) { return HasStreamingAggregate(*c); });
}
}  // namespace

bool StreamingGlobalLimit(const PlanNode& n, OutputMode mode) {
  const PlanNode& child = *n.children[0];
  if (n.kind() != OpKind::kLimit || !child.streaming) return false;
  return mode == OutputMode::kAppend || (mode == OutputMode::kComplete && !HasStreamingAggregate(child));
}

std::vector<Row> ExecuteLimit(const PlanNode& n, OperatorContext& cx, LimitState& op, std::vector<Row> in) {
  auto& limit_op = n.as<LimitOp>();
  const bool counts = StreamingGlobalLimit(n, cx.options.mode);
  int64_t room = limit_op.limit;
  if (counts) room = std::max<int64_t>(0, limit_op.limit - op.emitted);
  if (static_cast<int64_t>(in.size()) > room) in.resize(static_cast<size_t>(room));
  if (counts) {
    op.emitted += static_cast<int64_t>(in.size());
    op.count_row.clear();
    op.count_row[Value()] = Value::Int(op.emitted);
    op.metrics.total = 1;
    op.metrics.updated += in.empty() ? 0 : 1;
  }
  return in;
}

}  // namespace tideline::structured
