#pragma once
// Internal to core/scenario: reading the arguments of a scenario's operations (durations,
// whole numbers, maps with known keys) with errors at their position, and wrapping
// compiled Lambdas into the function types of the DStream API. Shared by the DStream
// builder, its RDD operations (rdd_ops.cc) and typed inputs (input_format.cc).

#include <optional>
#include <string>
#include <vector>

#include "core/common/status.h"
#include "core/dstream/rdd.h"
#include "core/scenario/lambda.h"
#include "core/scenario/ynode.h"
#include "core/time/time.h"

namespace tideline::scenario::args {

inline Status Err(const SourcePos& p, const std::string& m) { return Status::Parse(m, p); }

// A non-negative duration such as 10s.
Result<Duration> DurationArg(const YNode& n, const char* what);
// A whole number.
Result<int64_t> IntArg(const YNode& n, const char* what);
// The duration under `key` of a map argument, or nullopt when it is absent.
Result<std::optional<Duration>> OptDuration(const YNode& arg, const char* key);
// `numPartitions` of a map argument, or 0 when it is absent.
Result<int> Partitions(const YNode& arg);
// A map argument whose keys are all in `known` (else an error with a "did you mean").
Status CheckKeys(const YNode& n, const std::string& op, const std::vector<std::string>& known);
// The value under `key`, which `op` needs.
Result<const YNode*> Required(const YNode& n, const char* key, const std::string& op);

dstream::MapFn AsMap(Lambda l);
// Reduce functions take the parameters a and b; simple ones run compiled (columnar_lambda.h).
dstream::ReduceFn AsReduce(Lambda l, bool compile);
dstream::FilterFn AsFilter(Lambda l);
// flatMap's function returns an array (null: no element).
dstream::FlatMapFn AsFlatMap(Lambda l);

}  // namespace tideline::scenario::args
