// The DataFrame builder: projections, filters, watermarks, aliases, deduplication,
// union, sort and limit, with the checks Spark's analyzer makes when a Dataset method is
// called (name resolution is in resolution.cc; aggregation, joins and group state in
// dataframe_aggregate.cc, dataframe_join.cc and dataframe_group_state.cc).
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

// ---------------------------------------------------------------------------
// DataFrame



DataFrame DataFrame::Source(const std::string& name, const Schema& schema, bool streaming) {
  auto node = std::make_shared<PlanNode>();
  node->payload = SourceOp{name};
  node->streaming = streaming;
  for (const Field& f : schema.fields) {
    Column c;
    c.name = f.name;
    c.type = f.type;
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

// A sliding window(...) in a select: a generator that expands each row into its windows
// (TimeWindowing's Expand + Filter), with the window column it outputs.
Status AddSlidingWindows(const Node& parsed, const Node& body, const ResolvedExpr& time, Duration size, Duration slide,
                         const std::string& text, const Columns& in, const expr::ExprSource& src, PlanNode* node) {
  auto& project_op = node->as<ProjectOp>();
  if (project_op.generator >= 0)
    return Status::Analysis("[UNSUPPORTED_GENERATOR.MULTI_GENERATOR] The generator is not supported: only one generator allowed per SELECT clause but found 2.");
  NodePtr gen = std::make_unique<Node>(NodeKind::kCall, body.offset);
  gen->name = "__sliding_windows";
  gen->children.push_back(body.children[0]->Clone());
  auto micros = [&](int64_t us) {
    NodePtr lit = std::make_unique<Node>(NodeKind::kLiteral, body.offset);
    lit->value = Value::Int(us);
    return lit;
  };
  gen->children.push_back(micros(size.micros()));
  gen->children.push_back(micros(slide.micros()));
  Duration start;
  if (body.children.size() > 3) {
    TL_ASSIGN_OR_RETURN(start, LiteralDuration(*body.children[3], "start time"));
  }
  gen->children.push_back(micros(start.micros()));
  TL_ASSIGN_OR_RETURN(ResolvedExpr arg, ResolveExpr(*gen, text, in, {}, src));
  project_op.generator = static_cast<int>(project_op.exprs.size());
  project_op.exprs.push_back(arg.compiled);
  project_op.expr_trees.push_back(nullptr);
  Column c;
  c.name = parsed.kind == NodeKind::kAlias ? parsed.name : "window";
  c.type = WindowType();
  c.nullable = false;
  int col;
  if (IsColRef(*time.tree, &col) && in[static_cast<size_t>(col)].event_time) {
    c.event_time = true;
    c.delay = in[static_cast<size_t>(col)].delay;
  }
  node->out.push_back(c);
  return Status::Ok();
}

// ResolveWindowTime: window_time(w) takes the event-time metadata over from w, so the
// window column passed on beside it no longer carries it.
void ResolveWindowTime(const Columns& in, PlanNode* node) {
  auto& project_op = node->as<ProjectOp>();
  for (size_t i = 0; i < project_op.expr_trees.size(); ++i) {
    const auto& t = project_op.expr_trees[i];
    if (!t) continue;
    const Node& body = Unalias(*t);
    int col;
    if (body.kind != NodeKind::kCall || !AsciiIEq(body.name, "window_time") || body.children.empty() ||
        !IsColRef(*body.children[0], &col) || !in[static_cast<size_t>(col)].event_time)
      continue;
    for (size_t j = 0; j < project_op.expr_trees.size(); ++j) {
      int other;
      if (j != i && project_op.expr_trees[j] && IsColRef(Unalias(*project_op.expr_trees[j]), &other) && other == col)
        node->out[j].event_time = false;
    }
  }
}

}  // namespace

DataFrame DataFrame::SelectExpr(const std::vector<std::string>& exprs, const std::vector<expr::ExprSource>& srcs) const {
  if (!ok()) return *this;
  auto node = std::make_shared<PlanNode>();
  auto& project_op = node->payload.emplace<ProjectOp>();
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
      project_op.not_null.push_back(time->compiled);
      auto size = LiteralDuration(*body.children[1], "window duration");
      auto slide = body.children.size() > 2 ? LiteralDuration(*body.children[2], "slide duration") : size;
      if (size.ok() && slide.ok() && *slide != *size) {
        Status st = AddSlidingWindows(**parsed, body, *time, *size, *slide, exprs[i], in, src, node.get());
        if (!st.ok()) return Failed(st);
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
      if (project_op.generator >= 0)
        return Failed(Status::Analysis("[UNSUPPORTED_GENERATOR.MULTI_GENERATOR] The generator is not supported: only one generator allowed per SELECT clause but found 2: \"explode\"."));
      if (body.children.size() != 1)
        return Failed(Status::Analysis("[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `explode` requires 1 parameters but the actual number is " +
                                       std::to_string(body.children.size()) + "."));
      project_op.generator = static_cast<int>(project_op.exprs.size());
      auto arg = ResolveExpr(*body.children[0], exprs[i], in, {}, src);
      if (!arg.ok()) return Failed(arg.status());
      project_op.exprs.push_back(arg->compiled);
      project_op.expr_trees.push_back(nullptr);
      Column c;
      c.name = (*parsed)->kind == NodeKind::kAlias ? (*parsed)->name : "col";
      c.type = ElementType(arg->type);
      node->out.push_back(c);
      continue;
    }
    auto r = ResolveExpr(**parsed, exprs[i], in, {}, src);
    if (!r.ok()) return Failed(r.status());
    project_op.exprs.push_back(r->compiled);
    node->out.push_back(ProjectedColumn(*r, in));
    project_op.expr_trees.push_back(std::shared_ptr<const Node>(r->tree.release()));
  }
  ResolveWindowTime(in, node.get());
  std::vector<std::string> shown;
  for (const auto& c : node->out) shown.push_back(c.name);
  node->describe = fmt::format("Project [{}]", fmt::join(shown, ", "));
  return Derive(node);
}

DataFrame DataFrame::Where(const std::string& cond, const expr::ExprSource& src) const {
  if (!ok()) return *this;
  auto r = ResolveText(cond, columns(), {}, src);
  if (!r.ok()) return Failed(r.status());
  if (r->type.kind != SqlKind::kUnknown && r->type.kind != SqlKind::kBoolean && r->type.kind != SqlKind::kVoid)
    return Failed(Status::Analysis(fmt::format(
        "[DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN] Cannot resolve \"{}\" due to data type mismatch: Filter expression \"{}\" of type \"{}\" is not a boolean.",
        r->name, r->name, r->type.text)));
  auto node = std::make_shared<PlanNode>();
  auto& filter_op = node->payload.emplace<FilterOp>();
  filter_op.cond = r->compiled;
  filter_op.cond_tree = std::shared_ptr<const Node>(r->tree.release());
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
  node->payload = ProjectOp{};
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
  node->payload = ProjectOp{};
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
  if (c.type.kind != SqlKind::kTimestamp && c.type != WindowType() && c.type.kind != SqlKind::kUnknown)
    return Failed(Status::Analysis(fmt::format(
        "Event time must be defined on a window or a timestamp, but {} is of type {}.", c.name, CatalogString(c.type))));
  auto node = std::make_shared<PlanNode>();
  auto& watermark_op = node->payload.emplace<WatermarkOp>();
  node->out = columns();
  // Spark's EventTimeWatermark: the column gets the delay; any other column loses its mark.
  for (auto& col : node->out) col.event_time = false;
  node->out[static_cast<size_t>(r->column)].event_time = true;
  node->out[static_cast<size_t>(r->column)].delay = *d;
  watermark_op.event_time_col = r->column;
  watermark_op.delay = *d;
  node->describe = fmt::format("EventTimeWatermark {}: {}", c.name, delay);
  return Derive(node);
}

DataFrame DataFrame::As(const std::string& alias) const {
  if (!ok()) return *this;
  auto node = std::make_shared<PlanNode>();
  node->payload = ProjectOp{};
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

DataFrame DataFrame::DropDuplicates(const std::vector<std::string>& cols) const {
  if (!ok()) return *this;
  auto node = std::make_shared<PlanNode>();
  auto& dedup_op = node->payload.emplace<DedupOp>();
  node->out = columns();
  if (cols.empty()) {
    for (size_t i = 0; i < node->out.size(); ++i) dedup_op.key_cols.push_back(static_cast<int>(i));
  } else {
    for (const auto& c : cols) {
      int found = -1;
      for (size_t i = 0; i < node->out.size(); ++i)
        if (AsciiIEq(node->out[i].name, c)) found = static_cast<int>(i);
      if (found < 0)
        return Failed(Status::Analysis(fmt::format("[UNRESOLVED_COLUMN_AMONG_FIELD_NAMES] Cannot resolve column name \"{}\" among ({}).",
                                                   c, fmt::join(ColumnNames(columns(), false), ", "))));
      dedup_op.key_cols.push_back(found);
    }
  }
  node->describe = fmt::format("Deduplicate [{}]", fmt::join(cols, ", "));
  return Derive(node);
}

DataFrame DataFrame::DropDuplicatesWithinWatermark(const std::vector<std::string>& cols) const {
  DataFrame d = DropDuplicates(cols);
  if (!d.ok()) return d;
  const_cast<PlanNode*>(d.plan_.get())->as<DedupOp>().within_watermark = true;
  const_cast<PlanNode*>(d.plan_.get())->describe = fmt::format("DeduplicateWithinWatermark [{}]", fmt::join(cols, ", "));
  return d;
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
  node->payload = UnionOp{};
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
  auto& sort_op = node->payload.emplace<SortOp>();
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
    sort_op.keys.push_back(r->compiled);
    sort_op.ascending.push_back(asc);
  }
  node->describe = fmt::format("Sort [{}]", fmt::join(exprs, ", "));
  return Derive(node);
}

DataFrame DataFrame::Limit(int64_t n) const {
  if (!ok()) return *this;
  if (n < 0)
    return Failed(Status::Analysis(fmt::format("[INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE] The limit like expression \"{}\" is invalid. The limit expression must be equal to or greater than 0, but got {}.", n, n)));
  auto node = std::make_shared<PlanNode>();
  node->payload = LimitOp{};
  node->out = columns();
  node->as<LimitOp>().limit = n;
  node->describe = fmt::format("GlobalLimit {}", n);
  return Derive(node);
}


}  // namespace tideline::structured
