#pragma once
// Builds a StreamingContext and its DStream graph from a scenario's inputs,
// streams and outputs (spec section 3), through the DStream C++ API. Errors in
// the file (an unknown stream, a bad expression, a malformed argument) come
// back with the file position; errors that Spark raises while the graph is
// built (a window that is not a multiple of the slide) are recorded on the
// context and surface when it starts, as in Spark.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/dstream/column_fn.h"
#include "core/dstream/streaming_context.h"
#include "core/scenario/lambda.h"
#include "core/scenario/model.h"
#include "core/value/schema.h"

namespace tideline::scenario {

// A typed text input (an addition to the format, see docs/scenario-additions.md):
// `format: {type: csv, schema: "...", validate: "expr"}` turns each line into a
// struct, split by the CSV tokenizer of core/value/csv.h (Spark's quoting rules); a line that does not parse or fails `validate` is counted as malformed
// and skipped, as the "Spark in Action" parser does.
struct InputFormat {
  Schema schema;
  std::vector<CellType> cells;  // resolved once from the schema
  const StructType* type = nullptr;
  char delimiter = ',';
  std::optional<Lambda> validate;
  // `validate` compiled for rows held as columns (nullptr when it is outside the subset
  // of columnar_lambda.h; the Lambda then reads each row).
  std::shared_ptr<const dstream::BoundColumnFn> validate_columns;
  // Parses a line; false when it is malformed.
  bool Parse(std::string_view line, Value* out) const;
  // An empty batch of this format's rows (structs of `type`, one column per field).
  dstream::ColumnBatch EmptyBatch() const;
  // Parses lines and appends to `rows` (shaped as EmptyBatch()), in order, the ones that
  // are not malformed; returns how many it appended. The same rows as Parse gives, without
  // a struct each; `validate` runs over the block's columns.
  size_t ParseLines(std::span<const std::string_view> lines, dstream::ColumnBatch* rows) const;
  // Parses a record given as a value: a string is the line; another value is read from
  // the text Spark would print for it.
  bool ParseRecord(const Value& v, Value* out) const {
    if (v.type() == ValueType::kString) return Parse(v.str(), out);
    return Parse(v.ToDisplay(), out);
  }
};

struct DStreamGraph {
  std::unique_ptr<dstream::StreamingContext> ctx;
  std::map<std::string, dstream::DStream*> streams;  // inputs and named streams
  std::map<std::string, dstream::QueueInputDStream*> queues;
  std::map<std::string, dstream::ArrivalInputDStream*> arrivals;
  std::map<std::string, InputFormat> formats;
  // Where the op that made the context's build fail is written (Spark raises such errors
  // while the graph is built; they surface when the context starts).
  SourcePos build_error_pos;
};

struct DStreamBuildOptions {
  const Timestamp* now = nullptr;  // the virtual clock, for current_timestamp()
  std::string output_dir;          // where relative output paths go
  std::string checkpoint_dir;      // used when the scenario checkpoints
  trace::Tracer* tracer = nullptr;
  std::function<void(const std::string&)> print_sink;
  // Called for every batch of a `collect` output: (stream name, batch time, rows).
  std::function<void(const std::string&, Timestamp, const std::vector<Value>&)> on_collect;
  // Replaces an input by name before the graph is built (replay, bench): the input's
  // declared type is kept for validation, but records come from the caller.
  bool all_inputs_as_arrivals = false;
  // Compiles simple map, filter, reduce and validate expressions for columnar batches
  // (columnar_lambda.h). Off, every expression runs through its Lambda: the same results,
  // element by element (tests compare the two).
  bool compile_lambdas = true;
};

Result<DStreamGraph> BuildDStreamGraph(const Scenario& sc, const DStreamBuildOptions& opts);

// Parses `format:` of an input, or nullopt when it has none.
Result<std::optional<InputFormat>> ParseInputFormat(const InputDef& in, const Timestamp* now);

}  // namespace tideline::scenario
