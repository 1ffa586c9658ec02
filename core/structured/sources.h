#pragma once
// Reading the streaming sources of a micro-batch: the rows of a source between two
// offsets (Spark's MicroBatchStream.planInputPartitions and its readers, for the memory,
// socket, file, recording and rate sources of SourceData), their latest offsets, and the
// description the progress reports for a source. Stateless, except that a latestFirst file
// source's latest offset extends its file_order.

#include <cstdint>
#include <string>
#include <vector>

#include "core/common/status.h"
#include "core/structured/query.h"

namespace tideline::structured {

// RateStreamProvider.valueAtSecond: the value the rate source reaches `seconds` after
// its creation, ramping up linearly over `ramp_up_seconds` (Java's wrapping arithmetic).
int64_t RateValueAtSecond(int64_t seconds, int64_t rows_per_second, int64_t ramp_up_seconds);

// The source's latest offset for a batch that starts at `start` (MicroBatchStream.
// latestOffset): for a rate source the whole seconds since its creation at `now`; for a
// file source at most maxFilesPerTrigger files more when `limit_files` (a latestFirst
// source adds the files it picks, newest first, to its file_order); the chunks otherwise.
int64_t LatestOffset(SourceData& s, int64_t start, bool limit_files, Timestamp now);

// Appends the rows of `s` at offsets [from, to) to `rows`: generated rows for a rate
// source (offsets in seconds), the rows of its chunks otherwise (with the arrival time
// for a socket source that includes timestamps). Returns the error of a chunk that failed to
// parse (FailureSafeParser in FAILFAST mode), which fails the batch.
Status ReadSourceRows(const SourceData& s, int64_t from, int64_t to, std::vector<Row>* rows);

// A source as the progress's `sources[].description` names it (MemoryStream[name], ...).
// `s` may be null (a source the plan names but nobody fed).
std::string SourceDescription(const std::string& name, const SourceData* s);

}  // namespace tideline::structured
