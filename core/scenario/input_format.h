#pragma once
// InputFormat: a typed text input of a DStream scenario (an addition to the format, see
// docs/scenario-additions.md): `format: {type: csv, schema: "...", validate: "expr"}`
// turns each line into a struct, split by the CSV tokenizer of core/value/csv.h (Spark's
// quoting rules); a line that does not parse or fails `validate` is counted as malformed
// and skipped, as the "Spark in Action" parser does. Immutable once parsed; its parsing
// functions are thread-safe (the bench types chunks on helper threads).

#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/dstream/column_fn.h"
#include "core/scenario/lambda.h"
#include "core/scenario/model.h"
#include "core/value/column_batch.h"
#include "core/value/schema.h"

namespace tideline::scenario {

struct InputFormat {
  Schema schema;
  std::vector<SqlKind> cells;  // resolved once from the schema
  const StructType* type = nullptr;
  char delimiter = ',';
  std::optional<Lambda> validate;
  // `validate` compiled for rows held as columns (nullptr when it is outside the subset
  // of core/expr/columnar.h; the Lambda then reads each row).
  std::shared_ptr<const dstream::BoundColumnFn> validate_columns;
  // Parses a line; false when it is malformed.
  bool Parse(std::string_view line, Value* out) const;
  // An empty batch of this format's rows (structs of `type`, one column per field).
  ColumnBatch EmptyBatch() const;
  // Parses lines and appends to `rows` (shaped as EmptyBatch()), in order, the ones that
  // are not malformed; returns how many it appended. The same rows as Parse gives, without
  // a struct each; `validate` runs over the block's columns.
  size_t ParseLines(std::span<const std::string_view> lines, ColumnBatch* rows) const;
  // Parses a record given as a value: a string is the line; another value is read from
  // the text Spark would print for it.
  bool ParseRecord(const Value& v, Value* out) const {
    if (v.type() == ValueType::kString) return Parse(v.str(), out);
    return Parse(v.ToDisplay(), out);
  }
};

// Parses `format:` of an input, or nullopt when it has none.
Result<std::optional<InputFormat>> ParseInputFormat(const InputDef& in, const Timestamp* now);

}  // namespace tideline::scenario
