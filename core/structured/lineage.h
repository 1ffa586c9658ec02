#pragma once
// Lineage of a query's output rows ("why this row?", `tideline explain-row`): which source
// rows made an output row. A plain run keeps nothing: a LineageCapture installed on a
// query's options (QueryOptions::on_node_output) keeps every plan node's output rows of
// every batch, and Explain() then walks the plan from the top down, asking each operator
// which of its input rows make the rows asked about, by the operator's own rule:
//
//  - projections (explode included): the input rows whose projection gives the row;
//  - filters, watermarks, sorts, limits, deduplication, unions: the equal input rows;
//  - aggregations: the rows of its group and window in this batch and every batch
//    before it (the state holds them), rows the aggregation dropped as late marked so,
//    and the group's value after each batch that changed it;
//  - joins: the pair the join matched (a row of a stream-stream join may pair with one
//    from an earlier batch, which the join's state held), or the row an outer join
//    padded with nulls;
//  - (flat)MapGroupsWithState: the rows of its key in this batch and the earlier ones
//    (what built its state).
//
// Operators are re-evaluated on single rows with the batch's own time, so the answer is
// what the engine computed. Memory: every node's rows of every batch, meant for lessons
// and for a batch re-run from a keyframe, not for a full-speed replay. Not thread-safe.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/common/status.h"
#include "core/structured/plan.h"
#include "core/structured/query.h"

namespace tideline::structured {

// A source row that made an output row.
struct LineageInput {
  std::string source;   // the source's name
  int64_t batch = 0;    // the batch it arrived in
  Row row;
  std::string role;     // "", "left", "right" (joins), "late" (dropped as late, not counted)
};

// One step of a group's or a key's history: its value after a batch.
struct LineageState {
  int64_t batch = 0;
  Row value;
};

struct RowLineage {
  Row row;                              // the output row asked about
  std::vector<std::string> path;        // the operators walked, top first (explain()'s lines)
  std::vector<LineageInput> inputs;     // in batch order, then source order
  bool has_key = false;
  Row key;                              // the group or state key, when an aggregation or state made the row
  std::vector<LineageState> history;    // the group's value after each batch that changed it
};

class LineageCapture {
 public:
  // Makes `opts` report every node's rows to this capture. The capture must outlive the query.
  void Install(QueryOptions& opts);
  // The output rows of batch `batch` (the rows the sink was given), or an error when the
  // batch did not run.
  Result<std::vector<Row>> OutputRows(int64_t batch) const;
  // Why row `row` (0-based) of batch `batch`'s output is there.
  Result<RowLineage> Explain(int64_t batch, size_t row) const;

 private:
  struct BatchRows {
    Timestamp now, watermark;  // the batch's time and watermark (its input is not kept)
    std::vector<Row> rows;
    std::optional<Timestamp> late_watermark;  // a stateful node's: rows at or before it were late
  };
  void Capture(const PlanNode& n, const BatchContext& ctx, const std::vector<Row>& rows,
               std::optional<Timestamp> late_watermark);

  struct Walk;
  QueryOptions opts_;  // the query's, for evaluating its expressions
  const PlanNode* root_ = nullptr;  // the last node reported in a batch is the root
  std::map<const PlanNode*, std::map<int64_t, BatchRows>> rows_;
};

}  // namespace tideline::structured
