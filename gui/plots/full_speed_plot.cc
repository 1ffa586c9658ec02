#include "gui/plots/full_speed_plot.h"

#include <qcustomplot.h>

#include <QEvent>
#include <QVBoxLayout>
#include <algorithm>

namespace tideline::studio {

namespace {

void addGraph(QCustomPlot* p, const QColor& color) {
  QCPGraph* g = p->addGraph();
  g->setPen(QPen(color, 2));
  g->setAdaptiveSampling(true);
}

void fit(QCustomPlot* p, double x_min, double x_max) {
  p->xAxis->setRange(x_min, std::max(x_max, x_min + 1.0));
  double top = 1;
  for (int i = 0; i < p->graphCount(); ++i) {
    bool found = false;
    QCPRange r = p->graph(i)->getValueRange(found);
    if (found) top = std::max(top, r.upper);
  }
  p->yAxis->setRange(0, top * 1.15);
  p->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace

FullSpeedPlot::FullSpeedPlot(QWidget* parent)
    : QWidget(parent), top_(new QCustomPlot(this)), bottom_(new QCustomPlot(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  top_->setObjectName(QStringLiteral("fullSpeedTopPlot"));
  bottom_->setObjectName(QStringLiteral("fullSpeedBottomPlot"));
  for (QCustomPlot* p : {top_, bottom_}) {
    p->setMinimumHeight(120);
    p->setPlottingHint(QCP::phImmediateRefresh, false);  // painted with the window's next paint
    p->legend->setVisible(true);
    p->xAxis->setLabel(tr("batch time (s)"));
    layout->addWidget(p);
  }
  addGraph(top_, QColor(33, 102, 172));
  addGraph(top_, QColor(27, 120, 55));
  addGraph(bottom_, QColor(230, 97, 1));
  structured_ = true;  // so that the next call names the graphs
  setStructured(false);
  applyLook();
}

void FullSpeedPlot::changeEvent(QEvent* event) {
  if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange) applyLook();
  QWidget::changeEvent(event);
}

// Colours and fonts follow the widget's palette and font (themes, presentation mode).
void FullSpeedPlot::applyLook() {
  const QPalette pal = palette();
  const QColor text = pal.color(QPalette::Text);
  const QColor base = pal.color(QPalette::Base);
  for (QCustomPlot* p : plots()) {
    p->setBackground(base);
    for (QCPAxis* axis : {p->xAxis, p->yAxis}) {
      axis->setBasePen(QPen(text, 1));
      axis->setTickPen(QPen(text, 1));
      axis->setSubTickPen(QPen(text, 1));
      axis->setTickLabelColor(text);
      axis->setLabelColor(text);
      axis->setTickLabelFont(font());
      axis->setLabelFont(font());
      axis->grid()->setPen(QPen(pal.color(QPalette::Mid), 1, Qt::DotLine));
    }
    p->legend->setFont(font());
    p->legend->setTextColor(text);
    p->legend->setBrush(base);
    p->legend->setBorderPen(QPen(text, 1));
    p->replot(QCustomPlot::rpQueuedReplot);
  }
}

void FullSpeedPlot::setStructured(bool structured) {
  if (structured == structured_) return;
  structured_ = structured;
  if (structured) {
    top_->yAxis->setLabel(tr("rows per second"));
    top_->graph(0)->setName(tr("input rows/s"));
    top_->graph(1)->setName(tr("processed rows/s"));
    top_->graph(1)->setVisible(true);
    top_->graph(1)->addToLegend();
    bottom_->yAxis->setLabel(tr("state rows"));
    bottom_->graph(0)->setName(tr("state rows"));
  } else {
    top_->yAxis->setLabel(tr("input rows"));
    top_->graph(0)->setName(tr("input rows per batch"));
    top_->graph(1)->setVisible(false);
    top_->graph(1)->removeFromLegend();
    bottom_->yAxis->setLabel(tr("milliseconds"));
    bottom_->graph(0)->setName(tr("processing time (real)"));
  }
}

void FullSpeedPlot::setBatches(const std::vector<FullSpeedBatch>& batches, bool structured) {
  setStructured(structured);
  QVector<double> x, a, b, c;
  x.reserve(static_cast<int>(batches.size()));
  for (size_t i = 0; i < batches.size(); ++i) {
    const FullSpeedBatch& p = batches[i];
    x << p.seconds;
    if (structured) {
      // Spark's inputRowsPerSecond (over the virtual time since the batch before) and
      // processedRowsPerSecond (over the real time the batch took).
      const double since = i > 0 ? p.seconds - batches[i - 1].seconds : 0;
      a << (since > 0 ? static_cast<double>(p.inputRows) / since : 0.0);
      b << (p.wallMs > 0 ? static_cast<double>(p.inputRows) * 1000.0 / p.wallMs : 0.0);
      c << static_cast<double>(p.stateRows);
    } else {
      a << static_cast<double>(p.inputRows);
      c << p.wallMs;
    }
  }
  top_->graph(0)->setData(x, a, true);
  top_->graph(1)->setData(structured ? x : QVector<double>(), b, true);
  bottom_->graph(0)->setData(x, c, true);
  const double x_min = x.isEmpty() ? 0 : x.front();
  const double x_max = x.isEmpty() ? 1 : x.back();
  fit(top_, x_min, x_max);
  fit(bottom_, x_min, x_max);
}

int FullSpeedPlot::pointCount() const { return top_->graph(0)->dataCount(); }

}  // namespace tideline::studio
