#pragma once
// MetricsModel: one row per finished batch (kBatchFinished): input
// rows, processing time, scheduling delay and total delay, in milliseconds.
// points() gives the same numbers to the metrics plot.
// Rebuilt from the session's trace prefix by refresh(). GUI thread only.

#include <QString>
#include <vector>

#include "gui/models/trace_table_model.h"

namespace tideline::studio {

class MetricsModel : public TraceTableModel {
  Q_OBJECT

 public:
  explicit MetricsModel(const StudioSession& session, QObject* parent = nullptr);
  struct Point {
    double seconds = 0;  // batch time, seconds from the scenario's start
    QString time_label;  // the batch time as every panel writes it
    double input_rows = 0, processing_ms = 0, scheduling_delay_ms = 0, total_delay_ms = 0;
  };
  std::vector<Point> points() const;

 protected:
  void build(std::vector<Row>* rows, QStringList* columns) const override;
};

}  // namespace tideline::studio
