// Joins of rows: the joined and picked rows every join builds, and the stream-static
// (and static-static) join, a nested loop over the static side (Spark's
// BroadcastNestedLoopJoinExec / BroadcastHashJoinExec for one micro-batch).
#include "core/structured/operators.h"

#include "core/expr/expr.h"

namespace tideline::structured {

Row JoinedRow(const PlanNode& n, const Row* l, const Row* r) {
  size_t nl = n.children[0]->out.size(), nr = n.children[1]->out.size();
  Row both;
  both.reserve(nl + nr);
  for (size_t i = 0; i < nl; ++i) both.push_back(l ? (*l)[i] : Value());
  for (size_t i = 0; i < nr; ++i) both.push_back(r ? (*r)[i] : Value());
  return both;
}

Row PickJoinColumns(const PlanNode& n, const Row& both) {
  auto& join_op = n.as<JoinOp>();
  Row out;
  out.reserve(join_op.pick.size());
  size_t nl = n.children[0]->out.size();
  for (int p : join_op.pick) {
    if (p >= 0) { out.push_back(both[static_cast<size_t>(p)]); continue; }
    auto [li, ri] = join_op.using_cols[static_cast<size_t>(-1 - p)];
    const Value& a = both[static_cast<size_t>(li)];
    out.push_back(a.is_null() ? both[nl + static_cast<size_t>(ri)] : a);
  }
  return out;
}

bool JoinConditionHolds(const PlanNode& n, OperatorContext& cx, const Row& both) {
  auto& join_op = n.as<JoinOp>();
  if (!join_op.cond) return true;
  cx.env.Bind(both);
  return expr::IsTrue(cx.env.Eval(*join_op.cond, cx.now()));
}

Value JoinKey(OperatorContext& cx, const std::vector<expr::CompiledExpr>& keys, const Row& r) {
  cx.env.Bind(r);
  std::vector<Value> k;
  for (const auto& e : keys) k.push_back(cx.env.Eval(e, cx.now()));
  return Value::Array(std::move(k));
}

bool HasNullKey(const Value& key) {
  for (const Value& v : key.items()) if (v.is_null()) return true;
  return false;
}

std::vector<Row> ExecuteStreamStaticJoin(const PlanNode& n, OperatorContext& cx, const std::vector<Row>& l,
                                        const std::vector<Row>& r) {
  std::vector<Row> out;
  JoinType t = n.as<JoinOp>().join_type;
  std::vector<bool> r_matched(r.size(), false);
  for (const Row& a : l) {
    bool matched = false;
    for (size_t j = 0; j < r.size(); ++j) {
      Row both = JoinedRow(n, &a, &r[j]);
      if (!JoinConditionHolds(n, cx, both)) continue;
      matched = true;
      r_matched[j] = true;
      if (t == JoinType::kLeftSemi) break;
      if (t == JoinType::kLeftAnti) break;
      out.push_back(PickJoinColumns(n, both));
    }
    if (t == JoinType::kLeftSemi && matched) out.push_back(PickJoinColumns(n, JoinedRow(n, &a, nullptr)));
    if (t == JoinType::kLeftAnti && !matched) out.push_back(PickJoinColumns(n, JoinedRow(n, &a, nullptr)));
    if (!matched && (t == JoinType::kLeftOuter || t == JoinType::kFullOuter)) out.push_back(PickJoinColumns(n, JoinedRow(n, &a, nullptr)));
  }
  if (t == JoinType::kRightOuter || t == JoinType::kFullOuter)
    for (size_t j = 0; j < r.size(); ++j)
      if (!r_matched[j]) out.push_back(PickJoinColumns(n, JoinedRow(n, nullptr, &r[j])));
  return out;
}

}  // namespace tideline::structured
