#include "gui/plots/query_metrics_plot.h"

#include <qcustomplot.h>

#include <QEvent>
#include <QFontMetrics>
#include <QGridLayout>
#include <QScrollArea>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "gui/plots/plot_export.h"
#include "gui/plots/plot_style.h"

namespace tideline::studio {

QueryMetricsPlot::QueryMetricsPlot(QWidget* parent) : QWidget(parent) {
  // The charts scroll when large fonts (presentation mode) make them taller than the dock.
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(0, 0, 0, 0);
  auto* scroll = new QScrollArea(this);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  auto* charts = new QWidget(scroll);
  auto* layout = new QGridLayout(charts);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  scroll->setWidget(charts);
  outer->addWidget(scroll);
  auto make = [charts](const char* name, const QString& y_label) {
    auto* p = new QCustomPlot(charts);
    p->setObjectName(QString::fromLatin1(name));
    styleAxes(p, tr("batch"), y_label, 120);
    auto ticks = QSharedPointer<QCPAxisTickerFixed>::create();  // batch ids are whole numbers
    ticks->setTickStep(1);
    ticks->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    ticks->setTickCount(6);
    p->xAxis->setTicker(ticks);
    p->yAxis->ticker()->setTickCount(4);
    placeLegendAbove(p);
    keepLegendFitted(p);
    return p;
  };
  rows_plot_ = make("queryRowsPlot", tr("rows"));
  rates_plot_ = make("queryRatesPlot", tr("rows/s"));
  duration_plot_ = make("queryDurationPlot", tr("ms"));
  gap_plot_ = make("watermarkGapPlot", tr("seconds"));
  addSeries(rows_plot_, tr("input rows"), QColor(33, 102, 172), SeriesStyle::kImpulses);
  addSeries(rows_plot_, tr("state rows"), QColor(118, 42, 131), SeriesStyle::kLine);
  addSeries(rates_plot_, tr("input rate"), QColor(33, 102, 172), SeriesStyle::kLine);
  addSeries(rates_plot_, tr("process rate"), QColor(27, 120, 55), SeriesStyle::kLine);
  addSeries(duration_plot_, tr("batch duration"), QColor(230, 97, 1), SeriesStyle::kLine);
  addSeries(gap_plot_, tr("watermark gap"), QColor(178, 24, 43), SeriesStyle::kLine);
  rows_plot_->setToolTip(tr("Input rows: numInputRows of each batch. State rows: the rows all stateful operators "
                            "hold after it (stateOperators.numRowsTotal)."));
  rates_plot_->setToolTip(tr("Input rate: rows that arrived per second since the previous trigger started. Process "
                             "rate: rows processed per second of batch duration (Spark divides by at least 1 ms)."));
  duration_plot_->setToolTip(tr("Batch duration: triggerExecution, the virtual time the batch took (0 unless the "
                                "clock moves during it or the scenario sets a cost model)."));
  gap_plot_->setToolTip(tr("Watermark gap: the batch's latest event time minus the watermark it ran with. None "
                           "before the first watermark or for a batch without rows."));
  layout->addWidget(rows_plot_, 0, 0);
  layout->addWidget(rates_plot_, 0, 1);
  layout->addWidget(duration_plot_, 1, 0);
  layout->addWidget(gap_plot_, 1, 1);
  applyLook();
}

void QueryMetricsPlot::changeEvent(QEvent* event) {
  if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange) applyLook();
  QWidget::changeEvent(event);
}

void QueryMetricsPlot::applyLook() {
  for (QCustomPlot* p : plots()) {
    applyPlotLook(p, palette(), font());
    p->setMinimumHeight(std::max(120, 10 * QFontMetrics(font()).height() - 30));
  }
}

bool QueryMetricsPlot::save(const QString& path, QString* error) const { return exportPlots(plots(), path, error); }

void QueryMetricsPlot::setPoints(const std::vector<QueryMetricsModel::Point>& points) {
  QVector<double> x, rows, state, in_rate, proc_rate, duration, gap_x, gap;
  for (const auto& p : points) {
    x << p.batch;
    rows << p.input_rows;
    state << p.state_rows;
    in_rate << p.input_rate;
    proc_rate << p.process_rate;
    duration << p.duration_ms;
    if (p.watermark_gap_s) {
      gap_x << p.batch;
      gap << *p.watermark_gap_s;
    }
  }
  rows_plot_->graph(0)->setData(x, rows);
  rows_plot_->graph(1)->setData(x, state);
  rates_plot_->graph(0)->setData(x, in_rate);
  rates_plot_->graph(1)->setData(x, proc_rate);
  duration_plot_->graph(0)->setData(x, duration);
  gap_plot_->graph(0)->setData(gap_x, gap);
  double x_max = 1;
  for (double v : x) x_max = std::max(x_max, v);
  for (QCustomPlot* p : plots()) {
    for (int i = 0; i < p->graphCount(); ++i) thinMarkers(p->graph(i));
    p->xAxis->setRange(-0.5, x_max + 0.5);
    QCPRange y(0, 1);
    for (int i = 0; i < p->graphCount(); ++i) {
      bool found = false;
      const QCPRange r = p->graph(i)->getValueRange(found);
      if (found) y.expand(r);  // a watermark gap is negative when a batch's rows are all behind the watermark
    }
    const double pad = (y.upper - y.lower) * 0.15;
    p->yAxis->setRange(y.lower < 0 ? y.lower - pad : 0, y.upper + pad);
    p->replot(QCustomPlot::rpQueuedReplot);
  }
  auto all_zero = [&points](auto field) {
    return !points.empty() && std::all_of(points.begin(), points.end(), [&](const auto& p) { return field(p) == 0; });
  };
  // Odd values, explained where they are seen.
  const bool floor = std::any_of(points.begin(), points.end(),
                                 [](const auto& p) { return p.duration_ms == 0 && p.process_rate > 0; });
  setPlotNote(rates_plot_, all_zero([](const auto& p) { return p.input_rate + p.process_rate; })
                               ? tr("0 rows/s in every batch:\nno virtual time passes")
                           : floor ? tr("a 0 ms batch counts as 1 ms:\nN rows show N × 1000 rows/s")
                                   : QString());
  setPlotNote(duration_plot_, all_zero([](const auto& p) { return p.duration_ms; })
                                  ? tr("0 ms in every batch:\nno virtual time passes")
                                  : QString());
  const bool negative = std::any_of(gap.begin(), gap.end(), [](double g) { return g < 0; });
  setPlotNote(gap_plot_, gap.isEmpty() && !points.empty()
                             ? tr("no gap yet: no batch with\nrows ran with a watermark")
                         : negative ? tr("below 0: that batch's rows\nwere all behind its watermark")
                                    : QString());
}

void QueryMetricsPlot::replotNow() {
  for (QCustomPlot* p : plots()) p->replot();
}

}  // namespace tideline::studio
