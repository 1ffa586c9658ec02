#include "core/scenario/input_format.h"

#include <fmt/format.h>

#include <string>

#include "core/expr/expr.h"
#include "core/scenario/builder_args.h"
#include "core/scenario/columnar_lambda.h"
#include "core/value/csv.h"

namespace tideline::scenario {

using args::Err;

namespace {

// Splits a line into the format's cells (the CSV tokenizer of core/value/csv.h) and types
// them into vals[0..n); false when the line is malformed.
bool ParseCells(const InputFormat& f, std::string_view line, Value* vals) {
  const size_t n = f.cells.size();
  if (n == 0) return true;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  thread_local std::string storage;  // quoted fields only
  size_t i = 0;
  bool ok = ForEachCsvField(line, f.delimiter, &storage, [&](std::string_view cell) {
    if (i >= n) return false;  // too many fields
    if (cell.empty() && f.cells[i] != SqlKind::kString) {
      if (!f.schema.fields[i].nullable) return false;
      vals[i] = Value();
    } else if (!ParseCellInline(cell, f.cells[i], &vals[i])) {
      return false;
    }
    ++i;
    return true;
  });
  return ok && i == n;  // too few fields otherwise
}

// The rows of [start, end) that pass `validate`: all at once over the columns; row by row
// when the check raises an error, since a row it cannot evaluate is malformed and the
// others stand.
std::vector<uint32_t> ValidRows(const InputFormat& f, const ColumnBatch& rows, size_t start, size_t end) {
  std::vector<uint32_t> keep;
  if (f.validate_columns) {
    try {
      f.validate_columns->Select(rows, start, end, &keep);
      return keep;
    } catch (const expr::EvalError&) {
      keep.clear();
    }
  }
  for (size_t r = start; r < end; ++r) {
    try {
      if (expr::IsTrue((*f.validate)(rows.Row(r)))) keep.push_back(static_cast<uint32_t>(r));
    } catch (const expr::EvalError&) {
      // malformed
    }
  }
  return keep;
}

}  // namespace

bool InputFormat::Parse(std::string_view line, Value* out) const {
  const size_t n = cells.size();
  thread_local std::vector<Value> scratch;  // the cells of one line; moved out into the struct
  if (scratch.size() < n) scratch.resize(n);
  Value* vals = scratch.data();
  if (!ParseCells(*this, line, vals)) return false;
  *out = Value::StructFrom(type, vals, n);
  if (validate) {
    try {
      if (!expr::IsTrue((*validate)(*out))) return false;
    } catch (const expr::EvalError&) {
      return false;  // a record the check cannot even evaluate is malformed
    }
  }
  return true;
}

ColumnBatch InputFormat::EmptyBatch() const {
  ColumnBatch b;
  b.kind = ColumnBatch::Kind::kStruct;
  b.type = type;
  b.columns.resize(cells.size());
  return b;
}

size_t InputFormat::ParseLines(std::span<const std::string_view> lines, ColumnBatch* rows) const {
  const size_t n = cells.size();
  thread_local std::vector<Value> scratch;
  if (scratch.size() < n) scratch.resize(n);
  Value* vals = scratch.data();
  const size_t start = rows->rows();
  for (std::string_view line : lines) {
    if (!ParseCells(*this, line, vals)) continue;
    for (size_t i = 0; i < n; ++i) rows->columns[i].push_back(std::move(vals[i]));
  }
  const size_t end = rows->rows();
  if (!validate || end == start) return end - start;
  std::vector<uint32_t> keep = ValidRows(*this, *rows, start, end);
  if (keep.size() != end - start) {
    for (auto& c : rows->columns) {
      size_t w = start;
      for (uint32_t r : keep) c[w++] = std::move(c[r]);
      c.resize(w);
    }
  }
  return keep.size();
}

Result<std::optional<InputFormat>> ParseInputFormat(const InputDef& in, const Timestamp* now) {
  const YNode* f = in.spec.Get("format");
  if (!f) return std::optional<InputFormat>();
  TL_RETURN_IF_ERROR(args::CheckKeys(*f, "format", {"type", "schema", "delimiter", "validate"}));
  const YNode* t = f->Get("type");
  if (!t || t->scalar != "csv") return Err(t ? t->TextPos() : f->pos, "format 'type' must be csv");
  const YNode* sch = f->Get("schema");
  if (!sch) return Err(f->pos, "format needs a 'schema', e.g. \"time TIMESTAMP, id BIGINT\"");
  auto schema = ParseSchema(sch->scalar);
  if (!schema.ok()) return Err(sch->TextPos(), schema.status().message());
  for (const Field& fd : schema->fields)
    if (!CellKindOf(fd.type))
      return Err(sch->TextPos(), fmt::format("a csv column cannot be of type {} (column '{}')", fd.type.text, fd.name));
  InputFormat fmt_def;
  fmt_def.schema = *schema;
  fmt_def.type = schema->struct_type();
  for (const Field& fd : schema->fields) fmt_def.cells.push_back(*CellKindOf(fd.type));
  if (const YNode* d = f->Get("delimiter")) {
    if (d->scalar.size() != 1) return Err(d->TextPos(), "delimiter must be one character");
    fmt_def.delimiter = d->scalar[0];
  }
  if (const YNode* v = f->Get("validate")) {
    TL_ASSIGN_OR_RETURN(Lambda l, Lambda::Compile(*v, {"x"}, now));
    fmt_def.validate = l;
    if (auto compiled = CompileColumnFn(l, "x")) {
      std::shared_ptr<const dstream::BoundColumnFn> bound = compiled->Bind(fmt_def.EmptyBatch());
      fmt_def.validate_columns = std::move(bound);
    }
  }
  return std::optional<InputFormat>(std::move(fmt_def));
}

}  // namespace tideline::scenario
