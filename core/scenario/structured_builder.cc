#include "core/scenario/structured_builder.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "core/expr/ansi.h"
#include "core/expr/expr.h"
#include "core/io/recording.h"
#include "core/scenario/operations.h"
#include "core/scenario/recording_input.h"
#include "core/scenario/runner.h"
#include "core/scenario/source_options.h"

namespace tideline::scenario {

namespace fs = std::filesystem;
using namespace tideline::structured;

namespace {

expr::ExprSource SrcOf(const YNode& n) { return expr::ExprSource{n.TextPos()}; }

std::string Scalar(const YNode& n) { return n.is_scalar() ? n.scalar : ""; }

// A YAML value as a cell of a column of `type`.
Value CellOf(const YNode& n, const SqlType& type) {
  Value v = n.ToValue();
  if (v.is_null()) return v;
  switch (type.kind) {
    case SqlKind::kTimestamp:
      if (v.type() == ValueType::kString) {
        auto t = ParseTimestamp(v.str());
        return t.ok() ? Value::Ts(*t) : Value();
      }
      return v.is_number() ? expr::CastValue(v, "TIMESTAMP") : v;
    case SqlKind::kTinyInt:
    case SqlKind::kSmallInt:
    case SqlKind::kInt:
    case SqlKind::kBigInt: return v.type() == ValueType::kInt ? v : expr::CastValue(v, "BIGINT");
    case SqlKind::kDouble: return v.is_number() ? Value::Double(v.num()) : expr::CastValue(v, "DOUBLE");
    case SqlKind::kString: return v.type() == ValueType::kString ? v : expr::CastValue(v, "STRING");
    case SqlKind::kBoolean: return v.type() == ValueType::kBool ? v : expr::CastValue(v, "BOOLEAN");
    default: return v;
  }
}

}  // namespace

Result<Row> RowOf(const YNode& n, const Schema& schema) {
  Row r;
  const auto& f = schema.fields;
  if (n.is_seq()) {
    if (n.seq.size() != f.size())
      return Status::Parse(fmt::format("a row of {} values for a schema of {} columns", n.seq.size(), f.size()), n.pos);
    for (size_t i = 0; i < f.size(); ++i) r.push_back(CellOf(n.seq[i], f[i].type));
    return r;
  }
  if (n.is_map()) {
    r.assign(f.size(), Value());
    for (size_t k = 0; k < n.map.size(); ++k) {
      int i = schema.Find(n.map[k].first);
      if (i < 0) return Status::Parse(fmt::format("unknown column '{}' in a row", n.map[k].first), n.key_pos[k]);
      r[static_cast<size_t>(i)] = CellOf(n.map[k].second, f[static_cast<size_t>(i)].type);
    }
    return r;
  }
  if (f.size() != 1) return Status::Parse(fmt::format("a single value for a schema of {} columns", f.size()), n.pos);
  r.push_back(CellOf(n, f[0].type));
  return r;
}

namespace {

std::vector<std::string> Texts(const YNode& n, std::vector<expr::ExprSource>* srcs) {
  std::vector<std::string> out;
  if (n.is_seq()) {
    for (const YNode& x : n.seq) { out.push_back(x.scalar); srcs->push_back(SrcOf(x)); }
  } else if (n.is_scalar()) {
    out.push_back(n.scalar);
    srcs->push_back(SrcOf(n));
  }
  return out;
}

}  // namespace

structured::SourceData* FedSource(structured::Sources& sources, const std::string& input) {
  structured::SourceData* s = sources.Find(input);
  if (s && s->type != "static") return s;
  std::vector<structured::SourceData*> streaming;
  for (auto& [name, d] : sources.inputs)
    if (d.type != "static") streaming.push_back(&d);
  return streaming.size() == 1 ? streaming[0] : nullptr;
}

Schema FedSchema(const structured::SourceData& s) {
  Schema out = s.schema;
  if (s.include_timestamp) out.fields.pop_back();
  return out;
}

std::optional<structured::Row> FedRecordAsRow(const Value& v, const Schema& schema) {
  if (v.type() == ValueType::kArray && v.size() == schema.fields.size()) return structured::Row(v.items().begin(), v.items().end());
  if (schema.fields.size() == 1) return structured::Row{v.type() == ValueType::kString ? v : Value::String(v.ToDisplay())};
  return std::nullopt;
}

Status BuildStructuredSources(const Scenario& sc, StructuredSources* out) {
  for (const InputDef& in : sc.inputs) {
    SourceData s;
    s.name = in.name;
    s.type = in.type;
    std::string schema_text;
    if (const YNode* sch = in.spec.Get("schema")) schema_text = sch->scalar;
    if (in.type == "socket" || (in.type == "file" && Scalar(in.spec.Get("format") ? *in.spec.Get("format") : YNode()) == "text"))
      if (schema_text.empty()) schema_text = "value STRING";
    if (in.type == "rate") schema_text = "timestamp TIMESTAMP, value BIGINT";
    if (in.type == "recording" && schema_text.empty()) schema_text = "value STRING";
    if (schema_text.empty()) {
      if (in.type == "file")
        return Status::Parse("[UNABLE_TO_INFER_SCHEMA] Schema must be specified when creating a streaming source DataFrame. "
                             "Add 'schema' to the input.", in.pos);
      return Status::Parse(fmt::format("input '{}' of type {} needs a 'schema'", in.name, in.type), in.pos);
    }
    auto schema = ParseSchema(schema_text);
    if (!schema.ok()) return Status::Parse("bad schema: " + schema.status().message(), in.spec.Get("schema") ? in.spec.Get("schema")->TextPos() : in.pos);
    s.schema = *schema;
    if (in.type == "static") {
      if (const YNode* rows = in.spec.Get("rows")) {
        if (!rows->is_seq()) return Status::Parse("'rows' must be a list", rows->pos);
        for (const YNode& r : rows->seq) {
          TL_ASSIGN_OR_RETURN(Row row, RowOf(r, s.schema));
          s.static_rows.push_back(std::move(row));
        }
      }
    }
    // The options of rate, socket and file sources, checked as Spark checks them when the
    // query starts.
    OptionError option_error;
    ReadSourceOptions(in, &s, &option_error);
    if (!option_error.status.ok() && out->start_error.ok()) {
      out->start_error = option_error.status;
      out->start_error_pos = option_error.pos;
    }
    if (in.type == "recording") {
      TL_ASSIGN_OR_RETURN(io::Recording rec, ReadRecordingInput(sc, in));
      for (const io::Arrival& a : rec.arrivals) {
        if (!a.input.empty() && a.input != in.name && rec.inputs.size() > 1) continue;
        Row row;
        if (s.schema.fields.size() == 1) row.push_back(a.data);
        else if (a.data.is_seq()) row.assign(a.data.items().begin(), a.data.items().end());
        else continue;
        out->recorded.push_back({sc.start_time + Duration::Millis(a.t_ms), in.name, std::move(row)});
      }
    }
    out->sources.inputs[in.name] = std::move(s);
  }
  return Status::Ok();
}

namespace {
// distinct(): Spark's ReplaceDistinctWithAggregate makes it an aggregation keyed by every column.
DataFrame Distinct(const DataFrame& df) {
  std::vector<std::string> keys;
  for (const auto& c : df.columns()) keys.push_back("`" + c.name + "`");
  return df.GroupBy(keys).Agg({});
}
}  // namespace

Result<DataFrame> StructuredQueryBuilder::Build(const YNode& q) {
  // Each expression takes its evaluation mode as it is built (Spark's EvalMode.fromSQLConf).
  expr::AnsiScope ansi(expr::AnsiSetting(sc_.Config("spark.sql.ansi.enabled")));
  const YNode* from = q.Get("from");
  if (!from || !from->is_scalar()) return Status::Parse("'query' needs 'from: INPUT'", q.pos);
  TL_ASSIGN_OR_RETURN(DataFrame df, InputFrame(*from));
  if (const YNode* as = q.Get("as")) df = df.As(as->scalar);
  stages_.emplace_back(from->TextPos(), df);
  if (const YNode* ops = q.Get("ops")) {
    if (!ops->is_seq()) return Status::Parse("'ops' must be a list", ops->pos);
    TL_ASSIGN_OR_RETURN(df, ApplyOps(df, *ops, &stages_));
  }
  return df;
}

Result<DataFrame> StructuredQueryBuilder::InputFrame(const YNode& name) {
  const InputDef* in = sc_.FindInput(name.scalar);
  if (!in) {
    std::vector<std::string> known;
    for (const auto& i : sc_.inputs) known.push_back(i.name);
    std::string hint = DidYouMean(name.scalar, known);
    return Status::Parse(fmt::format("unknown input '{}'{}", name.scalar, hint.empty() ? "" : " (did you mean '" + hint + "'?)"),
                         name.TextPos());
  }
  const SourceData& s = sources_.inputs.at(in->name);
  return DataFrame::Source(in->name, s.schema, in->type != "static");
}


// Applies `ops` to `df`. The first op whose analysis fails sets analysis_pos_; with
// `stages`, the frame after each op is kept with the op's position.
Result<DataFrame> StructuredQueryBuilder::ApplyOps(DataFrame df, const YNode& ops,
                                                       std::vector<std::pair<SourcePos, DataFrame>>* stages) {
  const std::vector<std::string>& known = StructuredOps();
  std::vector<std::string> pending_group;
  std::vector<expr::ExprSource> pending_srcs;
  SourcePos group_pos;
  bool grouping = false;
  for (const YNode& op : ops.seq) {
    if (!op.is_map() || op.map.size() != 1) return Status::Parse("each op is a one-key map, such as {select: [...]}", op.pos);
    const std::string& k = op.map[0].first;
    const YNode& a = op.map[0].second;
    SourcePos kpos = op.key_pos[0];
    if (std::find(known.begin(), known.end(), k) == known.end()) {
      std::string hint = DidYouMean(k, known);
      return Status::Parse(fmt::format("unknown op '{}'{}", k, hint.empty() ? "" : " (did you mean '" + hint + "'?)"), kpos);
    }
    if (grouping && k != "agg") return Status::Parse("'groupBy' must be followed by 'agg'", kpos);
    std::vector<expr::ExprSource> srcs;
    if (k == "select") {
      df = df.SelectExpr(Texts(a, &srcs), srcs);
    } else if (k == "where" || k == "filter") {
      df = df.Where(a.scalar, SrcOf(a));
    } else if (k == "withColumn" || k == "withColumnRenamed") {
      if (!a.is_map()) return Status::Parse(fmt::format("'{}' takes a map {{name: expr}}", k), a.pos);
      for (const auto& [name, val] : a.map)
        df = k == "withColumn" ? df.WithColumn(name, val.scalar, SrcOf(val)) : df.WithColumnRenamed(name, val.scalar);
    } else if (k == "drop") {
      df = df.Drop(Texts(a, &srcs));
    } else if (k == "withWatermark") {
      const YNode* c = a.Get("column");
      const YNode* d = a.Get("delay");
      if (!c || !d) return Status::Parse("'withWatermark' takes {column, delay}", a.pos);
      df = df.WithWatermark(c->scalar, d->scalar);
    } else if (k == "alias") {
      df = df.As(a.scalar);
    } else if (k == "groupBy") {
      pending_group = Texts(a, &pending_srcs);
      group_pos = kpos;
      grouping = true;
    } else if (k == "agg") {
      if (!grouping) return Status::Parse("'agg' must follow 'groupBy'", kpos);
      grouping = false;
      DataFrame in = df;
      df = df.GroupBy(pending_group, pending_srcs).Agg(Texts(a, &srcs), srcs);
      // A grouping expression's error (a bad window interval) is the groupBy op's.
      if (!df.ok() && in.ok() && !in.GroupBy(pending_group, pending_srcs).Agg({}).ok()) kpos = group_pos;
      pending_group.clear();
      pending_srcs.clear();
    } else if (k == "dropDuplicates" || k == "dropDuplicatesWithinWatermark") {
      std::vector<std::string> cols = a.is_null() ? std::vector<std::string>{} : Texts(a, &srcs);
      df = k == "dropDuplicates" ? df.DropDuplicates(cols) : df.DropDuplicatesWithinWatermark(cols);
    } else if (k == "join") {
      TL_ASSIGN_OR_RETURN(df, Join(df, a));
    } else if (k == "union") {
      TL_ASSIGN_OR_RETURN(DataFrame other, SubQuery(a));
      df = df.Union(other);
    } else if (k == "distinct") {
      df = Distinct(df);
    } else if (k == "orderBy") {
      df = df.OrderBy(Texts(a, &srcs), srcs);
    } else if (k == "limit") {
      Value n = a.ToValue();
      if (n.type() != ValueType::kInt) return Status::Parse("'limit' takes a number", a.pos);
      df = df.Limit(n.as_int());
    } else {
      TL_ASSIGN_OR_RETURN(df, GroupState(df, a, k == "flatMapGroupsWithState"));
    }
    if (stages) stages->emplace_back(kpos, df);
    if (!df.ok()) {
      // A syntax error is an error in the file; an analysis error is the pipeline's
      // failure, reported when the query starts (as Spark throws it).
      if (df.status().code() == StatusCode::kParseError) return df.status();
      if (!analysis_pos_.known()) analysis_pos_ = kpos;
      return df;
    }
  }
  if (grouping) return Status::Parse("'groupBy' must be followed by 'agg'", ops.pos);
  return df;
}

Result<DataFrame> StructuredQueryBuilder::SubQuery(const YNode& w) {
  if (w.is_scalar()) return InputFrame(w);
  if (!w.is_map()) return Status::Parse("expected an input name or {from, ops, as}", w.pos);
  const YNode* from = w.Get("from");
  if (!from) return Status::Parse("expected {from: INPUT, ops: [...]}", w.pos);
  TL_ASSIGN_OR_RETURN(DataFrame df, InputFrame(*from));
  if (const YNode* ops = w.Get("ops")) {
    TL_ASSIGN_OR_RETURN(df, ApplyOps(df, *ops));
  }
  if (const YNode* as = w.Get("as")) df = df.As(as->scalar);
  return df;
}

Result<DataFrame> StructuredQueryBuilder::Join(const DataFrame& df, const YNode& a) {
  const YNode* with = a.Get("with");
  const YNode* on = a.Get("on");
  if (!with || !on) return Status::Parse("'join' takes {with, on, type}", a.pos);
  TL_ASSIGN_OR_RETURN(DataFrame right, SubQuery(*with));
  JoinType type = JoinType::kInner;
  if (const YNode* t = a.Get("type")) {
    auto jt = ParseJoinType(t->scalar);
    if (!jt.ok()) return Status::Parse(jt.status().message(), t->TextPos());
    type = *jt;
  }
  if (on->is_seq()) {
    std::vector<std::string> cols;
    for (const YNode& c : on->seq) cols.push_back(c.scalar);
    return df.JoinUsing(right, cols, type);
  }
  return df.Join(right, on->scalar, type, SrcOf(*on));
}

Result<DataFrame> StructuredQueryBuilder::GroupState(const DataFrame& df, const YNode& a, bool flat) {
  if (!a.is_map()) return Status::Parse("expected the state function's map", a.pos);
  GroupStateDef d;
  d.flat = flat;
  std::vector<expr::ExprSource> srcs;
  if (const YNode* g = a.Get("groupBy")) d.group_by = Texts(*g, &srcs);
  if (const YNode* m = a.Get("outputMode")) d.output_mode = m->scalar;
  if (const YNode* t = a.Get("timeout")) d.timeout = t->scalar;
  if (const YNode* l = a.Get("let")) {
    if (!l->is_map()) return Status::Parse("'let' is a map of name: expr", l->pos);
    for (const auto& [n, v] : l->map) d.let.emplace_back(n, v.scalar);
  }
  auto text = [&](const char* k) { const YNode* n = a.Get(k); return n ? n->scalar : std::string(); };
  d.update = text("update");
  d.remove = text("remove");
  d.emit_all = text("emitAll");
  d.set_timeout = text("setTimeout");
  if (const YNode* e = a.Get("emit")) d.emit = Texts(*e, &srcs);
  static const std::vector<std::string> keys = {"groupBy", "outputMode", "timeout", "let", "update", "remove", "emit", "emitAll", "setTimeout"};
  for (size_t i = 0; i < a.map.size(); ++i)
    if (std::find(keys.begin(), keys.end(), a.map[i].first) == keys.end()) {
      std::string hint = DidYouMean(a.map[i].first, keys);
      return Status::Parse(fmt::format("unknown key '{}'{}", a.map[i].first, hint.empty() ? "" : " (did you mean '" + hint + "'?)"),
                           a.key_pos[i]);
    }
  return df.FlatMapGroupsWithState(d, SrcOf(a));
}

std::vector<Value> WindowSpecs(const PlanNode* root) {
  static const StructType* type = StructType::Get({"kind", "sizeMs", "slideMs", "startMs", "gapMs"});
  std::vector<Value> out;
  std::vector<const PlanNode*> stack = {root};
  while (!stack.empty()) {
    const PlanNode* n = stack.back();
    stack.pop_back();
    if (!n) continue;
    for (const auto& c : n->children) stack.push_back(c.get());
    if (n->kind() != OpKind::kAggregate || n->as<AggregateOp>().window_index < 0) continue;
    const WindowKey& w = n->as<AggregateOp>().window;
    out.push_back(Value::Struct(type, {Value::String(w.session ? "session" : "window"), Value::Int(w.size.millis()),
                                       Value::Int(w.slide.millis()), Value::Int(w.start.millis()),
                                       w.session && w.gap_is_static ? Value::Int(w.static_gap.millis()) : Value()}));
  }
  return out;
}

}  // namespace tideline::scenario
