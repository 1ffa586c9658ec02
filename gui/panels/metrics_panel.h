#pragma once
// MetricsPanel: per-batch metrics as charts (MetricsPlot) and as a table.
// GUI thread only.

#include <QWidget>

namespace tideline::studio {

class StudioSession;
class MetricsModel;
class MetricsPlot;

class MetricsPanel : public QWidget {
  Q_OBJECT

 public:
  MetricsPanel(const StudioSession& session, QWidget* parent = nullptr);
  void refresh();
  MetricsPlot* plot() const { return plot_; }

 private:
  MetricsModel* model_;
  MetricsPlot* plot_;
};

}  // namespace tideline::studio
