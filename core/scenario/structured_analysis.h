#pragma once
// The analysis of a structured scenario's query before any step runs (Runner::Analyze,
// AnalyzePipeline): the error the query would raise when it first starts, positioned at
// the op, the sink setting or the source option that causes it. A free function over what
// the runner built; it runs nothing.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/common/status.h"
#include "core/scenario/model.h"
#include "core/scenario/structured_sink.h"
#include "core/structured/dataframe.h"

namespace tideline::scenario {

// What the runner built from the file.
struct StructuredAnalysisInput {
  const Scenario& sc;
  const SinkSpec& spec;
  const Status& start_error;     // a source option that fails when the query starts
  SourcePos start_error_pos;     // where that option is written
  const structured::DataFrame& df;
  SourcePos analysis_pos;        // the op whose analysis failed first
  const std::vector<std::pair<SourcePos, structured::DataFrame>>& stages;  // after the input and each op
};

// The first error the query raises when it starts with the configuration of its first
// start (the sink's trigger and the scenario's config, or what the startStream step that
// first starts it gives), in StreamingQuery::Start's order: the sources' options and the
// sink's checks, the analysis, then Spark's unsupported operations for the output mode and
// the trigger. Ok when it starts.
Status AnalyzeStructuredQuery(const StructuredAnalysisInput& in);

// What fails before StreamingQuery::Start analyses the query: a setting SQLConf rejects
// (spark.sql.streaming.multipleWatermarkPolicy), the sources' options, and
// DataStreamWriter.start's checks of the sink and its options.
Status StructuredSinkChecks(const Status& start_error, const SinkSpec& spec, const structured::Trigger& trigger,
                            const std::map<std::string, std::string>& config);

}  // namespace tideline::scenario
