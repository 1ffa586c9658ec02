#pragma once
// Compiled forms of simple scenario expressions, for the hot paths of the DStream
// engine: a map or filter over columns (dstream::ColumnFn) and a reduce function
// with a fast path on numbers. Each one is an exact stand-in for its Lambda: the
// columnar evaluator of the expression layer (core/expr/columnar.h) computes what is in
// its subset, and every element it does not handle goes to the Lambda, so the results
// and the errors are the Lambda's. Immutable and thread-safe.

#include <string>
#include <vector>

#include "core/dstream/column_fn.h"
#include "core/dstream/rdd.h"
#include "core/scenario/lambda.h"

namespace tideline::scenario {

// The columnar form of a one-parameter map or filter lambda, or nullptr when its
// expression is outside the subset of core/expr/columnar.h.
dstream::ColumnFnPtr CompileColumnFn(const Lambda& l, const std::string& param);

// A reduce function of `l` (parameters `a`, `b`): the compiled form when its
// expression is in the subset (falling back to `l` for other values), else `l`.
dstream::ReduceFn CompileReduceFn(const Lambda& l, const std::string& a, const std::string& b);

}  // namespace tideline::scenario
