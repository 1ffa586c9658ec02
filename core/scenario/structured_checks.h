#pragma once
// The checks of Structured scenario steps, in one place: the rows a memory sink received
// (checkAnswer, checkNewAnswer, checkLastBatch, expectOutput), the watermark
// (assertWatermark), event-time statistics (assertEventStats), state-store row counts
// (assertNumStateRows) and any progress field (assertProgress). Each reads what the query
// and its sink hold and returns an outcome; the runner reports it. Stateless functions;
// the cursors of "new" rows and progress are the caller's.

#include <cstddef>
#include <string>
#include <vector>

#include "core/common/status.h"
#include "core/scenario/model.h"
#include "core/structured/query.h"

namespace tideline::scenario {

struct CheckOutcome {
  bool passed = true;
  std::string message;  // why it failed
  Value actual;         // the rows compared, for the report (row checks only)
};

// Rows of `sink` against the step's rows; `checked_batches` is the cursor of the batches
// a previous check already read. A parse error for a malformed step.
Result<CheckOutcome> CheckSinkRows(const StepDef& step, const structured::MemorySink& sink, structured::OutputMode mode,
                                   size_t* checked_batches);
// The watermark of the last progress. A parse error for a malformed step.
Result<CheckOutcome> CheckWatermark(const StepDef& step, const structured::Progress* last);
// The event-time statistics of the latest progress with input rows.
CheckOutcome CheckEventStats(const StepDef& step, const std::vector<structured::Progress>* recent);
// State rows: totals of the last progress, updates and late drops summed since the
// `progress_mark` cursor (moved to the end).
CheckOutcome CheckStateRows(const StepDef& step, const structured::Progress* last,
                            const std::vector<structured::Progress>* recent, size_t* progress_mark);
// Fields of the last progress by path.
CheckOutcome CheckProgress(const StepDef& step, const structured::Progress* last);

}  // namespace tideline::scenario
