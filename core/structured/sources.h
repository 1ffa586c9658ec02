#pragma once
// Reading the streaming sources of a micro-batch: the rows of a source between two
// offsets (Spark's MicroBatchStream.planInputPartitions and its readers, for the memory,
// socket, file, recording and rate sources of SourceData), and the description the
// progress reports for a source. Stateless functions.

#include <cstdint>
#include <string>
#include <vector>

#include "core/common/status.h"
#include "core/structured/query.h"

namespace tideline::structured {

// Appends the rows of `s` at offsets [from, to) to `rows`: generated rows for a rate
// source, the rows of its chunks otherwise. Returns the error of a chunk that failed to
// parse (FailureSafeParser in FAILFAST mode), which fails the batch.
Status ReadSourceRows(const SourceData& s, int64_t from, int64_t to, std::vector<Row>* rows);

// A source as the progress's `sources[].description` names it (MemoryStream[name], ...).
// `s` may be null (a source the plan names but nobody fed).
std::string SourceDescription(const std::string& name, const SourceData* s);

}  // namespace tideline::structured
