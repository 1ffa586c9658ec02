#pragma once
// The Structured Streaming side of a scenario, built through the C++ API as
// dstream_builder.h builds a DStream graph: BuildStructuredSources makes the sources
// (schemas, static rows, rates, file options, the arrivals of recordings), and
// StructuredQueryBuilder turns `query: {from, ops}` into a DataFrame with the operations
// of the registry (operations.h). The runner (structured_runner.cc) starts and drives the
// query. Errors in the file come back as parse errors with their position; an analysis
// error stays in the DataFrame, reported when the query starts, as Spark throws it.
// Not thread-safe.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/common/status.h"
#include "core/scenario/model.h"
#include "core/structured/dataframe.h"
#include "core/structured/query.h"
#include "core/value/schema.h"

namespace tideline::scenario {

// One row of a recording input, fed when the clock reaches `at`.
struct RecordedRow {
  Timestamp at;
  std::string input;
  structured::Row row;
};

struct StructuredSources {
  structured::Sources sources;
  std::vector<RecordedRow> recorded;  // the arrivals of recording inputs, in order
  Status start_error;                 // a source option that fails when the query starts
  SourcePos start_error_pos;          // where that option is written
};

// Builds the sources of the scenario's inputs into `out`.
Status BuildStructuredSources(const Scenario& sc, StructuredSources* out);

// The source that records fed from outside the steps go to: the streaming input named
// `input`, or the only streaming input when there is one; nullptr otherwise.
structured::SourceData* FedSource(structured::Sources& sources, const std::string& input);

// A record fed from outside the steps (a replay, a live run) as a row of `schema`: an
// array of its width as is; any value as the one string column of a one-column schema;
// otherwise nullopt (a malformed record).
std::optional<structured::Row> FedRecordAsRow(const Value& v, const Schema& schema);

// The columns of the rows a source is fed: its schema, without the timestamp column a
// socket source adds when it includes timestamps.
Schema FedSchema(const structured::SourceData& s);

// A YAML row (a list, a map by column, or a single value) as a row of `schema`.
Result<structured::Row> RowOf(const YNode& n, const Schema& schema);

// The query's time windows, for the Studio to draw the windows each row falls in:
// {kind: "window" | "session", sizeMs, slideMs, startMs, gapMs} per windowed aggregation.
std::vector<Value> WindowSpecs(const structured::PlanNode* root);

class StructuredQueryBuilder {
 public:
  // `sources` gives each input's schema; it must outlive the builder.
  StructuredQueryBuilder(const Scenario& sc, const structured::Sources& sources) : sc_(sc), sources_(sources) {}

  // The DataFrame of `query: {from, ops, as}`.
  Result<structured::DataFrame> Build(const YNode& query);
  // The query after its input and after each op, with the op's position.
  const std::vector<std::pair<SourcePos, structured::DataFrame>>& stages() const { return stages_; }
  // The op whose analysis failed first, if any.
  const SourcePos& analysis_pos() const { return analysis_pos_; }

 private:
  Result<structured::DataFrame> InputFrame(const YNode& name);
  Result<structured::DataFrame> ApplyOps(structured::DataFrame df, const YNode& ops,
                                         std::vector<std::pair<SourcePos, structured::DataFrame>>* stages = nullptr);
  Result<structured::DataFrame> SubQuery(const YNode& w);
  Result<structured::DataFrame> Join(const structured::DataFrame& df, const YNode& a);
  Result<structured::DataFrame> GroupState(const structured::DataFrame& df, const YNode& a, bool flat);

  const Scenario& sc_;
  const structured::Sources& sources_;
  std::vector<std::pair<SourcePos, structured::DataFrame>> stages_;
  SourcePos analysis_pos_;
};

}  // namespace tideline::scenario
