#pragma once
// The buffer of one aggregate function (AggFunc in plan.h) as a Value: created empty,
// updated by input values, merged with another partial buffer, and turned into the final
// value. Every aggregation operator (aggregate.cc, pane_aggregate.cc, session_window.cc)
// keeps its groups' buffers in its state store in this form. Stateless functions;
// thread-safe.

#include <map>
#include <vector>

#include "core/structured/plan.h"

namespace tideline::structured {

// The empty buffer of `f` (a count's 0, a sum's null, ...).
Value InitBuffer(const AggFunc& f);
// Adds one input value `x` (null for count(*)) to `buf`.
void UpdateBuffer(const AggFunc& f, Value& buf, const Value& x);
// Merges the partial buffer `other` into `buf`.
void MergeBuffer(const AggFunc& f, Value& buf, const Value& other);
// Merges the buffers `bufs` (one per function, as an array) of a group into the group's
// entry of `groups`, adding the entry when the group is new.
void MergeGroupBuffers(const std::vector<AggFunc>& aggs, std::map<Value, Value, ValueLess>* groups,
                       const Value& key, const Value& bufs);
// The aggregate's result from its buffer.
Value FinalValue(const AggFunc& f, const Value& buf);

}  // namespace tideline::structured
