#include "gui/plots/plot_style.h"

#include <qcustomplot.h>

#include <QEvent>
#include <QFontMetrics>
#include <QGuiApplication>
#include <QHash>
#include <QPainter>
#include <QPixmap>
#include <QWidget>
#include <algorithm>
#include <cmath>
#include <vector>

namespace tideline::studio {

namespace {
constexpr double kImpulseWidth = 6, kLineWidth = 2, kScatterSize = 5;
const char* const kBaseColor = "baseColor";    // the graph's colour for a light background
const char* const kSeriesStyle = "seriesStyle";  // its SeriesStyle, as an int
const char* const kNoteName = "plotNote";      // the object name of the note item
const char* const kLegendAbove = "legendAbove";  // set on a plot whose legend is a row above it

QString number(double v) { return QString::number(v, 'g', 10); }

// A series' marker (an open circle in its pen) drawn once as a pixmap: the plot draws a
// pixmap per point instead of stroking an antialiased ellipse, several times cheaper.
QCPScatterStyle circleMarker(const QPen& pen, double size) {
  static QHash<QString, QPixmap> drawn;
  const qreal dpr = qApp ? qApp->devicePixelRatio() : 1.0;
  const QString key = QStringLiteral("%1/%2/%3/%4").arg(pen.color().name(QColor::HexArgb)).arg(pen.widthF()).arg(size).arg(dpr);
  auto it = drawn.find(key);
  if (it == drawn.end()) {
    const int side = static_cast<int>(std::ceil((size + pen.widthF() + 2) * dpr));
    QPixmap pm(side, side);
    pm.fill(Qt::transparent);
    QPainter painter(&pm);
    painter.setRenderHint(QPainter::Antialiasing);
    QPen p = pen;
    p.setWidthF(pen.widthF() * dpr);
    painter.setPen(p);
    painter.setBrush(Qt::NoBrush);
    const double r = size * dpr / 2;
    painter.drawEllipse(QPointF(side / 2.0, side / 2.0), r, r);
    painter.end();
    pm.setDevicePixelRatio(dpr);
    it = drawn.insert(key, pm);
  }
  return QCPScatterStyle(*it);
}
}  // namespace

double plotScale(const QFont& font) {
  return font.pointSizeF() > 0 ? std::max(1.0, font.pointSizeF() / kDefaultPointSize) : 1.0;
}

void styleAxes(QCustomPlot* p, const QString& x_label, const QString& y_label, int min_height) {
  p->xAxis->setLabel(x_label);
  p->yAxis->setLabel(y_label);
  p->legend->setVisible(true);
  p->setMinimumHeight(min_height);
  // A replot repaints with the window's next paint, not at once: the plots of one step
  // are painted together (an immediate repaint each flushed the window once per plot).
  p->setPlottingHint(QCP::phImmediateRefresh, false);
}

void placeLegendAbove(QCustomPlot* p) {
  p->plotLayout()->insertRow(0);
  p->plotLayout()->addElement(0, 0, p->legend);
  p->plotLayout()->setRowStretchFactor(0, 0.001);
  p->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
  p->legend->setMargins(QMargins(2, 2, 2, 0));
  p->legend->setColumnSpacing(6);
  p->setProperty(kLegendAbove, true);
}

void fitLegend(QCustomPlot* p) {
  // Entries sit in columns as wide as their widest entry: n to a line fit when the n widest do.
  const QFontMetrics fm(p->legend->font());
  std::vector<int> widths;
  for (int i = 0; i < p->legend->itemCount(); ++i)
    if (auto* item = qobject_cast<QCPPlottableLegendItem*>(p->legend->item(i)))
      widths.push_back(fm.horizontalAdvance(item->plottable()->name()) + p->legend->iconSize().width() +
                       p->legend->iconTextPadding() + p->legend->columnSpacing() + 8);
  std::sort(widths.rbegin(), widths.rend());
  int wrap = 0, used = 0;
  for (int w : widths) {
    if (wrap > 0 && used + w > p->width() - 10) break;
    used += w;
    ++wrap;
  }
  wrap = std::clamp(wrap, 1, 6);
  if (wrap != p->legend->wrap()) {
    p->legend->setWrap(wrap);
    p->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);  // lays the entries out again
  }
}

namespace {
class LegendFitter : public QObject {
 public:
  using QObject::QObject;
  bool eventFilter(QObject* watched, QEvent* event) override {
    if (event->type() == QEvent::Resize) {
      auto* p = static_cast<QCustomPlot*>(watched);
      fitLegend(p);
      p->replot(QCustomPlot::rpQueuedReplot);
    }
    return false;
  }
};
}  // namespace

void keepLegendFitted(QCustomPlot* p) { p->installEventFilter(new LegendFitter(p)); }

QCPGraph* addSeries(QCustomPlot* p, const QString& name, const QColor& color, SeriesStyle style) {
  QCPGraph* g = p->addGraph();
  g->setName(name);
  g->setProperty(kBaseColor, color);
  g->setProperty(kSeriesStyle, static_cast<int>(style));
  g->setPen(QPen(color, style == SeriesStyle::kImpulses ? kImpulseWidth : kLineWidth));
  g->setScatterStyle(circleMarker(g->pen(), kScatterSize));
  if (style == SeriesStyle::kImpulses) g->setLineStyle(QCPGraph::lsImpulse);
  if (style == SeriesStyle::kPoints) g->setLineStyle(QCPGraph::lsNone);
  return g;
}


void thinMarkers(QCPGraph* g) {
  const int points = g->dataCount();
  g->setScatterSkip(points > kMostMarkers ? points / kMostMarkers : 0);
}

void applyPlotLook(QCustomPlot* p, const QPalette& pal, const QFont& f) {
  const QColor text = pal.color(QPalette::Text);
  const QColor base = pal.color(QPalette::Base);
  const QColor grid = pal.color(QPalette::Mid);
  const bool dark = base.lightness() < 128;
  const double scale = plotScale(f);
  QFont legend_font = f;
  if (f.pointSizeF() > 0) legend_font.setPointSizeF(f.pointSizeF() * 0.9);
  p->setBackground(base);
  for (QCPAxis* axis : p->axisRect()->axes()) {
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
  const bool above = p->property(kLegendAbove).toBool();
  p->legend->setBrush(above ? QBrush(Qt::NoBrush) : QBrush(base));
  p->legend->setBorderPen(above ? QPen(Qt::NoPen) : QPen(text, 1));
  for (int i = 0; i < p->graphCount(); ++i) {
    QCPGraph* g = p->graph(i);
    if (!g->property(kSeriesStyle).isValid()) continue;  // styled by its plot
    const QColor c = g->property(kBaseColor).value<QColor>();
    const auto style = static_cast<SeriesStyle>(g->property(kSeriesStyle).toInt());
    g->setPen(QPen(dark ? c.lighter(170) : c, (style == SeriesStyle::kImpulses ? kImpulseWidth : kLineWidth) * scale));
    g->setScatterStyle(circleMarker(g->pen(), kScatterSize * scale));
  }
  for (int i = 0; i < p->itemCount(); ++i)
    if (auto* note = qobject_cast<QCPItemText*>(p->item(i)); note && note->objectName() == QLatin1String(kNoteName)) {
      note->setColor(text);
      note->setFont(legend_font);
    }
  p->replot(QCustomPlot::rpQueuedReplot);
}

void setPlotNote(QCustomPlot* p, const QString& text) {
  QCPItemText* note = nullptr;
  for (int i = 0; i < p->itemCount(); ++i)
    if (auto* t = qobject_cast<QCPItemText*>(p->item(i)); t && t->objectName() == QLatin1String(kNoteName)) note = t;
  if (!note) {
    note = new QCPItemText(p);
    note->setObjectName(QLatin1String(kNoteName));
    note->position->setType(QCPItemPosition::ptAxisRectRatio);
    note->position->setCoords(0.5, 0.45);
    note->setPositionAlignment(Qt::AlignCenter);
    note->setTextAlignment(Qt::AlignCenter);
    note->setColor(p->xAxis->labelColor());
    note->setFont(p->legend->font());
    note->setClipToAxisRect(true);
  }
  note->setText(text);
  note->setVisible(!text.isEmpty());
}

QString describePlots(const QWidget* root) {
  QString s;
  for (const QCustomPlot* p : root->findChildren<QCustomPlot*>()) {
    s += QStringLiteral("plot %1\n").arg(p->objectName());
    for (QCPAxis* axis : p->axisRect()->axes()) {
      if (!axis->visible()) continue;
      s += QStringLiteral("axis %1 [%2, %3]\n").arg(axis->label(), number(axis->range().lower), number(axis->range().upper));
      if (auto text = axis->ticker().dynamicCast<QCPAxisTickerText>())
        for (auto it = text->ticks().constBegin(); it != text->ticks().constEnd(); ++it)
          s += QStringLiteral(" tick %1 %2\n").arg(number(it.key()), it.value());
    }
    for (int i = 0; i < p->graphCount(); ++i) {
      const QCPGraph* g = p->graph(i);
      s += QStringLiteral("graph %1 %2:").arg(g->name()).arg(g->visible());
      for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it)
        s += QStringLiteral(" (%1,%2)").arg(number(it->key), number(it->value));
      s += QLatin1Char('\n');
    }
    for (int i = 0; i < p->itemCount(); ++i) {
      const QCPAbstractItem* item = p->item(i);
      s += QStringLiteral("item %1 %2").arg(QString::fromLatin1(item->metaObject()->className())).arg(item->visible());
      for (const QCPItemPosition* pos : item->positions())
        s += QStringLiteral(" (%1,%2)").arg(number(pos->coords().x()), number(pos->coords().y()));
      if (auto* text = qobject_cast<const QCPItemText*>(item)) s += QLatin1Char(' ') + text->text();
      if (auto* rect = qobject_cast<const QCPItemRect*>(item)) s += QLatin1Char(' ') + rect->brush().color().name(QColor::HexArgb);
      if (auto* line = qobject_cast<const QCPItemStraightLine*>(item)) s += QLatin1Char(' ') + line->pen().color().name();
      s += QLatin1Char('\n');
    }
  }
  return s;
}

}  // namespace tideline::studio
