#pragma once
// MetricsPlot: the per-batch metrics of a run as two charts over virtual time
// (x: batch time in seconds from the scenario's start): input rows, and
// processing time, scheduling delay and total delay in milliseconds. Fed from
// the trace through MetricsModel::points(); setPoints() rebuilds the series
// and replots once. Owns its QCustomPlot widgets. GUI thread only.

#include <QWidget>
#include <vector>

#include "gui/models/metrics_model.h"

class QCustomPlot;

namespace tideline::studio {

class MetricsPlot : public QWidget {
  Q_OBJECT

 public:
  explicit MetricsPlot(QWidget* parent = nullptr);

  void setPoints(const std::vector<MetricsModel::Point>& points);
  // Renders both charts at once (the queued replot runs later otherwise).
  void replotNow();

 private:
  QCustomPlot* rows_plot_ = nullptr;
  QCustomPlot* time_plot_ = nullptr;
};

}  // namespace tideline::studio
