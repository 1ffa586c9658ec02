// Spark's analysis for the DataFrame builder: name resolution with qualifiers and
// Spark's case-insensitive rules (Resolver), automatic column names, the expression
// helpers the builder's checks use, and the row environment expressions are evaluated in.
#include "core/structured/resolution.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "core/common/strings.h"
#include "core/expr/parser.h"
#include "core/structured/types.h"

namespace tideline::structured {

using expr::Node;
using expr::NodeKind;
using expr::NodePtr;

namespace {




// Rewrites column references of a parsed tree to "#i", with Spark's resolution rules.
class Resolver {
 public:
  Resolver(const Columns& cols, const std::vector<std::string>& extra, std::string_view text, const expr::ExprSource& src)
      : cols_(cols), extra_(extra), text_(text), src_(src) {}

  Status Walk(Node& n) {
    switch (n.kind) {
      case NodeKind::kName: return ResolveName(n);
      case NodeKind::kField: {
        Node& base = *n.children[0];
        if (base.kind == NodeKind::kName && !IsLambda(base.name) && !IsColumn(base.name) && !IsExtra(base.name)) {
          // A qualified column: alias.column
          std::vector<int> hits;
          for (size_t i = 0; i < cols_.size(); ++i)
            if (!cols_[i].qualifier.empty() && AsciiIEq(cols_[i].qualifier, base.name) && AsciiIEq(cols_[i].name, n.name))
              hits.push_back(static_cast<int>(i));
          if (hits.size() == 1) {
            n.kind = NodeKind::kName;
            n.name = ColName(hits[0]);
            n.children.clear();
            return Status::Ok();
          }
          if (hits.empty()) return Unresolved(n, base.name + "`.`" + n.name);
          return Ambiguous(n, base.name + "`.`" + n.name, hits);
        }
        return Walk(base);
      }
      case NodeKind::kLambda: {
        size_t before = lambda_.size();
        for (const auto& p : n.params) lambda_.push_back(p);
        Status st = Walk(*n.children[0]);
        lambda_.resize(before);
        return st;
      }
      default:
        for (auto& c : n.children) TL_RETURN_IF_ERROR(Walk(*c));
        return Status::Ok();
    }
  }

 private:
  bool IsLambda(const std::string& name) const {
    for (const auto& p : lambda_) if (AsciiIEq(p, name)) return true;
    return false;
  }
  bool IsColumn(const std::string& name) const {
    for (const auto& c : cols_) if (AsciiIEq(c.name, name)) return true;
    return false;
  }
  bool IsExtra(const std::string& name) const {
    for (const auto& e : extra_) if (AsciiIEq(e, name)) return true;
    return false;
  }

  Status ResolveName(Node& n) {
    if (n.name.size() > 1 && n.name[0] == '#') return Status::Ok();
    if (IsLambda(n.name)) return Status::Ok();
    std::vector<int> hits;
    for (size_t i = 0; i < cols_.size(); ++i)
      if (AsciiIEq(cols_[i].name, n.name)) hits.push_back(static_cast<int>(i));
    if (hits.size() == 1) {
      n.name = ColName(hits[0]);
      return Status::Ok();
    }
    if (hits.size() > 1) return Ambiguous(n, n.name, hits);
    if (IsExtra(n.name)) return Status::Ok();
    return Unresolved(n, n.name);
  }

  Status Unresolved(const Node& n, const std::string& name) const {
    std::vector<std::string> cands;
    for (const auto& c : cols_) cands.push_back(c.qualifier.empty() ? "`" + c.name + "`" : "`" + c.qualifier + "`.`" + c.name + "`");
    std::sort(cands.begin(), cands.end());
    return Status::Analysis(
        fmt::format("[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name `{}` cannot "
                    "be resolved. Did you mean one of the following? [{}].",
                    name, fmt::join(cands, ", ")),
        src_.At(text_, n.offset));
  }
  Status Ambiguous(const Node& n, const std::string& name, const std::vector<int>& hits) const {
    std::vector<std::string> cands;
    for (int i : hits) {
      const Column& c = cols_[static_cast<size_t>(i)];
      cands.push_back(c.qualifier.empty() ? "`" + c.name + "`" : "`" + c.qualifier + "`.`" + c.name + "`");
    }
    return Status::Analysis(fmt::format("[AMBIGUOUS_REFERENCE] Reference `{}` is ambiguous, could be: [{}].", name,
                                        fmt::join(cands, ", ")),
                            src_.At(text_, n.offset));
  }

  const Columns& cols_;
  const std::vector<std::string>& extra_;
  std::string_view text_;
  const expr::ExprSource& src_;
  std::vector<std::string> lambda_;
};

}  // namespace

// Spark's automatic column name, computed on the resolved tree so that a column
// reference prints as the column's own name.
std::string NameOf(const Node& n, const Columns& cols) {
  int c;
  if (IsColRef(n, &c)) return cols[static_cast<size_t>(c)].name;
  switch (n.kind) {
    case NodeKind::kAlias: return n.name;
    case NodeKind::kField: return NameOf(*n.children[0], cols) + "." + n.name;
    case NodeKind::kCast: return "CAST(" + NameOf(*n.children[0], cols) + " AS " + CastName(n.name) + ")";
    case NodeKind::kCall: {
      if (!n.children.empty() && n.children[0]->kind == NodeKind::kStar) return AsciiLower(n.name) + "(1)";
      std::string s = AsciiLower(n.name) + "(" + (n.distinct ? "DISTINCT " : "");
      for (size_t i = 0; i < n.children.size(); ++i) s += (i ? ", " : "") + NameOf(*n.children[i], cols);
      return s + ")";
    }
    case NodeKind::kBinary:
      return "(" + NameOf(*n.children[0], cols) + " " + n.name + " " + NameOf(*n.children[1], cols) + ")";
    default: return n.SqlName();
  }
}

std::string ResolvedNameOf(const Node& parsed, const Columns& cols, std::string_view text, const expr::ExprSource& src) {
  std::string name = NameOf(parsed, cols);
  ResolvedExpr probe;
  probe.tree = parsed.Clone();
  const std::vector<std::string> no_extra;  // named: the resolver keeps a reference to it
  Resolver res(cols, no_extra, text, src);
  if (res.Walk(*probe.tree).ok()) name = NameOf(*probe.tree, cols);
  return name;
}

const std::set<std::string>& AggregateNames() {
  static const std::set<std::string> s = {"count", "sum", "avg", "mean", "min", "max", "first", "last",
                                           "collect_list", "collect_set", "first_value", "last_value",
                                           "stddev", "std", "stddev_samp", "stddev_pop", "variance", "var_samp",
                                           "var_pop", "approx_count_distinct", "count_if", "any_value",
                                           "bool_and", "every", "bool_or", "some", "max_by", "min_by"};
  return s;
}

bool IsAggregateCall(const Node& n) {
  return n.kind == NodeKind::kCall && AggregateNames().count(AsciiLower(n.name)) > 0;
}

bool ContainsCall(const Node& n, std::string_view fn) {
  if (n.kind == NodeKind::kCall && AsciiIEq(n.name, fn)) return true;
  for (const auto& c : n.children) if (ContainsCall(*c, fn)) return true;
  return false;
}

Result<Duration> LiteralDuration(const Node& n, const std::string& what) {
  std::string text;
  if (n.kind == NodeKind::kLiteral && n.value.type() == ValueType::kString) text = std::string(n.value.str());
  else if (n.kind == NodeKind::kInterval) return Duration::Micros(n.value.as_int());
  else if (n.kind == NodeKind::kLiteral && n.value.type() == ValueType::kInt) return Duration::Micros(n.value.as_int());  // microseconds
  else return Status::Analysis(fmt::format("The {} must be a literal interval string, e.g. '10 seconds'", what));
  auto d = ParseDuration(text);
  if (!d.ok()) return Status::Analysis(fmt::format("The {} '{}' is not a valid interval: {}", what, text, d.status().message()));
  return *d;
}

std::vector<std::string> ColumnNames(const Columns& cols, bool quoted) {
  std::vector<std::string> out;
  for (const auto& c : cols) out.push_back(quoted ? "`" + c.name + "`" : c.name);
  return out;
}

// ---------------------------------------------------------------------------
// Expressions

Result<ResolvedExpr> ResolveExpr(const Node& n, std::string_view text, const Columns& cols,
                                 const std::vector<std::string>& extra, const expr::ExprSource& src) {
  ResolvedExpr r;
  r.tree = n.Clone();
  Resolver res(cols, extra, text, src);
  TL_RETURN_IF_ERROR(res.Walk(*r.tree));
  expr::Scope scope;
  for (size_t i = 0; i < cols.size(); ++i) scope.Add(ColName(static_cast<int>(i)));
  for (const auto& e : extra) scope.Add(e);
  const Node& body = Unalias(*r.tree);
  TL_ASSIGN_OR_RETURN(r.compiled, expr::Compile(body, scope, text, src));
  r.name = NameOf(*r.tree, cols);
  r.type = InferType(*r.tree, cols);
  int c;
  if (IsColRef(body, &c)) r.column = c;
  return r;
}

Result<ResolvedExpr> ResolveText(std::string_view text, const Columns& cols, const std::vector<std::string>& extra,
                                 const expr::ExprSource& src) {
  TL_ASSIGN_OR_RETURN(NodePtr n, expr::Parse(text, src));
  return ResolveExpr(*n, text, cols, extra, src);
}

void RowEnv::Bind(const Row& row, size_t extra) {
  base_ = row.size();
  if (params_.size() < row.size() + extra) params_.resize(row.size() + extra);
  for (size_t i = 0; i < row.size(); ++i) params_[i] = &row[i];
}

Value RowEnv::Eval(const expr::CompiledExpr& e, Timestamp now) {
  if (slots_.size() < static_cast<size_t>(e.num_slots())) slots_.resize(static_cast<size_t>(e.num_slots()));
  expr::EvalEnv env;
  env.slots = slots_.data();
  env.params = params_.data();
  env.now = now;
  return e.Eval(env);
}

// Output column for a resolved projection expression: name, type, and the metadata a
// plain reference or a window over an event-time column keeps.
Column ProjectedColumn(const ResolvedExpr& r, const Columns& in) {
  Column c;
  c.name = r.name;
  c.type = r.type;
  const Node& body = Unalias(*r.tree);
  int col;
  if (IsColRef(body, &col)) {
    c = in[static_cast<size_t>(col)];
    c.name = r.name;
    if (r.tree->kind == NodeKind::kAlias) c.qualifier.clear();
    return c;
  }
  if (body.kind == NodeKind::kCall && (AsciiIEq(body.name, "window") || AsciiIEq(body.name, "session_window") || AsciiIEq(body.name, "window_time")) &&
      !body.children.empty() && IsColRef(*body.children[0], &col) && in[static_cast<size_t>(col)].event_time) {
    c.event_time = true;
    c.delay = in[static_cast<size_t>(col)].delay;
  }
  return c;
}

void CollectWindowCalls(const Node& n, std::set<std::string>* out) {
  if (n.kind == NodeKind::kCall && (AsciiIEq(n.name, "window") || AsciiIEq(n.name, "session_window"))) out->insert(n.SqlName());
  for (const auto& c : n.children) CollectWindowCalls(*c, out);
}

Status MultipleWindowsError() {
  return Status::Analysis(
      "Multiple time/session window expressions would result in a cartesian product of rows, therefore they are "
      "currently not supported.");
}


expr::CompiledExpr PassThrough(int i, const Columns& in) { return ResolveText(ColName(i), in)->compiled; }

void AddPassThrough(PlanNode* node, int i, const Columns& in) {
  auto& project_op = node->as<ProjectOp>();
  project_op.exprs.push_back(PassThrough(i, in));
  project_op.expr_trees.push_back(RefTree(i));
}

}  // namespace tideline::structured
