// groupBy(...).agg(...): the keys, time and session windows, aggregate functions and
// result expressions of an Aggregate node, with Spark's analysis errors.
#include "core/structured/dataframe.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "core/common/limits.h"
#include "core/common/strings.h"
#include "core/expr/parser.h"
#include "core/structured/resolution.h"
#include "core/structured/types.h"

namespace tideline::structured {

using expr::Node;
using expr::NodeKind;
using expr::NodePtr;

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

SqlType AggType(const AggFunc& f) {
  if (f.fn == "count" || f.fn == "approx_count_distinct" || f.fn == "count_if") return ScalarType(SqlKind::kBigInt);
  if (f.fn == "avg" || f.fn.rfind("stddev", 0) == 0 || f.fn.rfind("var_", 0) == 0) return ScalarType(SqlKind::kDouble);
  if (f.fn == "sum") return IsIntegral(f.arg_type) ? ScalarType(SqlKind::kBigInt) : f.arg_type;
  if (f.fn == "collect_list" || f.fn == "collect_set") return ArrayOf(f.arg_type);
  if (f.fn == "bool_and" || f.fn == "bool_or") return ScalarType(SqlKind::kBoolean);
  return f.arg_type;
}

}  // namespace

namespace {

// The durations of window(time, size[, slide[, start]]), checked as TimeWindow checks them.
Status ReadTimeWindow(const Node& body, WindowKey* w) {
  TL_ASSIGN_OR_RETURN(w->size, LiteralDuration(*body.children[1], "window duration"));
  w->slide = w->size;
  if (body.children.size() > 2) {
    TL_ASSIGN_OR_RETURN(w->slide, LiteralDuration(*body.children[2], "slide duration"));
  }
  if (body.children.size() > 3) {
    TL_ASSIGN_OR_RETURN(w->start, LiteralDuration(*body.children[3], "start time"));
  }
  if (w->size.micros() <= 0)
    return Status::Analysis("The window duration (" + w->size.ToString() + ") must be greater than 0.");
  if (w->slide.micros() <= 0)
    return Status::Analysis("The slide duration (" + w->slide.ToString() + ") must be greater than 0.");
  if (w->slide > w->size)
    return Status::Analysis(fmt::format("The slide duration ({}) must be less than or equal to the windowDuration ({}).",
                                        w->slide.ToString(), w->size.ToString()));
  // Each row belongs to size / slide windows: Spark's TimeWindowing expands it into as
  // many rows, and the pane method keeps as many panes per window.
  if (w->size.micros() / w->slide.micros() > limits::kMaxWindowPanes)
    return Status::Analysis(fmt::format(
        "A window of {} sliding by {} puts each row into {} windows; at most {} are supported (limit kMaxWindowPanes)",
        w->size.ToString(), w->slide.ToString(), w->size.micros() / w->slide.micros(), limits::kMaxWindowPanes));
  return Status::Ok();
}

// A window(...) or session_window(...) grouping key: the node's WindowKey, a placeholder
// key (the operator computes the window) and the window column.
Status AddWindowKey(const Node& parsed, const Node& body, const std::string& text, const Columns& in,
                    const expr::ExprSource& src, PlanNode* node, std::string* key_name) {
  auto& agg_op = node->as<AggregateOp>();
  WindowKey& w = agg_op.window;
  w.session = AsciiIEq(body.name, "session_window");
  size_t min_args = 2, max_args = w.session ? 2 : 4;
  if (body.children.size() < min_args || body.children.size() > max_args)
    return Status::Analysis(fmt::format("[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `{}` requires {} parameters but the actual number is {}.",
                                        AsciiLower(body.name), w.session ? "2" : "[2, 3, 4]", body.children.size()));
  TL_ASSIGN_OR_RETURN(ResolvedExpr t, ResolveExpr(*body.children[0], text, in, {}, src));
  if (t.type.kind != SqlKind::kUnknown && t.type.kind != SqlKind::kTimestamp && t.type != WindowType())
    return Status::Analysis(fmt::format(
        "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"{}\" due to data type mismatch: The first parameter requires the \"TIMESTAMP\" type, however \"{}\" has the type \"{}\".",
        NameOf(body, in), t.name, t.type.text));
  w.time = t.compiled;
  w.time_col = t.column;
  if (w.session) {
    const Node& g = *body.children[1];
    auto lit = LiteralDuration(g, "gap duration");
    if (lit.ok()) {
      w.static_gap = *lit;
      w.gap_is_static = true;
    } else {
      TL_ASSIGN_OR_RETURN(ResolvedExpr ge, ResolveExpr(g, text, in, {}, src));
      w.gap = ge.compiled;
      w.gap_is_static = false;
    }
  } else {
    TL_RETURN_IF_ERROR(ReadTimeWindow(body, &w));
  }
  agg_op.window_index = static_cast<int>(agg_op.keys.size());
  agg_op.keys.emplace_back();  // placeholder: the window is computed by the operator
  Column c;
  c.name = parsed.kind == NodeKind::kAlias ? parsed.name : AsciiLower(body.name);
  c.type = WindowType();
  c.nullable = false;
  // The window carries the event time when its time does (a column, or window_time of one).
  std::set<int> refs;
  CollectCols(Unalias(*t.tree), &refs);
  for (int col : refs)
    if (in[static_cast<size_t>(col)].event_time) {
      c.event_time = true;
      c.delay = in[static_cast<size_t>(col)].delay;
    }
  node->out.push_back(c);
  *key_name = c.name;
  return Status::Ok();
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
  auto& agg_op = node->payload.emplace<AggregateOp>();
  std::vector<std::string> key_names;
  for (size_t i = 0; i < keys_.size(); ++i) {
    expr::ExprSource src = i < srcs_.size() ? srcs_[i] : expr::ExprSource{};
    auto parsed = expr::Parse(keys_[i], src);
    if (!parsed.ok()) return DataFrame::Failed(parsed.status());
    const Node& body = Unalias(**parsed);
    bool is_window = body.kind == NodeKind::kCall && (AsciiIEq(body.name, "window") || AsciiIEq(body.name, "session_window"));
    if (is_window) {
      if (agg_op.window_index >= 0)
        return DataFrame::Failed(Status::Analysis("[MULTIPLE_TIME_TRAVEL_SPEC] Multiple time/session window expressions would result in a cartesian product of rows, therefore they are currently not supported."));
      std::string key_name;
      Status st = AddWindowKey(**parsed, body, keys_[i], in, src, node.get(), &key_name);
      if (!st.ok()) return DataFrame::Failed(st);
      key_names.push_back(key_name);
      continue;
    }
    auto r = ResolveExpr(**parsed, keys_[i], in, {}, src);
    if (!r.ok()) return DataFrame::Failed(r.status());
    agg_op.keys.push_back(r->compiled);
    node->out.push_back(ProjectedColumn(*r, in));
    key_names.push_back(r->name);
  }
  agg_op.num_key_cols = static_cast<int>(node->out.size());
  Columns keys = node->out;
  expr::Scope scope;
  std::vector<std::pair<NodePtr, std::string>> results;
  for (size_t i = 0; i < exprs.size(); ++i) {
    expr::ExprSource src = i < srcs.size() ? srcs[i] : expr::ExprSource{};
    auto parsed = expr::Parse(exprs[i], src);
    if (!parsed.ok()) return DataFrame::Failed(parsed.status());
    std::string name = ResolvedNameOf(**parsed, in, exprs[i], src);
    NodePtr tree = (*parsed)->Clone();
    size_t before = agg_op.aggs.size();
    Status st = ExtractAggregates(*tree, in, keys, exprs[i], src, &agg_op.aggs);
    if (!st.ok()) return DataFrame::Failed(st);
    (void)before;
    results.emplace_back(std::move(tree), name);
  }
  for (size_t i = 0; i < keys.size() + agg_op.aggs.size(); ++i) scope.Add(ColName(static_cast<int>(i)));
  Columns scope_cols = keys;
  for (const auto& a : agg_op.aggs) {
    Column c;
    c.type = AggType(a);
    scope_cols.push_back(c);
  }
  for (size_t i = 0; i < results.size(); ++i) {
    const Node& body = Unalias(*results[i].first);
    auto c = expr::Compile(body, scope, exprs[i], i < srcs.size() ? srcs[i] : expr::ExprSource{});
    if (!c.ok()) return DataFrame::Failed(c.status());
    agg_op.results.push_back(*c);
    Column col;
    col.name = results[i].second;
    col.type = InferType(*results[i].first, scope_cols);
    node->out.push_back(col);
  }
  std::vector<std::string> shown;
  for (size_t i = static_cast<size_t>(agg_op.num_key_cols); i < node->out.size(); ++i) shown.push_back(node->out[i].name);
  node->describe = fmt::format("Aggregate [{}], [{}]", fmt::join(key_names, ", "), fmt::join(shown, ", "));
  return df_.Derive(node);
}
}  // namespace tideline::structured
