// The DataFrame builder and the analysis it performs: name resolution with
// qualifiers and Spark's case-insensitive rules, automatic column names, type
// inference, event-time metadata, and the checks Spark's analyzer makes when a
// Dataset method is called.
#include "core/structured/dataframe.h"

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

// Spark's automatic column name, computed on the resolved tree so that a column
// reference prints as the column's own name.
std::string NameOf(const Node& n, const Columns& cols) {
  int c;
  if (IsColRef(n, &c)) return cols[static_cast<size_t>(c)].name;
  switch (n.kind) {
    case NodeKind::kAlias: return n.name;
    case NodeKind::kField: return NameOf(*n.children[0], cols) + "." + n.name;
    case NodeKind::kCast: {
      std::string t = n.name;
      for (char& ch : t) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      if (t == "LONG") t = "BIGINT";
      if (t == "INTEGER") t = "INT";
      return "CAST(" + NameOf(*n.children[0], cols) + " AS " + t + ")";
    }
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

const std::string kWindowType = "STRUCT<start:TIMESTAMP,end:TIMESTAMP>";

std::vector<std::string> ColumnNames(const Columns& cols, bool quoted) {
  std::vector<std::string> out;
  for (const auto& c : cols) out.push_back(quoted ? "`" + c.name + "`" : c.name);
  return out;
}

}  // namespace

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

// ---------------------------------------------------------------------------
// DataFrame

// A projection that passes column i of `in` through unchanged.
static expr::CompiledExpr PassThrough(int i, const Columns& in) { return ResolveText(ColName(i), in)->compiled; }

// A projection of input column i as it is (its compiled expression and its tree).
static void AddPassThrough(PlanNode* node, int i, const Columns& in) {
  node->exprs.push_back(PassThrough(i, in));
  node->expr_trees.push_back(RefTree(i));
}


DataFrame DataFrame::Source(const std::string& name, const Schema& schema, bool streaming) {
  auto node = std::make_shared<PlanNode>();
  node->kind = OpKind::kSource;
  node->source = name;
  node->streaming = streaming;
  for (const Field& f : schema.fields) {
    Column c;
    c.name = f.name;
    c.type = f.type == "LONG" ? "BIGINT" : f.type;
    c.nullable = f.nullable;
    node->out.push_back(c);
  }
  node->describe = fmt::format("{} {}", streaming ? "StreamingRelation" : "LocalRelation", name);
  return DataFrame(node, Status::Ok());
}

const Columns& DataFrame::columns() const {
  static const Columns empty;
  return plan_ ? plan_->out : empty;
}

DataFrame DataFrame::Derive(std::shared_ptr<PlanNode> node) const {
  node->children.insert(node->children.begin(), plan_);
  bool streaming = false;
  for (const auto& c : node->children) streaming = streaming || c->streaming;
  node->streaming = streaming;
  return DataFrame(std::move(node), Status::Ok());
}

namespace {

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

}  // namespace

namespace {

void CollectWindowCalls(const Node& n, std::set<std::string>* out) {
  if (n.kind == NodeKind::kCall && (AsciiIEq(n.name, "window") || AsciiIEq(n.name, "session_window"))) out->insert(n.SqlName());
  for (const auto& c : n.children) CollectWindowCalls(*c, out);
}

Status MultipleWindowsError() {
  return Status::Analysis(
      "Multiple time/session window expressions would result in a cartesian product of rows, therefore they are "
      "currently not supported.");
}

}  // namespace

DataFrame DataFrame::SelectExpr(const std::vector<std::string>& exprs, const std::vector<expr::ExprSource>& srcs) const {
  if (!ok()) return *this;
  auto node = std::make_shared<PlanNode>();
  node->kind = OpKind::kProject;
  const Columns& in = columns();
  std::vector<std::string> names;
  std::set<std::string> windows;  // distinct window()/session_window() expressions (TimeWindowing)
  for (size_t i = 0; i < exprs.size(); ++i) {
    expr::ExprSource src = i < srcs.size() ? srcs[i] : expr::ExprSource{};
    auto parsed = expr::Parse(exprs[i], src);
    if (!parsed.ok()) return Failed(parsed.status());
    const Node& body = Unalias(**parsed);
    CollectWindowCalls(**parsed, &windows);
    if (windows.size() > 1) return Failed(MultipleWindowsError());
    // A tumbling window() drops rows without a time (TimeWindowing adds IsNotNull); a
    // sliding one expands each row into its windows (Expand + Filter), as a generator.
    if (body.kind == NodeKind::kCall && AsciiIEq(body.name, "window") && body.children.size() >= 2) {
      auto time = ResolveExpr(*body.children[0], exprs[i], in, {}, src);
      if (!time.ok()) return Failed(time.status());
      node->not_null.push_back(time->compiled);
      auto size = LiteralDuration(*body.children[1], "window duration");
      auto slide = body.children.size() > 2 ? LiteralDuration(*body.children[2], "slide duration") : size;
      if (size.ok() && slide.ok() && *slide != *size) {
        if (node->generator >= 0)
          return Failed(Status::Analysis("[UNSUPPORTED_GENERATOR.MULTI_GENERATOR] The generator is not supported: only one generator allowed per SELECT clause but found 2."));
        NodePtr gen = std::make_unique<Node>(NodeKind::kCall, body.offset);
        gen->name = "__sliding_windows";
        gen->children.push_back(body.children[0]->Clone());
        auto micros = [&](int64_t us) {
          NodePtr lit = std::make_unique<Node>(NodeKind::kLiteral, body.offset);
          lit->value = Value::Int(us);
          return lit;
        };
        gen->children.push_back(micros(size->micros()));
        gen->children.push_back(micros(slide->micros()));
        Duration start;
        if (body.children.size() > 3) {
          auto st = LiteralDuration(*body.children[3], "start time");
          if (!st.ok()) return Failed(st.status());
          start = *st;
        }
        gen->children.push_back(micros(start.micros()));
        auto arg = ResolveExpr(*gen, exprs[i], in, {}, src);
        if (!arg.ok()) return Failed(arg.status());
        node->generator = static_cast<int>(node->exprs.size());
        node->exprs.push_back(arg->compiled);
        node->expr_trees.push_back(nullptr);
        Column c;
        c.name = (*parsed)->kind == NodeKind::kAlias ? (*parsed)->name : "window";
        c.type = kWindowType;
        c.nullable = false;
        int col;
        if (IsColRef(*time->tree, &col) && in[static_cast<size_t>(col)].event_time) {
          c.event_time = true;
          c.delay = in[static_cast<size_t>(col)].delay;
        }
        node->out.push_back(c);
        continue;
      }
    }
    if (body.kind == NodeKind::kStar) {
      for (size_t k = 0; k < in.size(); ++k) {
        AddPassThrough(node.get(), static_cast<int>(k), in);
        node->out.push_back(in[k]);
      }
      continue;
    }
    if (body.kind == NodeKind::kCall && AsciiIEq(body.name, "explode")) {
      if (node->generator >= 0)
        return Failed(Status::Analysis("[UNSUPPORTED_GENERATOR.MULTI_GENERATOR] The generator is not supported: only one generator allowed per SELECT clause but found 2: \"explode\"."));
      if (body.children.size() != 1)
        return Failed(Status::Analysis("[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `explode` requires 1 parameters but the actual number is " +
                                       std::to_string(body.children.size()) + "."));
      node->generator = static_cast<int>(node->exprs.size());
      auto arg = ResolveExpr(*body.children[0], exprs[i], in, {}, src);
      if (!arg.ok()) return Failed(arg.status());
      node->exprs.push_back(arg->compiled);
      node->expr_trees.push_back(nullptr);
      Column c;
      c.name = (*parsed)->kind == NodeKind::kAlias ? (*parsed)->name : "col";
      c.type = ElementType(arg->type);
      node->out.push_back(c);
      continue;
    }
    auto r = ResolveExpr(**parsed, exprs[i], in, {}, src);
    if (!r.ok()) return Failed(r.status());
    node->exprs.push_back(r->compiled);
    node->out.push_back(ProjectedColumn(*r, in));
    node->expr_trees.push_back(std::shared_ptr<const Node>(r->tree.release()));
  }
  // ResolveWindowTime: window_time(w) takes the event-time metadata over from w, so the
  // window column passed on beside it no longer carries it.
  for (size_t i = 0; i < node->expr_trees.size(); ++i) {
    const auto& t = node->expr_trees[i];
    if (!t) continue;
    const Node& body = Unalias(*t);
    int col;
    if (body.kind != NodeKind::kCall || !AsciiIEq(body.name, "window_time") || body.children.empty() ||
        !IsColRef(*body.children[0], &col) || !in[static_cast<size_t>(col)].event_time)
      continue;
    for (size_t j = 0; j < node->expr_trees.size(); ++j) {
      int other;
      if (j != i && node->expr_trees[j] && IsColRef(Unalias(*node->expr_trees[j]), &other) && other == col)
        node->out[j].event_time = false;
    }
  }
  std::vector<std::string> shown;
  for (const auto& c : node->out) shown.push_back(c.name);
  node->describe = fmt::format("Project [{}]", fmt::join(shown, ", "));
  return Derive(node);
}

DataFrame DataFrame::Where(const std::string& cond, const expr::ExprSource& src) const {
  if (!ok()) return *this;
  auto r = ResolveText(cond, columns(), {}, src);
  if (!r.ok()) return Failed(r.status());
  if (!r->type.empty() && r->type != "BOOLEAN" && r->type != "VOID")
    return Failed(Status::Analysis(fmt::format(
        "[DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN] Cannot resolve \"{}\" due to data type mismatch: Filter expression \"{}\" of type \"{}\" is not a boolean.",
        r->name, r->name, r->type)));
  auto node = std::make_shared<PlanNode>();
  node->kind = OpKind::kFilter;
  node->cond = r->compiled;
  node->cond_tree = std::shared_ptr<const Node>(r->tree.release());
  node->out = columns();
  node->describe = "Filter " + r->name;
  return Derive(node);
}

DataFrame DataFrame::WithColumn(const std::string& name, const std::string& e, const expr::ExprSource& src) const {
  if (!ok()) return *this;
  const Columns& in = columns();
  std::vector<std::string> exprs;
  std::vector<expr::ExprSource> srcs;
  bool replaced = false;
  for (size_t i = 0; i < in.size(); ++i) {
    if (AsciiIEq(in[i].name, name) && !replaced) {
      exprs.push_back("(" + e + ") AS `" + name + "`");
      replaced = true;
    } else {
      exprs.push_back(ColName(static_cast<int>(i)));
    }
    srcs.push_back({});
  }
  if (!replaced) exprs.push_back("(" + e + ") AS `" + name + "`");
  // Syntax errors point into the user's text, not into the wrapper.
  auto parsed = expr::Parse(e, src);
  if (!parsed.ok()) return Failed(parsed.status());
  auto check = ResolveExpr(**parsed, e, in, {}, src);
  if (!check.ok()) return Failed(check.status());
  DataFrame out = SelectExpr(exprs, srcs);
  if (out.ok()) const_cast<PlanNode*>(out.plan_.get())->describe = fmt::format("Project [*, {} AS {}]", check->name, name);
  return out;
}

DataFrame DataFrame::WithColumnRenamed(const std::string& from, const std::string& to) const {
  if (!ok()) return *this;
  auto node = std::make_shared<PlanNode>();
  node->kind = OpKind::kProject;
  const Columns& in = columns();
  for (size_t i = 0; i < in.size(); ++i) {
    AddPassThrough(node.get(), static_cast<int>(i), in);
    Column c = in[i];
    if (AsciiIEq(c.name, from)) {
      c.name = to;
      c.qualifier.clear();
    }
    node->out.push_back(c);
  }
  node->describe = fmt::format("Project [{} AS {}]", from, to);
  return Derive(node);
}

DataFrame DataFrame::Drop(const std::vector<std::string>& cols) const {
  if (!ok()) return *this;
  auto node = std::make_shared<PlanNode>();
  node->kind = OpKind::kProject;
  const Columns& in = columns();
  for (size_t i = 0; i < in.size(); ++i) {
    bool dropped = false;
    for (const auto& d : cols) dropped = dropped || AsciiIEq(in[i].name, d);
    if (dropped) continue;
    AddPassThrough(node.get(), static_cast<int>(i), in);
    node->out.push_back(in[i]);
  }
  node->describe = fmt::format("Project [drop {}]", fmt::join(cols, ", "));
  return Derive(node);
}

DataFrame DataFrame::WithWatermark(const std::string& column, const std::string& delay) const {
  if (!ok()) return *this;
  auto d = ParseDuration(delay);
  if (!d.ok())
    return Failed(Status::Analysis(fmt::format("[CANNOT_PARSE_INTERVAL] Unable to parse '{}'. Please ensure that the value "
                                               "provided is in a valid format for defining an interval.",
                                               delay)));
  if (d->micros() < 0)
    return Failed(Status::Analysis(fmt::format("requirement failed: delay threshold ({}) should not be negative.", delay)));
  auto r = ResolveText(column, columns());
  if (!r.ok()) return Failed(r.status());
  if (r->column < 0) return Failed(Status::Analysis(fmt::format("withWatermark needs a column name, not '{}'", column)));
  const Column& c = columns()[static_cast<size_t>(r->column)];
  if (c.type != "TIMESTAMP" && c.type != kWindowType && !c.type.empty())
    return Failed(Status::Analysis(fmt::format(
        "Event time must be defined on a window or a timestamp, but {} is of type {}.", c.name, CatalogString(c.type))));
  auto node = std::make_shared<PlanNode>();
  node->kind = OpKind::kWatermark;
  node->out = columns();
  // Spark's EventTimeWatermark: the column gets the delay; any other column loses its mark.
  for (auto& col : node->out) col.event_time = false;
  node->out[static_cast<size_t>(r->column)].event_time = true;
  node->out[static_cast<size_t>(r->column)].delay = *d;
  node->event_time_col = r->column;
  node->delay = *d;
  node->describe = fmt::format("EventTimeWatermark {}: {}", c.name, delay);
  return Derive(node);
}

DataFrame DataFrame::As(const std::string& alias) const {
  if (!ok()) return *this;
  auto node = std::make_shared<PlanNode>();
  node->kind = OpKind::kProject;
  const Columns& in = columns();
  for (size_t i = 0; i < in.size(); ++i) {
    AddPassThrough(node.get(), static_cast<int>(i), in);
    Column c = in[i];
    c.qualifier = alias;
    node->out.push_back(c);
  }
  node->describe = "SubqueryAlias " + alias;
  return Derive(node);
}

GroupedData DataFrame::GroupBy(const std::vector<std::string>& exprs, const std::vector<expr::ExprSource>& srcs) const {
  GroupedData g;
  g.df_ = *this;
  g.keys_ = exprs;
  g.srcs_ = srcs;
  return g;
}

namespace {

// Replaces aggregate calls by references to their results (#(nk + i)) and resolves the
// other names against the grouping columns.
Status ExtractAggregates(Node& n, const Columns& in, const Columns& keys, std::string_view text,
                         const expr::ExprSource& src, std::vector<AggFunc>* aggs, bool inside_lambda = false) {
  if (IsAggregateCall(n)) {
    AggFunc f;
    f.fn = AsciiLower(n.name);
    if (f.fn == "mean") f.fn = "avg";
    if (f.fn == "first_value" || f.fn == "any_value") f.fn = "first";
    if (f.fn == "last_value") f.fn = "last";
    if (f.fn == "std" || f.fn == "stddev") f.fn = "stddev_samp";
    if (f.fn == "variance") f.fn = "var_samp";
    if (f.fn == "every") f.fn = "bool_and";
    if (f.fn == "some") f.fn = "bool_or";
    f.distinct = n.distinct;
    if (n.children.size() == 1 && n.children[0]->kind == NodeKind::kStar) {
      if (f.fn != "count") return Status::Analysis(fmt::format("Invalid usage of '*' in expression '{}'.", f.fn));
      f.star = true;
    } else {
      const size_t want = f.fn == "max_by" || f.fn == "min_by" ? 2 : 1;
      if (n.children.size() != want && !(want == 1 && n.children.size() == 2))
        return Status::Analysis(fmt::format("[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `{}` requires {} parameters but the actual number is {}.",
                                            AsciiLower(n.name), want, n.children.size()));
      if (want == 2) {
        // max_by(x, ord): the buffer reads [x, ord] as one array.
        NodePtr pair = std::make_unique<Node>(NodeKind::kArray, n.offset);
        pair->children.push_back(n.children[0]->Clone());
        pair->children.push_back(n.children[1]->Clone());
        TL_ASSIGN_OR_RETURN(ResolvedExpr r, ResolveExpr(*pair, text, in, {}, src));
        TL_ASSIGN_OR_RETURN(ResolvedExpr x, ResolveExpr(*n.children[0], text, in, {}, src));
        f.arg = r.compiled;
        f.arg_type = x.type;
      } else {
        TL_ASSIGN_OR_RETURN(ResolvedExpr r, ResolveExpr(*n.children[0], text, in, {}, src));
        f.arg = r.compiled;
        f.arg_type = r.type;
      }
    }
    int idx = static_cast<int>(keys.size() + aggs->size());
    aggs->push_back(std::move(f));
    n.kind = NodeKind::kName;
    n.name = ColName(idx);
    n.children.clear();
    return Status::Ok();
  }
  if (n.kind == NodeKind::kName && !inside_lambda && !(n.name.size() > 1 && n.name[0] == '#')) {
    for (size_t i = 0; i < keys.size(); ++i)
      if (AsciiIEq(keys[i].name, n.name)) { n.name = ColName(static_cast<int>(i)); return Status::Ok(); }
    std::vector<std::string> cands;
    for (const auto& k : keys) cands.push_back("`" + k.name + "`");
    bool is_input = false;
    for (const auto& c : in) is_input = is_input || AsciiIEq(c.name, n.name);
    if (is_input)
      return Status::Analysis(fmt::format("[MISSING_AGGREGATION] The non-aggregating expression \"{}\" is based on columns "
                                          "which are not participating in the GROUP BY clause.",
                                          n.name));
    return Status::Analysis(fmt::format("[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with "
                                        "name `{}` cannot be resolved. Did you mean one of the following? [{}].",
                                        n.name, fmt::join(cands, ", ")));
  }
  bool lam = inside_lambda || n.kind == NodeKind::kLambda;
  for (auto& c : n.children) TL_RETURN_IF_ERROR(ExtractAggregates(*c, in, keys, text, src, aggs, lam));
  return Status::Ok();
}

std::string AggType(const AggFunc& f) {
  if (f.fn == "count") return "BIGINT";
  if (f.fn == "avg") return "DOUBLE";
  if (f.fn == "sum") return f.arg_type == "DOUBLE" ? "DOUBLE" : (IsIntegral(f.arg_type) ? "BIGINT" : f.arg_type);
  if (f.fn == "collect_list" || f.fn == "collect_set") return "ARRAY<" + f.arg_type + ">";
  if (f.fn.rfind("stddev", 0) == 0 || f.fn.rfind("var_", 0) == 0) return "DOUBLE";
  if (f.fn == "approx_count_distinct" || f.fn == "count_if") return "BIGINT";
  if (f.fn == "bool_and" || f.fn == "bool_or") return "BOOLEAN";
  return f.arg_type;
}

}  // namespace

DataFrame GroupedData::Agg(const std::vector<std::string>& exprs, const std::vector<expr::ExprSource>& srcs) const {
  if (!df_.ok()) return df_;
  {
    std::set<std::string> windows;
    for (size_t i = 0; i < keys_.size(); ++i)
      if (auto parsed = expr::Parse(keys_[i], i < srcs_.size() ? srcs_[i] : expr::ExprSource{}); parsed.ok())
        CollectWindowCalls(**parsed, &windows);
    if (windows.size() > 1) return DataFrame::Failed(MultipleWindowsError());
  }
  const Columns& in = df_.columns();
  auto node = std::make_shared<PlanNode>();
  node->kind = OpKind::kAggregate;
  std::vector<std::string> key_names;
  for (size_t i = 0; i < keys_.size(); ++i) {
    expr::ExprSource src = i < srcs_.size() ? srcs_[i] : expr::ExprSource{};
    auto parsed = expr::Parse(keys_[i], src);
    if (!parsed.ok()) return DataFrame::Failed(parsed.status());
    const Node& body = Unalias(**parsed);
    bool is_window = body.kind == NodeKind::kCall && (AsciiIEq(body.name, "window") || AsciiIEq(body.name, "session_window"));
    if (is_window) {
      if (node->window_index >= 0)
        return DataFrame::Failed(Status::Analysis("[MULTIPLE_TIME_TRAVEL_SPEC] Multiple time/session window expressions would result in a cartesian product of rows, therefore they are currently not supported."));
      WindowKey& w = node->window;
      w.session = AsciiIEq(body.name, "session_window");
      size_t min_args = 2, max_args = w.session ? 2 : 4;
      if (body.children.size() < min_args || body.children.size() > max_args)
        return DataFrame::Failed(Status::Analysis(fmt::format("[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `{}` requires {} parameters but the actual number is {}.",
                                                              AsciiLower(body.name), w.session ? "2" : "[2, 3, 4]", body.children.size())));
      auto t = ResolveExpr(*body.children[0], keys_[i], in, {}, src);
      if (!t.ok()) return DataFrame::Failed(t.status());
      if (!t->type.empty() && t->type != "TIMESTAMP" && t->type != kWindowType)
        return DataFrame::Failed(Status::Analysis(fmt::format(
            "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"{}\" due to data type mismatch: The first parameter requires the \"TIMESTAMP\" type, however \"{}\" has the type \"{}\".",
            NameOf(body, in), t->name, t->type)));
      w.time = t->compiled;
      w.time_col = t->column;
      if (w.session) {
        const Node& g = *body.children[1];
        auto lit = LiteralDuration(g, "gap duration");
        if (lit.ok()) {
          w.static_gap = *lit;
          w.gap_is_static = true;
        } else {
          auto ge = ResolveExpr(g, keys_[i], in, {}, src);
          if (!ge.ok()) return DataFrame::Failed(ge.status());
          w.gap = ge->compiled;
          w.gap_is_static = false;
        }
      } else {
        auto size = LiteralDuration(*body.children[1], "window duration");
        if (!size.ok()) return DataFrame::Failed(size.status());
        w.size = *size;
        w.slide = *size;
        if (body.children.size() > 2) {
          auto s = LiteralDuration(*body.children[2], "slide duration");
          if (!s.ok()) return DataFrame::Failed(s.status());
          w.slide = *s;
        }
        if (body.children.size() > 3) {
          auto s = LiteralDuration(*body.children[3], "start time");
          if (!s.ok()) return DataFrame::Failed(s.status());
          w.start = *s;
        }
        if (w.size.micros() <= 0)
          return DataFrame::Failed(Status::Analysis("The window duration (" + w.size.ToString() + ") must be greater than 0."));
        if (w.slide.micros() <= 0)
          return DataFrame::Failed(Status::Analysis("The slide duration (" + w.slide.ToString() + ") must be greater than 0."));
        if (w.slide > w.size)
          return DataFrame::Failed(Status::Analysis(fmt::format("The slide duration ({}) must be less than or equal to the windowDuration ({}).",
                                                                w.slide.ToString(), w.size.ToString())));
      }
      node->window_index = static_cast<int>(node->keys.size());
      node->keys.emplace_back();  // placeholder: the window is computed by the operator
      Column c;
      c.name = (*parsed)->kind == NodeKind::kAlias ? (*parsed)->name : AsciiLower(body.name);
      c.type = kWindowType;
      c.nullable = false;
      {
        // The window carries the event time when its time does (a column, or window_time of one).
        std::set<int> refs;
        CollectCols(Unalias(*t->tree), &refs);
        for (int col : refs)
          if (in[static_cast<size_t>(col)].event_time) {
            c.event_time = true;
            c.delay = in[static_cast<size_t>(col)].delay;
          }
      }
      node->out.push_back(c);
      key_names.push_back(c.name);
      continue;
    }
    auto r = ResolveExpr(**parsed, keys_[i], in, {}, src);
    if (!r.ok()) return DataFrame::Failed(r.status());
    node->keys.push_back(r->compiled);
    node->out.push_back(ProjectedColumn(*r, in));
    key_names.push_back(r->name);
  }
  node->num_key_cols = static_cast<int>(node->out.size());
  Columns keys = node->out;
  expr::Scope scope;
  std::vector<std::pair<NodePtr, std::string>> results;
  for (size_t i = 0; i < exprs.size(); ++i) {
    expr::ExprSource src = i < srcs.size() ? srcs[i] : expr::ExprSource{};
    auto parsed = expr::Parse(exprs[i], src);
    if (!parsed.ok()) return DataFrame::Failed(parsed.status());
    std::string name = NameOf(**parsed, in);
    {
      // Names print as the input's columns.
      ResolvedExpr probe;
      probe.tree = (*parsed)->Clone();
      Resolver res(in, {}, exprs[i], src);
      if (res.Walk(*probe.tree).ok()) name = NameOf(*probe.tree, in);
    }
    NodePtr tree = (*parsed)->Clone();
    size_t before = node->aggs.size();
    Status st = ExtractAggregates(*tree, in, keys, exprs[i], src, &node->aggs);
    if (!st.ok()) return DataFrame::Failed(st);
    (void)before;
    results.emplace_back(std::move(tree), name);
  }
  for (size_t i = 0; i < keys.size() + node->aggs.size(); ++i) scope.Add(ColName(static_cast<int>(i)));
  Columns scope_cols = keys;
  for (const auto& a : node->aggs) {
    Column c;
    c.type = AggType(a);
    scope_cols.push_back(c);
  }
  for (size_t i = 0; i < results.size(); ++i) {
    const Node& body = Unalias(*results[i].first);
    auto c = expr::Compile(body, scope, exprs[i], i < srcs.size() ? srcs[i] : expr::ExprSource{});
    if (!c.ok()) return DataFrame::Failed(c.status());
    node->results.push_back(*c);
    Column col;
    col.name = results[i].second;
    col.type = InferType(*results[i].first, scope_cols);
    node->out.push_back(col);
  }
  std::vector<std::string> shown;
  for (size_t i = static_cast<size_t>(node->num_key_cols); i < node->out.size(); ++i) shown.push_back(node->out[i].name);
  node->describe = fmt::format("Aggregate [{}], [{}]", fmt::join(key_names, ", "), fmt::join(shown, ", "));
  return df_.Derive(node);
}

DataFrame DataFrame::DropDuplicates(const std::vector<std::string>& cols) const {
  if (!ok()) return *this;
  auto node = std::make_shared<PlanNode>();
  node->kind = OpKind::kDedup;
  node->out = columns();
  if (cols.empty()) {
    for (size_t i = 0; i < node->out.size(); ++i) node->dedup_cols.push_back(static_cast<int>(i));
  } else {
    for (const auto& c : cols) {
      int found = -1;
      for (size_t i = 0; i < node->out.size(); ++i)
        if (AsciiIEq(node->out[i].name, c)) found = static_cast<int>(i);
      if (found < 0)
        return Failed(Status::Analysis(fmt::format("[UNRESOLVED_COLUMN_AMONG_FIELD_NAMES] Cannot resolve column name \"{}\" among ({}).",
                                                   c, fmt::join(ColumnNames(columns(), false), ", "))));
      node->dedup_cols.push_back(found);
    }
  }
  node->describe = fmt::format("Deduplicate [{}]", fmt::join(cols, ", "));
  return Derive(node);
}

DataFrame DataFrame::DropDuplicatesWithinWatermark(const std::vector<std::string>& cols) const {
  DataFrame d = DropDuplicates(cols);
  if (!d.ok()) return d;
  const_cast<PlanNode*>(d.plan_.get())->within_watermark = true;
  const_cast<PlanNode*>(d.plan_.get())->describe = fmt::format("DeduplicateWithinWatermark [{}]", fmt::join(cols, ", "));
  return d;
}

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
  int k = node->left_key_event >= 0 ? node->left_key_event : node->right_key_event;
  node->left_key_event = node->right_key_event = k;
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
  node->kind = OpKind::kJoin;
  node->join_type = type;
  node->cond = cond->compiled;
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
    if (node->left_key_event < 0 && has_event(*lk, 0)) node->left_key_event = static_cast<int>(node->left_keys.size());
    if (node->right_key_event < 0 && has_event(*rk, 0)) node->right_key_event = static_cast<int>(node->right_keys.size());
    node->left_keys.push_back(*lc);
    node->right_keys.push_back(*rc);
  }
  for (const Node* c : conj) {
    std::set<int> refs;
    CollectCols(*c, &refs);
    if (refs.empty()) continue;
    expr::Scope ls, rs;
    for (size_t i = 0; i < l.size(); ++i) ls.Add(ColName(static_cast<int>(i)));
    for (size_t i = 0; i < r.size(); ++i) rs.Add(ColName(static_cast<int>(i)));
    if (*refs.rbegin() < nl) {
      auto f = expr::Compile(*c, ls, on, src);
      if (f.ok()) node->left_filters.push_back(*f);
    } else if (*refs.begin() >= nl) {
      NodePtr t = c->Clone();
      Shift(*t, nl);
      auto f = expr::Compile(*t, rs, on, src);
      if (f.ok()) node->right_filters.push_back(*f);
    }
  }
  SharedEventKey(node.get());
  node->cond_tree = std::shared_ptr<const Node>(cond->tree->Clone().release());
  node->out = JoinColumns(l, r, type);
  for (size_t i = 0; i < node->out.size(); ++i) node->pick.push_back(static_cast<int>(i));
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
  node->kind = OpKind::kJoin;
  node->join_type = type;
  node->using_join = true;
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
    if (node->left_key_event < 0 && l[static_cast<size_t>(li)].event_time) node->left_key_event = static_cast<int>(node->using_cols.size());
    if (node->right_key_event < 0 && r[static_cast<size_t>(ri)].event_time) node->right_key_event = static_cast<int>(node->using_cols.size());
    node->using_cols.emplace_back(li, ri);
    node->left_keys.push_back(PassThrough(li, l));
    node->right_keys.push_back(PassThrough(ri, r));
    if (!cond_text.empty()) cond_text += " AND ";
    cond_text += fmt::format("{} = {}", ColName(li), ColName(nl + ri));
  }
  Columns both = l;
  both.insert(both.end(), r.begin(), r.end());
  if (!cond_text.empty()) {
    auto resolved = ResolveText(cond_text, both);
    node->cond = resolved->compiled;
    node->cond_tree = std::shared_ptr<const Node>(resolved->tree.release());
  }
  SharedEventKey(node.get());
  // Output: the keys once (from the preserved side; coalesced for a full outer join),
  // then the other columns of the left, then of the right.
  for (size_t k = 0; k < node->using_cols.size(); ++k) {
    auto [li, ri] = node->using_cols[k];
    Column c;
    if (type == JoinType::kRightOuter) {
      c = r[static_cast<size_t>(ri)];
      node->pick.push_back(nl + ri);
    } else if (type == JoinType::kFullOuter) {
      c = l[static_cast<size_t>(li)];
      c.nullable = l[static_cast<size_t>(li)].nullable || r[static_cast<size_t>(ri)].nullable;
      node->pick.push_back(-1 - static_cast<int>(k));
    } else {
      c = l[static_cast<size_t>(li)];
      node->pick.push_back(li);
    }
    node->out.push_back(c);
  }
  for (size_t i = 0; i < l.size(); ++i) {
    if (l_key[i]) continue;
    Column c = l[i];
    if (type == JoinType::kRightOuter || type == JoinType::kFullOuter) c.nullable = true;
    node->out.push_back(c);
    node->pick.push_back(static_cast<int>(i));
  }
  if (type != JoinType::kLeftSemi && type != JoinType::kLeftAnti) {
    for (size_t i = 0; i < r.size(); ++i) {
      if (r_key[i]) continue;
      Column c = r[i];
      if (type == JoinType::kLeftOuter || type == JoinType::kFullOuter) c.nullable = true;
      node->out.push_back(c);
      node->pick.push_back(nl + static_cast<int>(i));
    }
  }
  node->describe = fmt::format("Join {}, using [{}]", JoinTypeSparkName(type), fmt::join(cols, ", "));
  node->children.push_back(right.plan_);
  return Derive(node);
}

DataFrame DataFrame::Union(const DataFrame& other) const {
  if (!ok()) return *this;
  if (!other.ok()) return other;
  if (columns().size() != other.columns().size())
    return Failed(Status::Analysis(fmt::format(
        "[NUM_COLUMNS_MISMATCH] UNION can only be performed on inputs with the same number of columns, but the first input has "
        "{} columns and the second input has {} columns.",
        columns().size(), other.columns().size())));
  auto node = std::make_shared<PlanNode>();
  node->kind = OpKind::kUnion;
  node->out = columns();
  for (size_t i = 0; i < node->out.size(); ++i) {
    node->out[i].nullable = node->out[i].nullable || other.columns()[i].nullable;
    node->out[i].qualifier.clear();
  }
  node->children.push_back(other.plan_);
  node->describe = "Union";
  return Derive(node);
}

DataFrame DataFrame::OrderBy(const std::vector<std::string>& exprs, const std::vector<expr::ExprSource>& srcs) const {
  if (!ok()) return *this;
  auto node = std::make_shared<PlanNode>();
  node->kind = OpKind::kSort;
  node->out = columns();
  for (size_t i = 0; i < exprs.size(); ++i) {
    std::string text = exprs[i];
    bool asc = true;
    std::string low = AsciiLower(text);
    auto ends = [&](std::string_view suffix) {
      return low.size() > suffix.size() && low.compare(low.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (ends(" desc")) { asc = false; text = text.substr(0, text.size() - 5); }
    else if (ends(" asc")) { text = text.substr(0, text.size() - 4); }
    auto r = ResolveText(text, columns(), {}, i < srcs.size() ? srcs[i] : expr::ExprSource{});
    if (!r.ok()) return Failed(r.status());
    node->sort_keys.push_back(r->compiled);
    node->ascending.push_back(asc);
  }
  node->describe = fmt::format("Sort [{}]", fmt::join(exprs, ", "));
  return Derive(node);
}

DataFrame DataFrame::Limit(int64_t n) const {
  if (!ok()) return *this;
  if (n < 0)
    return Failed(Status::Analysis(fmt::format("[INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE] The limit like expression \"{}\" is invalid. The limit expression must be equal to or greater than 0, but got {}.", n, n)));
  auto node = std::make_shared<PlanNode>();
  node->kind = OpKind::kLimit;
  node->out = columns();
  node->limit = n;
  node->describe = fmt::format("GlobalLimit {}", n);
  return Derive(node);
}

DataFrame DataFrame::FlatMapGroupsWithState(const GroupStateDef& def, const expr::ExprSource& src) const {
  if (!ok()) return *this;
  const Columns& in = columns();
  auto spec = std::make_shared<GroupStateSpec>();
  spec->flat = def.flat;
  if (def.output_mode == "append") spec->op_mode = OutputMode::kAppend;
  else if (def.output_mode == "update") spec->op_mode = OutputMode::kUpdate;
  else if (def.output_mode == "complete")  // KeyValueGroupedDataset.flatMapGroupsWithState
    return Failed(Status::InvalidArgument("The output mode of function should be append or update"));
  else return Failed(Status::Analysis(fmt::format("Unknown output mode {}. Accepted output modes are 'append', 'complete', 'update'", def.output_mode)));
  if (def.timeout == "none" || def.timeout == "NoTimeout") spec->timeout = GroupStateSpec::Timeout::kNone;
  else if (def.timeout == "processingTime" || def.timeout == "ProcessingTimeTimeout") spec->timeout = GroupStateSpec::Timeout::kProcessingTime;
  else if (def.timeout == "eventTime" || def.timeout == "EventTimeTimeout") spec->timeout = GroupStateSpec::Timeout::kEventTime;
  else return Failed(Status::Analysis(fmt::format("unknown timeout '{}' (none, processingTime or eventTime)", def.timeout)));
  std::vector<std::string> key_names;
  for (const auto& k : def.group_by) {
    int found = -1;
    for (size_t i = 0; i < in.size(); ++i) if (AsciiIEq(in[i].name, k)) found = static_cast<int>(i);
    if (found < 0) return Failed(ResolveText(k, in).status());
    spec->key_cols.push_back(found);
    key_names.push_back(in[static_cast<size_t>(found)].name);
  }
  std::vector<std::string> row_names;
  for (const auto& c : in) row_names.push_back(c.name);
  spec->row_type = StructType::Get(row_names);
  spec->key_type = StructType::Get(key_names);
  // The scope: key columns, key, rows, state, hasTimedOut, watermark, now, let names, newState.
  std::vector<std::string> scope = key_names;
  // A grouping column's name wins over the names of the state function.
  for (const char* s : {"key", "rows", "state", "hasTimedOut", "watermark", "now"}) {
    bool taken = false;
    for (const auto& k : key_names) taken = taken || AsciiIEq(k, s);
    scope.push_back(taken ? std::string("#shadowed_") + s : s);
  }
  for (const auto& [name, text] : def.let) scope.push_back(name);
  scope.push_back("newState");
  spec->scope = scope;
  expr::Scope sc;
  for (const auto& s : scope) sc.Add(s);
  auto compile = [&](const std::string& text) -> Result<expr::CompiledExpr> {
    return expr::CompileText(text, sc, src);
  };
  for (const auto& [name, text] : def.let) {
    auto c = compile(text);
    if (!c.ok()) return Failed(c.status());
    spec->let.emplace_back(name, *c);
  }
  auto opt = [&](const std::string& text, std::optional<expr::CompiledExpr>* out) -> Status {
    if (text.empty()) return Status::Ok();
    TL_ASSIGN_OR_RETURN(expr::CompiledExpr c, compile(text));
    *out = c;
    return Status::Ok();
  };
  Status st = opt(def.update, &spec->update);
  if (st.ok()) st = opt(def.remove, &spec->remove);
  if (st.ok()) st = opt(def.emit_all, &spec->emit_all);
  if (st.ok()) st = opt(def.set_timeout, &spec->set_timeout);
  if (!st.ok()) return Failed(st);
  for (const auto& e : def.emit) {
    auto c = compile(e);
    if (!c.ok()) return Failed(c.status());
    spec->emit.push_back(*c);
  }
  auto node = std::make_shared<PlanNode>();
  node->kind = OpKind::kGroupState;
  node->group_state = spec;
  // Output columns: the fields of the emitted structs. Their names come from the first emit
  // expression's aliases (the struct's field names), found when the first row is made;
  // statically, from `AS name` parts of a struct(...) call.
  auto fields_of = [&](const std::string& text) {
    std::vector<std::string> names;
    auto p = expr::Parse(text);
    if (!p.ok()) return names;
    const Node* n = p->get();
    if (n->kind == NodeKind::kCall && (AsciiIEq(n->name, "transform")) && n->children.size() == 2 &&
        n->children[1]->kind == NodeKind::kLambda)
      n = n->children[1]->children[0].get();
    if (n->kind == NodeKind::kCall && AsciiIEq(n->name, "struct")) {
      for (size_t i = 0; i < n->children.size(); ++i) {
        const Node& f = *n->children[i];
        if (f.kind == NodeKind::kAlias) names.push_back(f.name);
        else if (f.kind == NodeKind::kName) names.push_back(f.name);
        else if (f.kind == NodeKind::kField) names.push_back(f.name);
        else names.push_back("col" + std::to_string(i + 1));
      }
    }
    return names;
  };
  std::vector<std::string> out_names = !def.emit.empty() ? fields_of(def.emit[0]) : fields_of(def.emit_all);
  for (const auto& n : out_names) {
    Column c;
    c.name = n;
    node->out.push_back(c);
  }
  node->describe = fmt::format("{} [{}]", def.flat ? "FlatMapGroupsWithState" : "MapGroupsWithState", fmt::join(key_names, ", "));
  return Derive(node);
}

}  // namespace tideline::structured
