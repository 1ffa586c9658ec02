#pragma once
// Internal to core/scenario: the per-RDD operations a scenario may list inside a DStream's
// `transform` (Spark's RDD API, simulated over dstream::Rdd), built from their YAML
// arguments. Each one is a pure function of the batch's RDD.

#include <functional>

#include "core/common/status.h"
#include "core/dstream/rdd.h"
#include "core/scenario/model.h"
#include "core/time/time.h"

namespace tideline::scenario {

using RddFn = std::function<dstream::RddPtr(const dstream::RddPtr&)>;

// The function of one `transform` operation; an error at its position when the op or its
// argument is unknown or malformed. `now` is read by current_timestamp(); `compile` lets
// simple reduce functions run compiled (columnar_lambda.h).
Result<RddFn> BuildRddOp(const OpDef& op, const Timestamp* now, bool compile);

}  // namespace tideline::scenario
