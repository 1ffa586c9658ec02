// Stateless row operators: projection (with one generator, explode), filter
// (FilterExec), the filters pushdown moved below a node, and the event-time statistics
// of a watermark node (EventTimeWatermarkExec).
#include "core/structured/operators.h"

#include "core/expr/expr.h"

namespace tideline::structured {

std::vector<Row> ExecuteProject(const PlanNode& n, OperatorContext& cx, std::vector<Row> in) {
  auto& project_op = n.as<ProjectOp>();
  std::vector<Row> out;
  out.reserve(in.size());
  for (const Row& r : in) {
    cx.env.Bind(r);
    bool has_time = true;
    for (const auto& t : project_op.not_null)
      if (cx.env.Eval(t, cx.now()).is_null()) has_time = false;
    if (!has_time) continue;
    Row o;
    o.reserve(project_op.exprs.size());
    Value gen;
    for (size_t i = 0; i < project_op.exprs.size(); ++i) {
      Value v = cx.env.Eval(project_op.exprs[i], cx.now());
      if (static_cast<int>(i) == project_op.generator) gen = v;
      o.push_back(std::move(v));
    }
    if (project_op.generator < 0) {
      out.push_back(std::move(o));
      continue;
    }
    if (gen.type() != ValueType::kArray) continue;
    for (const Value& item : gen.items()) {
      Row x = o;
      x[static_cast<size_t>(project_op.generator)] = item;
      out.push_back(std::move(x));
    }
  }
  return out;
}

// Keys of a row for an aggregation: every key expression, with the window key expanded

std::vector<Row> ExecuteFilter(const PlanNode& n, OperatorContext& cx, std::vector<Row> in) {
  std::vector<Row> out;
  for (Row& r : in) {
    cx.env.Bind(r);
    if (expr::IsTrue(cx.env.Eval(n.as<FilterOp>().cond, cx.now()))) out.push_back(std::move(r));
  }
  return out;
}

std::vector<Row> ApplyPushedFilters(const std::vector<expr::CompiledExpr>& filters, OperatorContext& cx,
                                    std::vector<Row> rows) {
  if (filters.empty()) return rows;
  std::vector<Row> kept;
  kept.reserve(rows.size());
  for (Row& r : rows) {
    cx.env.Bind(r);
    bool pass = true;
    for (const auto& f : filters)
      if (!expr::IsTrue(cx.env.Eval(f, cx.now()))) {
        pass = false;
        break;
      }
    if (pass) kept.push_back(std::move(r));
  }
  return kept;
}

void CollectEventStats(const PlanNode& n, WatermarkState& op, const std::vector<Row>& in) {
  op.event_stats = EventStats();
  for (const Row& r : in) {
    const Value& v = r[static_cast<size_t>(n.as<WatermarkOp>().event_time_col)];
    auto t = EventTimeOf(v);
    if (!t) continue;
    op.event_stats.Add(Timestamp::FromMicros(*t));
  }
}

}  // namespace tideline::structured
