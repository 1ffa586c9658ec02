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
#include "core/scenario/input_format.h"
#include "core/scenario/lambda.h"
#include "core/scenario/model.h"
#include "core/value/schema.h"

namespace tideline::scenario {

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
  // A durable run (--checkpoint DIR): the context checkpoints into checkpoint_dir even when
  // the scenario does not ask for it, and its inputs can be read again from their recording.
  bool durable = false;
  // With all_inputs_as_arrivals, a live run's inputs (tideline run --live): a socket input
  // stays a receiver (SocketInputDStream) and a textFile input a file stream
  // (FileInputDStream), so that a durable run's checkpoint saves what Spark's does: a file
  // stream's batches, and a receiver's only with the write-ahead log. The inputs are not
  // read again from a recording.
  bool live_inputs = false;
  // Compiles simple map, filter, reduce and validate expressions for columnar batches
  // (columnar_lambda.h over core/expr/columnar.h). Off, every expression runs through its Lambda: the same results,
  // element by element (tests compare the two).
  bool compile_lambdas = true;
};

Result<DStreamGraph> BuildDStreamGraph(const Scenario& sc, const DStreamBuildOptions& opts);

}  // namespace tideline::scenario
