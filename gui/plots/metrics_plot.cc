#include "gui/plots/metrics_plot.h"

#include <qcustomplot.h>

#include <QVBoxLayout>
#include <algorithm>

namespace tideline::studio {

namespace {
void styleAxes(QCustomPlot* p, const QString& y_label) {
  p->xAxis->setLabel(QObject::tr("batch time (s)"));
  p->yAxis->setLabel(y_label);
  p->legend->setVisible(true);
  p->legend->setFont(QFont(p->font().family(), 8));
  p->setMinimumHeight(140);
}

QCPGraph* addGraph(QCustomPlot* p, const QString& name, const QColor& color, bool impulses) {
  QCPGraph* g = p->addGraph();
  g->setName(name);
  g->setPen(QPen(color, impulses ? 6 : 2));
  g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
  if (impulses) g->setLineStyle(QCPGraph::lsImpulse);
  return g;
}
}  // namespace

MetricsPlot::MetricsPlot(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  rows_plot_ = new QCustomPlot(this);
  time_plot_ = new QCustomPlot(this);
  rows_plot_->setObjectName(QStringLiteral("inputRowsPlot"));
  time_plot_->setObjectName(QStringLiteral("delaysPlot"));
  styleAxes(rows_plot_, tr("input rows"));
  styleAxes(time_plot_, tr("milliseconds"));
  addGraph(rows_plot_, tr("input rows"), QColor(33, 102, 172), true);
  addGraph(time_plot_, tr("processing time"), QColor(27, 120, 55), false);
  addGraph(time_plot_, tr("scheduling delay"), QColor(230, 97, 1), false);
  addGraph(time_plot_, tr("total delay"), QColor(118, 42, 131), false);
  layout->addWidget(rows_plot_);
  layout->addWidget(time_plot_);
}

void MetricsPlot::setPoints(const std::vector<MetricsModel::Point>& points) {
  QVector<double> x, rows, proc, sched, total;
  for (const auto& p : points) {
    x << p.seconds;
    rows << p.input_rows;
    proc << p.processing_ms;
    sched << p.scheduling_delay_ms;
    total << p.total_delay_ms;
  }
  rows_plot_->graph(0)->setData(x, rows, true);
  time_plot_->graph(0)->setData(x, proc, true);
  time_plot_->graph(1)->setData(x, sched, true);
  time_plot_->graph(2)->setData(x, total, true);
  const double x_max = x.isEmpty() ? 1.0 : std::max(1.0, x.back());
  for (QCustomPlot* p : {rows_plot_, time_plot_}) {
    p->xAxis->setRange(0, x_max + 0.5);
    bool found = false;
    QCPRange y(0, 1);
    for (int i = 0; i < p->graphCount(); ++i) {
      QCPRange r = p->graph(i)->getValueRange(found);
      if (found) y.upper = std::max(y.upper, r.upper);
    }
    p->yAxis->setRange(0, y.upper * 1.15);
    p->replot(QCustomPlot::rpQueuedReplot);
  }
}

void MetricsPlot::replotNow() {
  rows_plot_->replot();
  time_plot_->replot();
}

}  // namespace tideline::studio
