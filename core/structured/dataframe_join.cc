// join and joinUsing: stream-static and stream-stream joins, their output columns, equi-join
// keys, one-sided conditions and event-time keys, with Spark's analysis errors.
#include "core/structured/dataframe.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "core/common/strings.h"
#include "core/expr/parser.h"
#include "core/structured/resolution.h"
#include "core/structured/types.h"

namespace tideline::structured {

using expr::Node;
using expr::NodeKind;
using expr::NodePtr;

Result<JoinType> ParseJoinType(std::string_view s) {
  std::string t = AsciiLower(std::string(s));
  t.erase(std::remove(t.begin(), t.end(), '_'), t.end());
  if (t == "inner") return JoinType::kInner;
  if (t == "leftouter" || t == "left") return JoinType::kLeftOuter;
  if (t == "rightouter" || t == "right") return JoinType::kRightOuter;
  if (t == "fullouter" || t == "full" || t == "outer") return JoinType::kFullOuter;
  if (t == "leftsemi" || t == "semi") return JoinType::kLeftSemi;
  if (t == "leftanti" || t == "anti") return JoinType::kLeftAnti;
  return Status::Analysis(fmt::format(
      "[UNSUPPORTED_JOIN_TYPE] Unsupported join type '{}'. Supported join types include: 'inner', 'outer', 'full', 'fullouter', "
      "'full_outer', 'leftouter', 'left', 'left_outer', 'rightouter', 'right', 'right_outer', 'leftsemi', 'left_semi', 'semi', "
      "'leftanti', 'left_anti', 'anti', 'cross'.",
      s));
}

namespace {

// findJoinKeyOrdinalForWatermark: one key ordinal cleans both sides' state, the first left
// key with event time, else the first right one.
void SharedEventKey(PlanNode* node) {
  auto& join_op = node->as<JoinOp>();
  int k = join_op.left_key_event >= 0 ? join_op.left_key_event : join_op.right_key_event;
  join_op.left_key_event = join_op.right_key_event = k;
}

// Shifts column references of a tree down by `by` (right side columns of a join).
void Shift(Node& n, int by) {
  int c;
  if (IsColRef(n, &c)) n.name = ColName(c - by);
  for (auto& ch : n.children) Shift(*ch, by);
}

Columns JoinColumns(const Columns& l, const Columns& r, JoinType t) {
  Columns out = l;
  if (t == JoinType::kRightOuter || t == JoinType::kFullOuter)
    for (auto& c : out) c.nullable = true;
  if (t == JoinType::kLeftSemi || t == JoinType::kLeftAnti) return out;
  for (Column c : r) {
    if (t == JoinType::kLeftOuter || t == JoinType::kFullOuter) c.nullable = true;
    out.push_back(c);
  }
  return out;
}

// JoinConditionSplitPredicates: the conjuncts of a join condition that read only one
// side, compiled against that side's columns.
void AddOneSidedFilters(const std::vector<const Node*>& conj, const Columns& l, const Columns& r, const std::string& on,
                        const expr::ExprSource& src, PlanNode* node) {
  auto& join_op = node->as<JoinOp>();
  const int nl = static_cast<int>(l.size());
  for (const Node* c : conj) {
    std::set<int> refs;
    CollectCols(*c, &refs);
    if (refs.empty()) continue;
    expr::Scope ls, rs;
    for (size_t i = 0; i < l.size(); ++i) ls.Add(ColName(static_cast<int>(i)));
    for (size_t i = 0; i < r.size(); ++i) rs.Add(ColName(static_cast<int>(i)));
    if (*refs.rbegin() < nl) {
      auto f = expr::Compile(*c, ls, on, src);
      if (f.ok()) join_op.left_filters.push_back(*f);
    } else if (*refs.begin() >= nl) {
      NodePtr t = c->Clone();
      Shift(*t, nl);
      auto f = expr::Compile(*t, rs, on, src);
      if (f.ok()) join_op.right_filters.push_back(*f);
    }
  }
}

}  // namespace

DataFrame DataFrame::Join(const DataFrame& right, const std::string& on, JoinType type, const expr::ExprSource& src) const {
  if (!ok()) return *this;
  if (!right.ok()) return right;
  const Columns& l = columns();
  const Columns& r = right.columns();
  Columns both = l;
  both.insert(both.end(), r.begin(), r.end());
  auto parsed = expr::Parse(on, src);
  if (!parsed.ok()) return Failed(parsed.status());
  auto cond = ResolveExpr(**parsed, on, both, {}, src);
  if (!cond.ok()) return Failed(cond.status());
  auto node = std::make_shared<PlanNode>();
  auto& join_op = node->payload.emplace<JoinOp>();
  join_op.join_type = type;
  join_op.cond = cond->compiled;
  int nl = static_cast<int>(l.size());
  // Equi-join keys: conjuncts `a = b` with one side over each input (ExtractEquiJoinKeys).
  std::vector<const Node*> conj;
  Conjuncts(*cond->tree, &conj);
  for (const Node* c : conj) {
    if (c->kind != NodeKind::kBinary || (c->name != "=" && c->name != "==" && c->name != "<=>")) continue;
    const bool null_safe = c->name == "<=>";
    std::set<int> a, b;
    CollectCols(*c->children[0], &a);
    CollectCols(*c->children[1], &b);
    auto side = [&](const std::set<int>& s) {
      if (s.empty()) return 0;
      if (*s.rbegin() < nl) return 1;
      if (*s.begin() >= nl) return 2;
      return 3;
    };
    int sa = side(a), sb = side(b);
    const Node* lk = nullptr;
    const Node* rk = nullptr;
    if (sa == 1 && sb == 2) { lk = c->children[0].get(); rk = c->children[1].get(); }
    else if (sa == 2 && sb == 1) { lk = c->children[1].get(); rk = c->children[0].get(); }
    if (!lk) continue;
    expr::Scope ls, rs;
    for (size_t i = 0; i < l.size(); ++i) ls.Add(ColName(static_cast<int>(i)));
    for (size_t i = 0; i < r.size(); ++i) rs.Add(ColName(static_cast<int>(i)));
    NodePtr rt = rk->Clone();
    Shift(*rt, nl);
    NodePtr lt = lk->Clone();
    if (null_safe) {
      // ExtractEquiJoinKeys keys `a <=> b` so that nulls match: here as a one-element array,
      // which is never null itself.
      auto wrap = [](NodePtr x) {
        NodePtr arr = std::make_unique<Node>(NodeKind::kArray, x->offset);
        arr->children.push_back(std::move(x));
        return arr;
      };
      lt = wrap(std::move(lt));
      rt = wrap(std::move(rt));
    }
    auto lc = expr::Compile(*lt, ls, on, src);
    auto rc = expr::Compile(*rt, rs, on, src);
    if (!lc.ok()) return Failed(lc.status());
    if (!rc.ok()) return Failed(rc.status());
    auto has_event = [&](const Node& k, int offset) {
      std::set<int> refs;
      CollectCols(k, &refs);
      for (int c : refs) if (both[static_cast<size_t>(c + offset)].event_time) return true;
      return false;
    };
    if (join_op.left_key_event < 0 && has_event(*lk, 0)) join_op.left_key_event = static_cast<int>(join_op.left_keys.size());
    if (join_op.right_key_event < 0 && has_event(*rk, 0)) join_op.right_key_event = static_cast<int>(join_op.right_keys.size());
    join_op.left_keys.push_back(*lc);
    join_op.right_keys.push_back(*rc);
  }
  AddOneSidedFilters(conj, l, r, on, src, node.get());
  SharedEventKey(node.get());
  join_op.cond_tree = std::shared_ptr<const Node>(cond->tree->Clone().release());
  node->out = JoinColumns(l, r, type);
  for (size_t i = 0; i < node->out.size(); ++i) join_op.pick.push_back(static_cast<int>(i));
  node->describe = fmt::format("Join {}, {}", JoinTypeSparkName(type), cond->name);
  node->children.push_back(right.plan_);
  return Derive(node);
}

DataFrame DataFrame::JoinUsing(const DataFrame& right, const std::vector<std::string>& cols, JoinType type) const {
  if (!ok()) return *this;
  if (!right.ok()) return right;
  const Columns& l = columns();
  const Columns& r = right.columns();
  auto node = std::make_shared<PlanNode>();
  auto& join_op = node->payload.emplace<JoinOp>();
  join_op.join_type = type;
  join_op.using_join = true;
  int nl = static_cast<int>(l.size());
  std::vector<bool> l_key(l.size(), false), r_key(r.size(), false);
  std::string cond_text;
  for (const auto& name : cols) {
    int li = -1, ri = -1;
    for (size_t i = 0; i < l.size(); ++i) if (AsciiIEq(l[i].name, name)) li = static_cast<int>(i);
    for (size_t i = 0; i < r.size(); ++i) if (AsciiIEq(r[i].name, name)) ri = static_cast<int>(i);
    if (li < 0 || ri < 0)
      return Failed(Status::Analysis(fmt::format(
          "[UNRESOLVED_USING_COLUMN_FOR_JOIN] USING column `{}` cannot be resolved on the {} side of the join. The {}-side columns: [{}].",
          name, li < 0 ? "left" : "right", li < 0 ? "left" : "right",
          fmt::join(ColumnNames(li < 0 ? l : r, true), ", "))));
    l_key[static_cast<size_t>(li)] = true;
    r_key[static_cast<size_t>(ri)] = true;
    if (join_op.left_key_event < 0 && l[static_cast<size_t>(li)].event_time) join_op.left_key_event = static_cast<int>(join_op.using_cols.size());
    if (join_op.right_key_event < 0 && r[static_cast<size_t>(ri)].event_time) join_op.right_key_event = static_cast<int>(join_op.using_cols.size());
    join_op.using_cols.emplace_back(li, ri);
    join_op.left_keys.push_back(PassThrough(li, l));
    join_op.right_keys.push_back(PassThrough(ri, r));
    if (!cond_text.empty()) cond_text += " AND ";
    cond_text += fmt::format("{} = {}", ColName(li), ColName(nl + ri));
  }
  Columns both = l;
  both.insert(both.end(), r.begin(), r.end());
  if (!cond_text.empty()) {
    auto resolved = ResolveText(cond_text, both);
    join_op.cond = resolved->compiled;
    join_op.cond_tree = std::shared_ptr<const Node>(resolved->tree.release());
  }
  SharedEventKey(node.get());
  // Output: the keys once (from the preserved side; coalesced for a full outer join),
  // then the other columns of the left, then of the right.
  for (size_t k = 0; k < join_op.using_cols.size(); ++k) {
    auto [li, ri] = join_op.using_cols[k];
    Column c;
    if (type == JoinType::kRightOuter) {
      c = r[static_cast<size_t>(ri)];
      join_op.pick.push_back(nl + ri);
    } else if (type == JoinType::kFullOuter) {
      c = l[static_cast<size_t>(li)];
      c.nullable = l[static_cast<size_t>(li)].nullable || r[static_cast<size_t>(ri)].nullable;
      join_op.pick.push_back(-1 - static_cast<int>(k));
    } else {
      c = l[static_cast<size_t>(li)];
      join_op.pick.push_back(li);
    }
    node->out.push_back(c);
  }
  for (size_t i = 0; i < l.size(); ++i) {
    if (l_key[i]) continue;
    Column c = l[i];
    if (type == JoinType::kRightOuter || type == JoinType::kFullOuter) c.nullable = true;
    node->out.push_back(c);
    join_op.pick.push_back(static_cast<int>(i));
  }
  if (type != JoinType::kLeftSemi && type != JoinType::kLeftAnti) {
    for (size_t i = 0; i < r.size(); ++i) {
      if (r_key[i]) continue;
      Column c = r[i];
      if (type == JoinType::kLeftOuter || type == JoinType::kFullOuter) c.nullable = true;
      node->out.push_back(c);
      join_op.pick.push_back(nl + static_cast<int>(i));
    }
  }
  node->describe = fmt::format("Join {}, using [{}]", JoinTypeSparkName(type), fmt::join(cols, ", "));
  node->children.push_back(right.plan_);
  return Derive(node);
}
}  // namespace tideline::structured
