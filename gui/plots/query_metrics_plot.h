#pragma once
// QueryMetricsPlot: a structured query's progress as four charts over the
// batch id, as in Spark's Structured Streaming tab: input rows and state rows
// of all operators; input rate and process rate (rows/s); batch duration
// (triggerExecution, ms); and the watermark gap (the batch's max event time
// minus its watermark, s). A chart whose values are all 0 (on the virtual
// clock no time passes unless the scenario moves it) says so. Fed from the
// trace through QueryMetricsModel::points(); setPoints() rebuilds the series
// and replots once. Fonts and colours follow the widget's. GUI thread only.

#include <QList>
#include <QWidget>
#include <vector>

#include "gui/models/query_metrics_model.h"

class QCustomPlot;

namespace tideline::studio {

class QueryMetricsPlot : public QWidget {
  Q_OBJECT

 public:
  explicit QueryMetricsPlot(QWidget* parent = nullptr);

  void setPoints(const std::vector<QueryMetricsModel::Point>& points);
  void replotNow();
  // The charts, row by row (what File > Export plot saves).
  QList<QCustomPlot*> plots() const { return {rows_plot_, rates_plot_, duration_plot_, gap_plot_}; }
  bool save(const QString& path, QString* error) const;

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void applyLook();

  QCustomPlot* rows_plot_ = nullptr;
  QCustomPlot* rates_plot_ = nullptr;
  QCustomPlot* duration_plot_ = nullptr;
  QCustomPlot* gap_plot_ = nullptr;
};

}  // namespace tideline::studio
