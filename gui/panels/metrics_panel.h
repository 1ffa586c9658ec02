#pragma once
// MetricsPanel: per-batch metrics as charts and as a table: for DStreams
// (MetricsPlot, MetricsModel) input rows, processing time and delays over
// batch time; for a structured query (QueryMetricsPlot, QueryMetricsModel)
// its progress over batch ids: input and state rows, input and process rates,
// batch duration and watermark gap. GUI thread only.

#include <QWidget>

class QStackedWidget;

namespace tideline::studio {

class StudioSession;
class MetricsModel;
class MetricsPlot;
class QueryMetricsModel;
class QueryMetricsPlot;

class MetricsPanel : public QWidget {
  Q_OBJECT

 public:
  MetricsPanel(const StudioSession& session, QWidget* parent = nullptr);
  void refresh();
  MetricsPlot* plot() const { return plot_; }
  QueryMetricsPlot* queryPlot() const { return query_plot_; }
  // Saves the charts shown (PNG, PDF or SVG by the suffix of `path`).
  bool save(const QString& path, QString* error) const;
  // Renders the charts shown now.
  void replotNow();

 private:
  const StudioSession& session_;
  MetricsModel* model_;
  MetricsPlot* plot_;
  QueryMetricsModel* query_model_;
  QueryMetricsPlot* query_plot_;
  QStackedWidget* charts_;
  QStackedWidget* tables_;
};

}  // namespace tideline::studio
