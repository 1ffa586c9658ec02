#include "gui/plots/metrics_plot.h"

#include <qcustomplot.h>

#include <QEvent>
#include <QVBoxLayout>
#include <algorithm>

#include "gui/plots/plot_export.h"
#include "gui/plots/plot_style.h"

namespace tideline::studio {

MetricsPlot::MetricsPlot(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  rows_plot_ = new QCustomPlot(this);
  time_plot_ = new QCustomPlot(this);
  rows_plot_->setObjectName(QStringLiteral("inputRowsPlot"));
  time_plot_->setObjectName(QStringLiteral("delaysPlot"));
  styleAxes(rows_plot_, tr("batch time"), tr("input rows"));
  styleAxes(time_plot_, tr("batch time"), tr("milliseconds"));
  rows_plot_->setToolTip(tr("Input rows: the records each batch received (the Streaming UI's input rate is "
                            "these over the batch interval)."));
  time_plot_->setToolTip(tr("Processing time: how long a batch's jobs took. Scheduling delay: how long it waited "
                            "for the batches before it. Total delay: both. When processing time passes the batch "
                            "interval, batches queue up and the scheduling delay grows."));
  for (QCustomPlot* p : {rows_plot_, time_plot_}) p->xAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
  addSeries(rows_plot_, tr("input rows"), QColor(33, 102, 172), SeriesStyle::kImpulses);
  addSeries(time_plot_, tr("processing time"), QColor(27, 120, 55), SeriesStyle::kLine);
  addSeries(time_plot_, tr("scheduling delay"), QColor(230, 97, 1), SeriesStyle::kLine);
  addSeries(time_plot_, tr("total delay"), QColor(118, 42, 131), SeriesStyle::kLine);
  for (QCustomPlot* p : plots()) {
    placeLegendAbove(p);
    keepLegendFitted(p);
  }
  layout->addWidget(rows_plot_);
  layout->addWidget(time_plot_);
  applyLook();
}

void MetricsPlot::changeEvent(QEvent* event) {
  if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange) applyLook();
  QWidget::changeEvent(event);
}

void MetricsPlot::applyLook() {
  for (QCustomPlot* p : plots()) applyPlotLook(p, palette(), font());
}

bool MetricsPlot::save(const QString& path, QString* error) const { return exportPlots(plots(), path, error); }

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
  for (QCustomPlot* p : plots())
    for (int i = 0; i < p->graphCount(); ++i) thinMarkers(p->graph(i));
  const double x_max = x.isEmpty() ? 1.0 : std::max(1.0, x.back());
  // Batch times labelled as every panel writes them, at most about five labels.
  const size_t every = std::max<size_t>(1, (points.size() + 4) / 5);
  for (QCustomPlot* p : {rows_plot_, time_plot_}) {
    auto* ticker = static_cast<QCPAxisTickerText*>(p->xAxis->ticker().data());
    ticker->clear();
    for (size_t i = 0; i < points.size(); i += every) ticker->addTick(points[i].seconds, points[i].time_label);
  }
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
  // On the virtual clock batches often take no time: say so rather than draw flat lines alone.
  const bool all_zero = !points.empty() && std::all_of(points.begin(), points.end(), [](const auto& p) {
    return p.processing_ms == 0 && p.scheduling_delay_ms == 0 && p.total_delay_ms == 0;
  });
  setPlotNote(time_plot_, all_zero ? tr("0 ms in every batch: the scenario sets no cost model\n(tideline.cost.perRecord, tideline.cost.perBatch)")
                                   : QString());
}

void MetricsPlot::replotNow() {
  rows_plot_->replot();
  time_plot_->replot();
}

}  // namespace tideline::studio
