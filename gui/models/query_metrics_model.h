#pragma once
// QueryMetricsModel: a structured query's progress, one row per finished
// batch, as Spark's Structured Streaming tab shows it: batch id, input rows,
// input rate and process rate (rows/s), batch duration (triggerExecution, ms),
// the watermark the batch ran with, the watermark gap (the batch's max event
// time minus that watermark, in seconds; none without data or before the
// first watermark, as in Spark) and the state rows of all operators. points()
// gives the same numbers to the query metrics plot. Read from the
// StreamingQueryProgress JSON of kBatchFinished (QueryTimeline). Rows are
// linked to the selection by batch id. Rebuilt from the session's trace prefix
// by refresh(). GUI thread only.

#include <optional>
#include <vector>

#include "gui/models/trace_table_model.h"

namespace tideline::studio {

class QueryMetricsModel : public TraceTableModel {
  Q_OBJECT

 public:
  explicit QueryMetricsModel(const StudioSession& session, QObject* parent = nullptr);
  struct Point {
    double batch = 0;  // the batch id
    double input_rows = 0, input_rate = 0, process_rate = 0, duration_ms = 0, state_rows = 0;
    std::optional<double> watermark_gap_s;
  };
  std::vector<Point> points() const;

 protected:
  void build(std::vector<Row>* rows, QStringList* columns) const override;
};

}  // namespace tideline::studio
