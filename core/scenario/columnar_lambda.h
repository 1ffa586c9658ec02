#pragma once
// Compiled forms of simple scenario expressions, for the hot paths of the DStream
// engine: a map or filter over columns (dstream::ColumnFn) and a reduce function
// with a fast path on numbers. Each one is an exact stand-in for its Lambda: it
// evaluates a small subset of the expression language itself, with Spark SQL's
// semantics as core/expr implements them, and hands every value it does not handle
// (a type outside the subset) back to the Lambda, so the results and the errors are
// the Lambda's. Immutable and thread-safe.
//
// The subset: literals; the parameters and their fields (x.name, x._1); + - * / on
// numbers; = <=> != < <= > >= on two strings, two numbers, two booleans or two
// timestamps; IN (...) over those; AND, OR, NOT, IS [NOT] NULL, unary minus;
// CASE WHEN ... THEN ... [ELSE ...] END; and for a map, a tuple of those at the top.

#include <string>
#include <vector>

#include "core/dstream/column_fn.h"
#include "core/dstream/rdd.h"
#include "core/scenario/lambda.h"

namespace tideline::scenario {

// The columnar form of a one-parameter map or filter lambda, or nullptr when its
// expression is outside the subset.
dstream::ColumnFnPtr CompileColumnFn(const Lambda& l, const std::string& param);

// A reduce function of `l` (parameters `a`, `b`): the compiled form when its
// expression is in the subset (falling back to `l` for other values), else `l`.
dstream::ReduceFn CompileReduceFn(const Lambda& l, const std::string& a, const std::string& b);

}  // namespace tideline::scenario
