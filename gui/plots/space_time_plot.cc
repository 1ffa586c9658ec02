#include "gui/plots/space_time_plot.h"

#include <qcustomplot.h>

#include <QEvent>
#include <QFontMetrics>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <tuple>

#include "gui/plots/plot_export.h"
#include "gui/plots/plot_style.h"
#include "gui/session/selection.h"
#include "gui/session/studio_session.h"

namespace tideline::studio {

namespace {

const QColor kOnTime(33, 102, 172);
const QColor kLate(230, 97, 1);
const QColor kDropped(203, 24, 29);
const QColor kWaiting(130, 130, 130);
const QColor kWatermark(153, 52, 4);
const QColor kCurrent(255, 179, 0);
const QColor kLinked(0, 114, 255);
const QColor kOpenWindow(66, 146, 198);
const QColor kClosedWindow(140, 140, 140);
constexpr double kPointSize = 10;
constexpr int kNearPixels = 8;
constexpr int kMaxLabels = 40;   // more rows than this: no name next to each point
constexpr int kMaxBatchLabels = 30;
const char* const kFateProperty = "recordFate";
const char* const kRole = "spaceTimeRole";  // what a graph is: "fate", "watermark", "current", "linked"

QCPScatterStyle::ScatterShape shapeFor(int input, bool crossed) {
  switch (input % 3) {
    case 0: return crossed ? QCPScatterStyle::ssCrossCircle : QCPScatterStyle::ssCircle;
    case 1: return crossed ? QCPScatterStyle::ssCrossSquare : QCPScatterStyle::ssSquare;
    default: return crossed ? QCPScatterStyle::ssCross : QCPScatterStyle::ssDiamond;
  }
}

QCPScatterStyle fateStyle(RecordFate fate, int input, double scale, bool dark) {
  const double size = kPointSize * scale;
  auto c = [dark](const QColor& color) { return dark ? color.lighter(150) : color; };
  switch (fate) {
    case RecordFate::kOnTime:
      return QCPScatterStyle(shapeFor(input, false), QPen(c(kOnTime), 1.5 * scale), QBrush(c(kOnTime)), size);
    case RecordFate::kLate:
      return QCPScatterStyle(shapeFor(input, false), QPen(c(kLate), 1.5 * scale), QBrush(c(kLate)), size);
    case RecordFate::kPartlyDropped:
      return QCPScatterStyle(shapeFor(input, true), QPen(c(kDropped), 2 * scale), QBrush(c(kLate)), size + 2 * scale);
    case RecordFate::kDropped:
      return QCPScatterStyle(shapeFor(input, true), QPen(c(kDropped), 2 * scale), Qt::NoBrush, size + 2 * scale);
    case RecordFate::kWaiting:
      return QCPScatterStyle(shapeFor(input, false), QPen(c(kWaiting), 1.5 * scale), Qt::NoBrush, size);
  }
  return {};
}

QString fateLegend(RecordFate fate) {
  switch (fate) {
    case RecordFate::kOnTime: return SpaceTimePlot::tr("on time");
    case RecordFate::kLate: return SpaceTimePlot::tr("late, counted");
    case RecordFate::kPartlyDropped: return SpaceTimePlot::tr("dropped from some windows");
    case RecordFate::kDropped: return SpaceTimePlot::tr("dropped by the watermark");
    case RecordFate::kWaiting: return SpaceTimePlot::tr("waiting for a batch");
  }
  return {};
}

}  // namespace

double SpaceTimePlot::yOf(Timestamp t) { return static_cast<double>(t.micros()) / 1e6; }

SpaceTimePlot::SpaceTimePlot(const StudioSession& session, QWidget* parent)
    : QWidget(parent), session_(session), plot_(new QCustomPlot(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  plot_->setObjectName(QStringLiteral("spaceTimePlot"));
  plot_->setMinimumHeight(220);
  plot_->setPlottingHint(QCP::phImmediateRefresh, false);  // painted with the window's next paint
  plot_->addLayer(QStringLiteral("bands"), plot_->layer(QStringLiteral("grid")), QCustomPlot::limAbove);
  // The legend in a row of its own under the chart: it never hides a point.
  plot_->legend->setVisible(true);
  plot_->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
  auto* legend_row = new QCPLayoutGrid;
  plot_->plotLayout()->addElement(1, 0, legend_row);
  legend_row->addElement(0, 0, plot_->legend);
  legend_row->setMargins(QMargins(0, 0, 0, 4));
  plot_->plotLayout()->setRowStretchFactor(1, 0.001);
  plot_->xAxis2->setVisible(true);
  plot_->xAxis2->grid()->setVisible(false);
  plot_->xAxis2->setSubTicks(false);
  plot_->xAxis2->setTicker(QSharedPointer<QCPAxisTickerText>::create());
  connect(plot_->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), plot_->xAxis2,
          qOverload<const QCPRange&>(&QCPAxis::setRange));
  auto ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
  ticker->setDateTimeSpec(Qt::UTC);
  plot_->yAxis->setTicker(ticker);
  layout->addWidget(plot_);
  plot_->setMouseTracking(true);
  keepLegendFitted(plot_);
  connect(plot_, &QCustomPlot::mouseMove, this, &SpaceTimePlot::mouseMoved);
  connect(plot_, &QCustomPlot::mousePress, this, &SpaceTimePlot::mousePressed);
  connect(session_.selection(), &Selection::changed, this, &SpaceTimePlot::refresh);
  applyLook();
}

void SpaceTimePlot::changeEvent(QEvent* event) {
  if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange) applyLook();
  QWidget::changeEvent(event);
}

void SpaceTimePlot::applyLook() {
  applyPlotLook(plot_, palette(), font());
  refresh();  // pens and markers scale with the font and lighten on a dark theme
}

bool SpaceTimePlot::save(const QString& path, QString* error) const { return exportPlots({plot_}, path, error); }

void SpaceTimePlot::replotNow() { plot_->replot(); }

void SpaceTimePlot::refresh() {
  plot_->clearGraphs();
  plot_->clearItems();
  batch_marks_.clear();
  drawn_.clear();
  auto* top_ticker = static_cast<QCPAxisTickerText*>(plot_->xAxis2->ticker().data());
  top_ticker->clear();
  if (!session_.isOpen() || !session_.isStructured()) {
    setPlotNote(plot_, QString());
    if (!cleared_) plot_->replot(QCustomPlot::rpQueuedReplot);  // once: the plot is not on show
    cleared_ = true;
    return;
  }
  cleared_ = false;
  const QueryTimeline& q = session_.query();
  const QueryTimeline& full = session_.fullQuery();
  const Selection& sel = *session_.selection();
  const double scale = plotScale(font());
  const bool dark = palette().color(QPalette::Base).lightness() < 128;
  const QColor text = palette().color(QPalette::Text);
  const bool by_time = full.options().by_time;

  // The frame: the whole run's rows, batches, windows and watermarks.
  double x_lo = std::numeric_limits<double>::max(), x_hi = std::numeric_limits<double>::lowest();
  double y_lo = std::numeric_limits<double>::max(), y_hi = std::numeric_limits<double>::lowest();
  auto fit_x = [&](double x) { x_lo = std::min(x_lo, x); x_hi = std::max(x_hi, x); };
  auto fit_y = [&](Timestamp t) { y_lo = std::min(y_lo, yOf(t)); y_hi = std::max(y_hi, yOf(t)); };
  for (const QueryRecord& r : full.records()) {
    fit_x(r.x);
    if (auto t = full.plotTime(r)) fit_y(*t);
  }
  for (const QueryBatch& b : full.batches()) {
    fit_x(b.x);
    for (const auto& w : {b.watermark, b.next_watermark})
      if (w && w->micros() > 0 && full.hasEventTime()) fit_y(*w);
  }
  if (full.hasEventTime())
    for (const QueryWindow& w : full.windows()) {
      fit_y(w.start);
      fit_y(w.end);
    }
  if (x_lo > x_hi) x_lo = x_hi = 1;
  if (y_lo > y_hi) y_lo = y_hi = 0;
  if (by_time) {
    const double pad = std::max(1.0, (x_hi - x_lo) * 0.05);
    x_lo -= pad;
    x_hi += pad;
  } else {
    x_lo = std::min(x_lo, 1.0) - 0.6;
    x_hi += 0.6;
  }
  const double y_pad = std::max(30.0, (y_hi - y_lo) * 0.08);
  y_lo -= y_pad;
  y_hi += y_pad;
  plot_->xAxis->setRange(x_lo, x_hi);
  plot_->yAxis->setRange(y_lo, y_hi);
  // Room for the batch labels on the top axis from the first frame, before any batch ran.
  const int line = QFontMetrics(font()).height();
  plot_->axisRect()->setMinimumMargins(QMargins(0, 2 * line + 14, 0, 0));
  plot_->xAxis->setLabel(by_time ? tr("arrival time (s)") : tr("arrival order (rows)"));
  plot_->xAxis2->setLabel(by_time ? tr("batches (by id, at their start)") : tr("batches (by id)"));
  plot_->yAxis->setLabel(full.hasEventTime() ? tr("event time") : tr("arrival time"));
  auto* y_ticker = static_cast<QCPAxisTickerDateTime*>(plot_->yAxis->ticker().data());
  QString format = full.options().with_date ? QStringLiteral("yyyy-MM-dd\nHH:mm") : QStringLiteral("HH:mm");
  if (y_hi - y_lo < 300) format += QStringLiteral(":ss");
  y_ticker->setDateTimeFormat(format);
  if (by_time) {
    plot_->xAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
  } else {
    auto fixed = QSharedPointer<QCPAxisTickerFixed>::create();
    fixed->setTickStep(1);
    fixed->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    plot_->xAxis->setTicker(fixed);
  }

  // Windows held in state, as bands under everything else.
  if (q.hasEventTime())
    for (const QueryWindow& w : q.windows()) {
      auto* band = new QCPItemRect(plot_);
      band->setLayer(QStringLiteral("bands"));
      const QColor c = w.x_to && w.evicted ? kClosedWindow : kOpenWindow;
      band->setPen(QPen(QColor(c.red(), c.green(), c.blue(), 150), 1, w.x_to ? Qt::DashLine : Qt::SolidLine));
      band->setBrush(QColor(c.red(), c.green(), c.blue(), dark ? 60 : 38));
      band->topLeft->setCoords(w.x_from, yOf(w.end));
      band->bottomRight->setCoords(w.x_to.value_or(x_hi), yOf(w.start));
      auto* label = new QCPItemText(plot_);
      label->setLayer(QStringLiteral("bands"));
      label->position->setCoords(w.x_from, yOf(w.end));
      label->setPositionAlignment(Qt::AlignTop | Qt::AlignLeft);
      label->setPadding(QMargins(3, 1, 3, 1));
      QFont small = font();
      if (small.pointSizeF() > 0) small.setPointSizeF(small.pointSizeF() * 0.85);
      label->setFont(small);
      label->setColor(dark ? c.lighter(160) : c.darker(150));
      label->setText((w.key.isEmpty() ? QString() : w.key + QLatin1Char(' ')) + q.windowText(w.start, w.end));
      label->setClipToAxisRect(true);
    }

  // Batches: a mark between the rows before and after each (several at one x share it). A
  // no-data batch (it runs because the watermark moved) is a dotted mark of its own just
  // after the batch before it, labelled "N∅".
  const double no_data_nudge = by_time ? (x_hi - x_lo) * 0.012 : 0.22;
  auto no_data = [](const QueryBatch& b) { return b.finished && b.input_rows == 0; };
  for (int i = 0; i < static_cast<int>(q.batches().size()); ++i) {
    const QueryBatch& b = q.batches()[static_cast<size_t>(i)];
    if (no_data(b)) {
      const double x = batch_marks_.isEmpty() ? b.x : std::max(b.x, batch_marks_.back().x) + no_data_nudge;
      batch_marks_.push_back(Mark{x, {b.id}, {i}});
      continue;
    }
    if (!batch_marks_.isEmpty() && batch_marks_.back().x == b.x) {
      if (!batch_marks_.back().ids.contains(b.id)) batch_marks_.back().ids << b.id;
      batch_marks_.back().batches << i;
    } else {
      batch_marks_.push_back(Mark{b.x, {b.id}, {i}});
    }
  }
  const int label_every = std::max(1, static_cast<int>((full.batches().size() + kMaxBatchLabels - 1) / kMaxBatchLabels));
  for (int m = 0; m < batch_marks_.size(); ++m) {
    const Mark& mark = batch_marks_[m];
    const bool linked = sel.kind() == Selection::Kind::kBatchId && mark.ids.contains(sel.batchId());
    auto* line = new QCPItemStraightLine(plot_);
    line->setLayer(QStringLiteral("bands"));
    line->point1->setCoords(mark.x, 0);
    line->point2->setCoords(mark.x, 1);
    const bool empty = mark.batches.size() == 1 && no_data(q.batches()[static_cast<size_t>(mark.batches[0])]);
    line->setPen(linked ? QPen(kLinked, 2.5 * scale)
                        : QPen(palette().color(QPalette::Mid), 1.2 * scale, empty ? Qt::DotLine : Qt::DashLine));
    QStringList ids;
    for (int64_t id : mark.ids) ids << (empty ? tr("%1∅").arg(id) : QString::number(id));
    if (m % label_every == 0 || linked) top_ticker->addTick(mark.x, ids.join(QStringLiteral(", ")));
  }

  // Where the query stopped, crashed and restarted: a red line with its words at the bottom.
  // A crash and the restart after it are two marks, the restart a little to the right (dashed).
  std::vector<std::tuple<double, QStringList, bool>> life;  // x, words, restart; in order
  const double nudge = (x_hi - x_lo) * 0.015;
  for (const QueryLifeEvent& l : q.lifeEvents()) {
    const bool restart = l.kind == QueryLifeEvent::Kind::kRestart;
    const QString word = l.kind == QueryLifeEvent::Kind::kStop    ? tr("stop")
                         : l.kind == QueryLifeEvent::Kind::kCrash ? tr("crash")
                                                                  : tr("restart");
    double x = l.x;
    if (!life.empty() && std::get<0>(life.back()) >= x - nudge / 2 && restart != std::get<2>(life.back()))
      x = std::get<0>(life.back()) + nudge;
    if (life.empty() || std::get<0>(life.back()) != x) life.emplace_back(x, QStringList(), restart);
    std::get<1>(life.back()) << word;
  }
  for (const auto& [x, words, restart] : life) {
    auto* line = new QCPItemStraightLine(plot_);
    line->setLayer(QStringLiteral("bands"));
    line->point1->setCoords(x, 0);
    line->point2->setCoords(x, 1);
    line->setPen(QPen(kDropped, 1.5 * scale, restart ? Qt::DashLine : Qt::SolidLine));
    auto* label = new QCPItemText(plot_);
    label->position->setTypeX(QCPItemPosition::ptPlotCoords);
    label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    label->position->setCoords(x, 0.98);
    label->setPositionAlignment(Qt::AlignBottom | Qt::AlignHCenter);
    label->setColor(dark ? kDropped.lighter(160) : kDropped);
    label->setBrush(palette().color(QPalette::Base));
    label->setFont(font());
    label->setText(words.join(QStringLiteral(", ")));
    label->setClipToAxisRect(true);
  }

  // The watermark: after each batch, the one it leaves for the next. The legend holds from the
  // first frame on every entry the run will need, so the chart keeps its size as time moves.
  if (full.hasEventTime()) {
    QCPGraph* wm = plot_->addGraph();
    wm->setName(tr("watermark"));
    wm->setProperty(kRole, QStringLiteral("watermark"));
    wm->setLineStyle(QCPGraph::lsStepLeft);
    wm->setPen(QPen(dark ? kWatermark.lighter(190) : kWatermark, 2.5 * scale));
    QVector<double> xs, ys;
    for (const QueryBatch& b : q.batches())
      if (b.finished && b.next_watermark && b.next_watermark->micros() > 0) {
        xs << b.x;
        ys << yOf(*b.next_watermark);
      }
    if (!xs.isEmpty()) {
      xs << x_hi;
      ys << ys.back();
    }
    wm->setData(xs, ys, true);
  }

  // Rows: one graph per fate and input, in a fixed order.
  const QStringList inputs = session_.inputNames();
  std::map<std::pair<int, int>, std::pair<QVector<double>, QVector<double>>> groups;  // (fate, input) -> points
  QVector<double> cur_x, cur_y, sel_x, sel_y;
  for (int i = 0; i < static_cast<int>(q.records().size()); ++i) {
    const QueryRecord& r = q.records()[static_cast<size_t>(i)];
    const auto y_time = q.plotTime(r);
    if (!y_time) continue;
    const int input = std::max(0, static_cast<int>(inputs.indexOf(r.input)));
    auto& [xs, ys] = groups[{static_cast<int>(r.fate), input}];
    xs << r.x;
    ys << yOf(*y_time);
    drawn_ << i;
    if (r.event >= session_.currentStepBegin()) {
      cur_x << r.x;
      cur_y << yOf(*y_time);
    }
    if (sel.matches(r.key, std::nullopt, r.batch)) {
      sel_x << r.x;
      sel_y << yOf(*y_time);
    }
  }
  // Every fate the run will show has its legend entry from the start (a row waits before its batch).
  std::set<int> run_fates{static_cast<int>(RecordFate::kWaiting)};
  for (const QueryRecord& r : full.records())
    if (full.plotTime(r)) run_fates.insert(static_cast<int>(r.fate));
  for (int fate : run_fates) groups[{fate, 0}];
  std::set<int> fates_in_legend;
  for (const auto& [id, xy] : groups) {
    const auto fate = static_cast<RecordFate>(id.first);
    QCPGraph* g = plot_->addGraph();
    g->setProperty(kRole, QStringLiteral("fate"));
    g->setProperty(kFateProperty, id.first);
    g->setName(fateLegend(fate));
    g->setLineStyle(QCPGraph::lsNone);
    g->setScatterStyle(fateStyle(fate, id.second, scale, dark));
    g->setData(xy.first, xy.second);
    if (!fates_in_legend.insert(id.first).second) g->removeFromLegend();  // one entry per fate
  }
  // Several inputs: a grey entry per input says its shape.
  if (inputs.size() > 1)
    for (int i = 0; i < inputs.size(); ++i) {
      QCPGraph* g = plot_->addGraph();
      g->setName(inputs[i]);
      g->setProperty(kRole, QStringLiteral("input"));
      g->setLineStyle(QCPGraph::lsNone);
      g->setScatterStyle(QCPScatterStyle(shapeFor(i, false), QPen(kWaiting, 1.5 * scale), QBrush(kWaiting),
                                         kPointSize * scale));
    }
  auto ring = [&](const QString& name, const QString& role, const QColor& color, const QVector<double>& xs,
                  const QVector<double>& ys, double size) {
    QCPGraph* g = plot_->addGraph();
    g->setName(name);
    g->setProperty(kRole, role);
    g->setLineStyle(QCPGraph::lsNone);
    g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(color, 2.2 * scale), Qt::NoBrush, size * scale));
    g->setData(xs, ys);
  };
  ring(tr("arrived in this step"), QStringLiteral("current"), kCurrent, cur_x, cur_y, 18);
  ring(tr("selected"), QStringLiteral("linked"), kLinked, sel_x, sel_y, 22);

  // Names next to the points, while there is room for them; rows drawn at one place share one label.
  if (drawn_.size() <= kMaxLabels) {
    std::map<std::pair<double, double>, std::pair<QStringList, bool>> labels;  // (x, y) -> names, all dropped
    std::vector<std::pair<double, double>> order;
    for (int i : drawn_) {
      const QueryRecord& r = q.records()[static_cast<size_t>(i)];
      if (r.name.isEmpty()) continue;
      const std::pair<double, double> at(r.x, yOf(*q.plotTime(r)));
      auto [it, added] = labels.try_emplace(at, QStringList(), true);
      if (added) order.push_back(at);
      if (!it->second.first.contains(r.name)) it->second.first << r.name;
      it->second.second = it->second.second && r.fate == RecordFate::kDropped;
    }
    for (const auto& at : order) {
      const auto& [names, dropped] = labels[at];
      auto* label = new QCPItemText(plot_);
      label->position->setCoords(at.first, at.second);
      label->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
      label->setPadding(QMargins(static_cast<int>(9 * scale), 0, 0, 0));
      label->setColor(dropped ? (dark ? kDropped.lighter(160) : kDropped) : text);
      QFont f = font();
      f.setStrikeOut(dropped);
      label->setFont(f);
      label->setText(names.join(QStringLiteral(", ")));
      label->setClipToAxisRect(true);
    }
  }

  setPlotNote(plot_, q.records().empty() && q.batches().empty() ? tr("No rows have arrived yet.") : QString());
  fitLegend(plot_);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

QVector<QPointF> SpaceTimePlot::watermarkSteps() const {
  QVector<QPointF> out;
  for (int i = 0; i < plot_->graphCount(); ++i) {
    const QCPGraph* g = plot_->graph(i);
    if (g->property(kRole).toString() != QLatin1String("watermark")) continue;
    for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it) out << QPointF(it->key, it->value);
    if (!out.isEmpty()) out.removeLast();  // the last step carried to the right edge
  }
  return out;
}

QVector<QPointF> SpaceTimePlot::points(RecordFate fate) const {
  QVector<QPointF> out;
  for (int i = 0; i < plot_->graphCount(); ++i) {
    const QCPGraph* g = plot_->graph(i);
    if (g->property(kRole).toString() != QLatin1String("fate") || g->property(kFateProperty).toInt() != static_cast<int>(fate))
      continue;
    for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it) out << QPointF(it->key, it->value);
  }
  std::sort(out.begin(), out.end(), [](const QPointF& a, const QPointF& b) {
    return a.x() < b.x() || (a.x() == b.x() && a.y() < b.y());
  });
  return out;
}

QVector<double> SpaceTimePlot::batchMarks() const {
  QVector<double> out;
  for (const Mark& m : batch_marks_) out << m.x;
  return out;
}

int SpaceTimePlot::recordAt(const QPoint& pos) const {
  const QueryTimeline& q = session_.query();
  int best = -1;
  double best_d = kNearPixels * plotScale(font());
  for (int i : drawn_) {
    const QueryRecord& r = q.records()[static_cast<size_t>(i)];
    const double px = plot_->xAxis->coordToPixel(r.x), py = plot_->yAxis->coordToPixel(yOf(*q.plotTime(r)));
    const double d = std::hypot(px - pos.x(), py - pos.y());
    if (d <= best_d) {
      best_d = d;
      best = i;
    }
  }
  return best;
}

int SpaceTimePlot::markAt(const QPoint& pos) const {
  if (!plot_->axisRect()->rect().contains(pos)) return -1;
  for (int m = 0; m < batch_marks_.size(); ++m)
    if (std::abs(plot_->xAxis->coordToPixel(batch_marks_[m].x) - pos.x()) <= 4 * plotScale(font())) return m;
  return -1;
}

QString SpaceTimePlot::toolTipAt(const QPoint& pos) const {
  if (!session_.isOpen() || !session_.isStructured()) return {};
  const QueryTimeline& q = session_.query();
  if (const int r = recordAt(pos); r >= 0) return q.records()[static_cast<size_t>(r)].why;
  if (const int m = markAt(pos); m >= 0) {
    QStringList lines;
    for (int i : batch_marks_[m].batches) {
      const QueryBatch& b = q.batches()[static_cast<size_t>(i)];
      QString line = b.finished && b.input_rows == 0 ? tr("batch %1 (no data: it ran because the watermark moved)").arg(b.id)
                                                     : tr("batch %1").arg(b.id);
      if (b.watermark) line += tr(": ran with the watermark %1").arg(q.watermarkText(*b.watermark));
      if (b.next_watermark) line += tr(", left %1 for the next batch").arg(q.watermarkText(*b.next_watermark));
      if (b.late_rows > 0)
        line += tr("; %1 dropped %2 late rows").arg(b.late_operators).arg(b.late_rows);
      if (!b.finished) line += tr(" (running)");
      lines << line;
    }
    return lines.join(QLatin1Char('\n'));
  }
  if (!plot_->axisRect()->rect().contains(pos)) return {};
  const double x = plot_->xAxis->pixelToCoord(pos.x()), y = plot_->yAxis->pixelToCoord(pos.y());
  // Near the watermark line: the watermark there.
  const QCPGraph* wm = nullptr;
  for (int i = 0; i < plot_->graphCount(); ++i)
    if (plot_->graph(i)->property(kRole).toString() == QLatin1String("watermark")) wm = plot_->graph(i);
  if (wm && !wm->data()->isEmpty() && x >= wm->data()->constBegin()->key) {
    auto it = wm->data()->findBegin(x, false);
    if (it != wm->data()->constEnd() && it->key > x && it != wm->data()->constBegin()) --it;
    if (std::abs(plot_->yAxis->coordToPixel(it->value) - pos.y()) <= 4 * plotScale(font()))
      return tr("watermark %1").arg(q.watermarkText(Timestamp::FromMicros(static_cast<int64_t>(std::llround(it->value * 1e6)))));
  }
  QStringList bands;
  for (const QueryWindow& w : q.windows()) {
    if (x < w.x_from || (w.x_to && x > *w.x_to) || y < yOf(w.start) || y > yOf(w.end)) continue;
    QString line = (w.key.isEmpty() ? QString() : w.key + QLatin1Char(' ')) + q.windowText(w.start, w.end);
    if (w.evicted && w.closed)
      line += tr(": evicted from the state in batch %1, when the watermark reached its end").arg(*w.closed);
    else if (w.x_to)
      line += tr(": replaced in the state (the session grew or merged)");
    else
      line += tr(": held in the state");
    bands << line;
  }
  return bands.join(QLatin1Char('\n'));
}

void SpaceTimePlot::mouseMoved(QMouseEvent* event) {
  const QString tip = toolTipAt(event->pos());
  if (tip.isEmpty()) {
    QToolTip::hideText();
  } else {
    QToolTip::showText(event->globalPosition().toPoint(), tip, plot_);
  }
}

void SpaceTimePlot::mousePressed(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton || !session_.isStructured()) return;
  if (const int r = recordAt(event->pos()); r >= 0) {
    session_.selection()->selectKey(session_.query().records()[static_cast<size_t>(r)].key);
  } else if (const int m = markAt(event->pos()); m >= 0) {
    session_.selection()->selectBatchId(batch_marks_[m].ids.front());
  }
}

}  // namespace tideline::studio
