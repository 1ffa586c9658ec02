#pragma once
// MetricsPlot: the per-batch metrics of a run as two charts over virtual time
// (x: batch time in seconds from the scenario's start): input rows, and
// processing time, scheduling delay and total delay in milliseconds. Fed from
// the trace through MetricsModel::points(); setPoints() rebuilds the series
// and replots once. Fonts and colours follow the widget's font and palette
// (presentation mode, light and dark themes). Owns its QCustomPlot widgets.
// GUI thread only.

#include <QList>
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
  // Both charts, top to bottom (what File > Export plot saves).
  QList<QCustomPlot*> plots() const { return {rows_plot_, time_plot_}; }
  // Saves both charts as one PNG, PDF or SVG picture (see exportPlots()).
  bool save(const QString& path, QString* error) const;

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void applyLook();

  QCustomPlot* rows_plot_ = nullptr;
  QCustomPlot* time_plot_ = nullptr;
};

}  // namespace tideline::studio
