#include "gui/plots/metrics_plot.h"

#include <qcustomplot.h>

#include <QEvent>
#include <QVBoxLayout>
#include <algorithm>

#include "gui/plots/plot_export.h"

namespace tideline::studio {

namespace {
// Pen widths for the default font size; presentation mode scales them with the font.
constexpr double kImpulseWidth = 6, kLineWidth = 2, kScatterSize = 5, kDefaultPointSize = 9;
const char* const kBaseColor = "baseColor";  // the graph's colour for a light background

void styleAxes(QCustomPlot* p, const QString& x_label, const QString& y_label) {
  p->xAxis->setLabel(x_label);
  p->yAxis->setLabel(y_label);
  p->legend->setVisible(true);
  p->setMinimumHeight(140);
}

QCPGraph* addGraph(QCustomPlot* p, const QString& name, const QColor& color, bool impulses) {
  QCPGraph* g = p->addGraph();
  g->setName(name);
  g->setProperty(kBaseColor, color);
  g->setPen(QPen(color, impulses ? kImpulseWidth : kLineWidth));
  g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, kScatterSize));
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
  styleAxes(rows_plot_, tr("batch time (s)"), tr("input rows"));
  styleAxes(time_plot_, tr("batch time (s)"), tr("milliseconds"));
  addGraph(rows_plot_, tr("input rows"), QColor(33, 102, 172), true);
  addGraph(time_plot_, tr("processing time"), QColor(27, 120, 55), false);
  addGraph(time_plot_, tr("scheduling delay"), QColor(230, 97, 1), false);
  addGraph(time_plot_, tr("total delay"), QColor(118, 42, 131), false);
  layout->addWidget(rows_plot_);
  layout->addWidget(time_plot_);
  applyLook();
}

void MetricsPlot::changeEvent(QEvent* event) {
  if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange) applyLook();
  QWidget::changeEvent(event);
}

void MetricsPlot::applyLook() {
  const QPalette pal = palette();
  const QColor text = pal.color(QPalette::Text);
  const QColor base = pal.color(QPalette::Base);
  const QColor grid = pal.color(QPalette::Mid);
  const bool dark = base.lightness() < 128;
  const QFont f = font();
  const double scale = f.pointSizeF() > 0 ? std::max(1.0, f.pointSizeF() / kDefaultPointSize) : 1.0;
  QFont legend_font = f;
  if (f.pointSizeF() > 0) legend_font.setPointSizeF(f.pointSizeF() * 0.9);
  for (QCustomPlot* p : plots()) {
    p->setBackground(base);
    for (QCPAxis* axis : {p->xAxis, p->yAxis}) {
      axis->setBasePen(QPen(text, 1));
      axis->setTickPen(QPen(text, 1));
      axis->setSubTickPen(QPen(text, 1));
      axis->setTickLabelColor(text);
      axis->setLabelColor(text);
      axis->setTickLabelFont(f);
      axis->setLabelFont(f);
      axis->grid()->setPen(QPen(grid, 1, Qt::DotLine));
      axis->grid()->setZeroLinePen(QPen(grid, 1));
    }
    p->legend->setFont(legend_font);
    p->legend->setTextColor(text);
    p->legend->setBrush(base);
    p->legend->setBorderPen(QPen(text, 1));
    for (int i = 0; i < p->graphCount(); ++i) {
      QCPGraph* g = p->graph(i);
      const QColor c = g->property(kBaseColor).value<QColor>();
      const bool impulses = g->lineStyle() == QCPGraph::lsImpulse;
      g->setPen(QPen(dark ? c.lighter(170) : c, (impulses ? kImpulseWidth : kLineWidth) * scale));
      g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, kScatterSize * scale));
    }
    p->replot(QCustomPlot::rpQueuedReplot);
  }
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
