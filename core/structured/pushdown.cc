// Predicate pushdown, as Spark's optimizer does it (PushPredicateThroughNonJoin,
// PushPredicateThroughJoin in sql/catalyst/.../optimizer/Optimizer.scala), limited to
// what a streaming query can observe: rows a filter removes below an EventTimeWatermark
// never reach its event-time statistics, and rows removed below a join never reach the
// join's state.

#include <map>
#include <set>
#include <string_view>

#include "core/common/strings.h"
#include "core/structured/plan.h"

namespace tideline::structured {
namespace {

using expr::Node;
using expr::NodeKind;
using expr::NodePtr;

bool Deterministic(const Node& n) {
  if (n.kind == NodeKind::kCall) {
    static const char* const kNondeterministic[] = {"rand", "randn", "random", "uuid", "shuffle",
                                                    "monotonically_increasing_id", "spark_partition_id",
                                                    "input_file_name"};
    for (std::string_view f : kNondeterministic)
      if (AsciiIEq(n.name, f)) return false;
  }
  for (const auto& c : n.children)
    if (!Deterministic(*c)) return false;
  return true;
}

// Replaces each column reference #i with a copy of `subst(i)`.
template <typename F>
NodePtr Substitute(const Node& n, F subst) {
  int c;
  if (IsColRef(n, &c)) return subst(c);
  NodePtr out = std::make_unique<Node>(n.kind, n.offset);
  out->name = n.name;
  out->value = n.value;
  out->params = n.params;
  out->negated = n.negated;
  out->distinct = n.distinct;
  out->has_operand = n.has_operand;
  out->has_else = n.has_else;
  for (const auto& ch : n.children) out->children.push_back(Substitute(*ch, subst));
  return out;
}

// Moves each column reference #i to #index(i).
template <typename F>
NodePtr Remap(const Node& n, F index) {
  return Substitute(n, [&](int c) { return RefTree(index(c))->Clone(); });
}

NodePtr Renumber(const Node& n, int by) {
  return Remap(n, [by](int c) { return c + by; });
}

std::set<int> Refs(const Node& n) {
  std::set<int> s;
  CollectCols(n, &s);
  return s;
}

class Pusher {
 public:
  // Moves `pred` (over the output of `n`) down from above `n`. `moved` counts the nodes
  // it has passed; a predicate that cannot pass the node right below its origin stays
  // where it is.
  void Push(const PlanNode& n, NodePtr pred, int moved) {
    std::set<int> refs = Refs(*pred);
    switch (n.kind()) {
      case OpKind::kProject: {
        if (n.as<ProjectOp>().expr_trees.size() != n.as<ProjectOp>().exprs.size()) break;
        bool ok = true;
        for (const auto& t : n.as<ProjectOp>().expr_trees)
          if (t && !Deterministic(*t)) ok = false;
        for (int c : refs)
          if (!n.as<ProjectOp>().expr_trees[static_cast<size_t>(c)]) ok = false;  // the generator's output
        if (!ok) break;
        NodePtr below = Substitute(*pred, [&](int c) { return Unalias(*n.as<ProjectOp>().expr_trees[static_cast<size_t>(c)]).Clone(); });
        return Push(*n.children[0], std::move(below), moved + 1);
      }
      case OpKind::kFilter:
      case OpKind::kSort:
        return Push(*n.children[0], std::move(pred), moved + 1);
      case OpKind::kWatermark:
        if (!n.streaming || refs.count(n.as<WatermarkOp>().event_time_col)) break;
        return Push(*n.children[0], std::move(pred), moved + 1);
      case OpKind::kUnion:
        Push(*n.children[0], pred->Clone(), moved + 1);
        return Push(*n.children[1], std::move(pred), moved + 1);
      case OpKind::kJoin: {
        // A filter over the join's output: one-sided conjuncts go to a side the join
        // type allows (the preserved side of an outer join).
        int nl = static_cast<int>(n.children[0]->out.size());
        bool ok = true;
        for (int c : refs)
          if (n.as<JoinOp>().pick[static_cast<size_t>(c)] < 0) ok = false;  // a coalesced using-join key
        if (!ok || refs.empty()) break;
        NodePtr both = Remap(*pred, [&](int c) { return n.as<JoinOp>().pick[static_cast<size_t>(c)]; });
        std::set<int> brefs = Refs(*both);
        bool left_only = *brefs.rbegin() < nl, right_only = *brefs.begin() >= nl;
        JoinType t = n.as<JoinOp>().join_type;
        bool to_left = left_only && (t == JoinType::kInner || t == JoinType::kLeftOuter ||
                                     t == JoinType::kLeftAnti || t == JoinType::kLeftSemi);
        bool to_right = right_only && (t == JoinType::kInner || t == JoinType::kRightOuter);
        if (to_left) return Push(*n.children[0], std::move(both), moved + 1);
        if (to_right) return Push(*n.children[1], Renumber(*both, -nl), moved + 1);
        break;
      }
      default:
        break;
    }
    // A node used twice (a DataFrame joined with itself) runs once per use: a filter that
    // belongs to one use cannot be attached to it.
    if (moved > 0 && uses_.at(&n) == 1) dest_[&n].push_back(std::move(pred));
  }

  void CountUses(const PlanNode& n) {
    ++uses_[&n];
    for (const auto& c : n.children) CountUses(*c);
  }

  // The predicates known to hold on every row `n` outputs (Spark's QueryPlanConstraints,
  // for the operators that keep or rename their input's columns).
  std::vector<NodePtr> Constraints(const PlanNode& n) const {
    std::vector<NodePtr> out;
    switch (n.kind()) {
      case OpKind::kFilter: {
        out = Constraints(*n.children[0]);
        std::vector<const Node*> conj;
        if (n.as<FilterOp>().cond_tree) Conjuncts(Unalias(*n.as<FilterOp>().cond_tree), &conj);
        for (const Node* c : conj)
          if (Deterministic(*c) && !Refs(*c).empty()) out.push_back(c->Clone());
        break;
      }
      case OpKind::kWatermark:
      case OpKind::kSort:
      case OpKind::kDedup:
      case OpKind::kLimit:
        out = Constraints(*n.children[0]);
        break;
      case OpKind::kProject: {
        if (n.as<ProjectOp>().expr_trees.size() != n.as<ProjectOp>().exprs.size()) break;
        std::map<int, int> renamed;  // child column -> first output column passing it on
        for (size_t j = 0; j < n.as<ProjectOp>().expr_trees.size(); ++j) {
          int c;
          if (n.as<ProjectOp>().expr_trees[j] && IsColRef(Unalias(*n.as<ProjectOp>().expr_trees[j]), &c) && !renamed.count(c))
            renamed[c] = static_cast<int>(j);
        }
        for (NodePtr& c : Constraints(*n.children[0])) {
          bool ok = true;
          for (int r : Refs(*c))
            if (!renamed.count(r)) ok = false;
          if (!ok) continue;
          out.push_back(Remap(*c, [&](int r) { return renamed.at(r); }));
        }
        break;
      }
      default:
        break;
    }
    return out;
  }

  // InferFiltersFromConstraints: the constraints of both sides and the condition, carried
  // across the condition's column equalities, become filters on the sides the join type
  // allows, where they are new.
  void InferJoinFilters(const PlanNode& j, bool left, bool right) {
    int nl = static_cast<int>(j.children[0]->out.size());
    std::vector<NodePtr> all;
    std::vector<NodePtr> lc = Constraints(*j.children[0]), rc = Constraints(*j.children[1]);
    for (NodePtr& c : lc) all.push_back(std::move(c));
    for (NodePtr& c : rc) all.push_back(Renumber(*c, nl));
    std::vector<const Node*> conj;
    Conjuncts(*j.as<JoinOp>().cond_tree, &conj);
    std::map<int, int> to_right, to_left;  // equal columns across the sides
    for (const Node* c : conj) {
      if (!Deterministic(*c)) continue;
      int a, b;
      if (c->kind == NodeKind::kBinary && (c->name == "=" || c->name == "==") && IsColRef(*c->children[0], &a) &&
          IsColRef(*c->children[1], &b)) {
        if (a > b) std::swap(a, b);
        if (a < nl && b >= nl) {
          to_right.emplace(a, b);
          to_left.emplace(b, a);
        }
      }
      all.push_back(c->Clone());
    }
    auto infer = [&](bool to_left_side) {
      const std::map<int, int>& m = to_left_side ? to_left : to_right;
      std::set<std::string> have;
      for (const NodePtr& c : all) {
        std::set<int> refs = Refs(*c);
        if (!refs.empty() && (to_left_side ? *refs.rbegin() < nl : *refs.begin() >= nl)) have.insert(c->SqlName());
      }
      for (const NodePtr& c : all) {
        std::set<int> refs = Refs(*c);
        bool ok = !refs.empty();
        for (int r : refs)
          if (!m.count(r)) ok = false;
        if (!ok) continue;
        NodePtr moved = Remap(*c, [&](int r) { return m.at(r); });
        if (!have.insert(moved->SqlName()).second) continue;
        if (to_left_side) Push(*j.children[0], std::move(moved), 1);
        else Push(*j.children[1], Renumber(*moved, -nl), 1);
      }
    };
    if (left) infer(true);
    if (right) infer(false);
  }

  // A join condition's one-sided conjuncts go into the sides the join type allows.
  void PushJoinCondition(const PlanNode& j) {
    if (!j.as<JoinOp>().cond_tree) return;
    int nl = static_cast<int>(j.children[0]->out.size());
    JoinType t = j.as<JoinOp>().join_type;
    bool left = t == JoinType::kInner || t == JoinType::kLeftSemi || t == JoinType::kRightOuter;
    bool right = t == JoinType::kInner || t == JoinType::kLeftSemi || t == JoinType::kLeftOuter ||
                 t == JoinType::kLeftAnti;
    std::vector<const Node*> conj;
    Conjuncts(*j.as<JoinOp>().cond_tree, &conj);
    for (const Node* c : conj) {
      std::set<int> refs = Refs(*c);
      if (refs.empty() || !Deterministic(*c)) continue;
      if (left && *refs.rbegin() < nl) Push(*j.children[0], c->Clone(), 0);
      if (right && *refs.begin() >= nl) Push(*j.children[1], Renumber(*c, -nl), 0);
    }
    InferJoinFilters(j, left, right);
  }

  void Walk(const PlanNode& n) {
    if (n.kind() == OpKind::kFilter && n.as<FilterOp>().cond_tree) {
      std::vector<const Node*> conj;
      Conjuncts(Unalias(*n.as<FilterOp>().cond_tree), &conj);
      for (const Node* c : conj)
        if (Deterministic(*c)) Push(*n.children[0], c->Clone(), 0);
    }
    if (n.kind() == OpKind::kJoin && n.streaming) PushJoinCondition(n);
    order_.push_back(&n);
    for (const auto& c : n.children) Walk(*c);
  }

  std::vector<std::pair<const PlanNode*, std::vector<expr::CompiledExpr>>> Result() const {
    std::vector<std::pair<const PlanNode*, std::vector<expr::CompiledExpr>>> out;
    std::set<const PlanNode*> seen;
    for (const PlanNode* n : order_) {
      auto it = dest_.find(n);
      if (it == dest_.end() || !seen.insert(n).second) continue;
      expr::Scope scope;
      for (size_t i = 0; i < n->out.size(); ++i) scope.Add(ColName(static_cast<int>(i)));
      std::vector<expr::CompiledExpr> preds;
      std::set<std::string> distinct;
      for (const auto& p : it->second) {
        if (!distinct.insert(p->SqlName()).second) continue;
        auto c = expr::Compile(*p, scope, p->SqlName(), {});
        if (c.ok()) preds.push_back(*c);  // an expression that compiled above compiles here
      }
      if (!preds.empty()) out.emplace_back(n, std::move(preds));
    }
    return out;
  }

 private:
  std::map<const PlanNode*, std::vector<NodePtr>> dest_;
  std::map<const PlanNode*, int> uses_;
  std::vector<const PlanNode*> order_;
};

// Follows a watermark's event-time column down to a source through projections and filters.
void FindEventTimes(const PlanNode& n, std::vector<SourceEventTime>* out) {
  for (const auto& c : n.children) FindEventTimes(*c, out);
  if (n.kind() != OpKind::kWatermark || !n.streaming) return;
  NodePtr time = RefTree(n.as<WatermarkOp>().event_time_col)->Clone();
  std::vector<NodePtr> filters;
  const PlanNode* at = n.children[0].get();
  while (true) {
    if (at->kind() == OpKind::kSource) break;
    if (at->kind() == OpKind::kFilter && at->as<FilterOp>().cond_tree) {
      filters.push_back(Unalias(*at->as<FilterOp>().cond_tree).Clone());
    } else if (at->kind() == OpKind::kProject && at->as<ProjectOp>().expr_trees.size() == at->as<ProjectOp>().exprs.size()) {
      bool ok = true;
      auto check = [&](const Node& t) {
        for (int c : Refs(t))
          if (!at->as<ProjectOp>().expr_trees[static_cast<size_t>(c)]) ok = false;
      };
      check(*time);
      for (const auto& f : filters) check(*f);
      if (!ok) return;
      auto down = [&](const Node& t) {
        return Substitute(t, [&](int c) { return Unalias(*at->as<ProjectOp>().expr_trees[static_cast<size_t>(c)]).Clone(); });
      };
      time = down(*time);
      for (auto& f : filters) f = down(*f);
    } else if (at->kind() != OpKind::kWatermark && at->kind() != OpKind::kFilter) {
      return;
    }
    at = at->children[0].get();
  }
  expr::Scope scope;
  for (size_t i = 0; i < at->out.size(); ++i) scope.Add(ColName(static_cast<int>(i)));
  auto t = expr::Compile(*time, scope, time->SqlName(), {});
  if (!t.ok()) return;
  SourceEventTime e;
  e.source = at->as<SourceOp>().name;
  e.time = *t;
  e.delay = n.as<WatermarkOp>().delay;
  for (const auto& f : filters) {
    auto c = expr::Compile(*f, scope, f->SqlName(), {});
    if (!c.ok()) return;
    e.filters.push_back(*c);
  }
  out->push_back(std::move(e));
}

}  // namespace

std::vector<SourceEventTime> EventTimeBySource(const PlanNode& root) {
  std::vector<SourceEventTime> out;
  FindEventTimes(root, &out);
  return out;
}

std::vector<std::pair<const PlanNode*, std::vector<expr::CompiledExpr>>> PushedDownFilters(const PlanNode& root) {
  Pusher p;
  p.CountUses(root);
  p.Walk(root);
  return p.Result();
}

}  // namespace tideline::structured
