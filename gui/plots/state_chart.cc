#include "gui/plots/state_chart.h"

#include <qcustomplot.h>

#include <QEvent>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "gui/models/trace_table_model.h"
#include "gui/plots/plot_style.h"
#include "gui/session/studio_session.h"

namespace tideline::studio {

namespace {

// A state value as a number: itself, or its first numeric field; none otherwise.
std::optional<double> numberOf(const Value& v) {
  if (v.is_null()) return std::nullopt;
  if (v.is_number()) return v.num();
  if (v.is_seq() || v.type() == ValueType::kStruct)
    for (const Value& f : v.items())
      if (auto n = numberOf(f)) return n;
  return std::nullopt;
}

const QColor kKeyColors[] = {QColor(33, 102, 172), QColor(230, 97, 1),  QColor(27, 120, 55),
                             QColor(118, 42, 131), QColor(178, 24, 43), QColor(1, 133, 113)};

}  // namespace

StateChart::StateChart(const StudioSession& session, const QString& stream, QWidget* parent)
    : QWidget(parent), session_(session), stream_(stream), plot_(new QCustomPlot(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  plot_->setObjectName(QStringLiteral("stateChart_") + stream);
  styleAxes(plot_, tr("batch"), tr("value"), 110);
  plot_->legend->setVisible(false);  // each line is labelled at its end instead
  plot_->xAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
  layout->addWidget(plot_);
  applyPlotLook(plot_, palette(), font());
}

void StateChart::changeEvent(QEvent* event) {
  if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange) {
    styled_keys_.clear();
    refresh();
  }
  QWidget::changeEvent(event);
}

void StateChart::refresh() {
  using trace::EventKind;
  struct Series {
    QVector<double> x, y;
    QVector<double> current_x, current_y;
    double peak = 0;
  };
  std::map<Value, Series> by_key;  // keys as values: their text is made for the charted ones only
  std::vector<QString> labels;  // of each batch index
  const std::string stream = stream_.toStdString();
  const size_t step_begin = session_.currentStepBegin();
  const bool structured = session_.isStructured();
  int batch = 0;  // changes belong to the batch being run: the index of the next kBatchFinished
  for (uint32_t i : session_.eventsOf({EventKind::kBatchFinished, EventKind::kStateChange})) {
    const trace::Event& e = session_.event(i);
    if (e.kind == EventKind::kBatchFinished) {
      labels.push_back(structured ? QString::number(e.index) : session_.timeLabel(e.batch_time));
      ++batch;
      continue;
    }
    if (e.stream != stream) continue;
    Series& s = by_key[e.key];
    const bool gone = e.change == trace::StateChange::kRemoved || e.change == trace::StateChange::kTimedOut ||
                      e.change == trace::StateChange::kEvicted;
    const std::optional<double> v = gone ? std::nullopt : numberOf(e.after);
    if (!v) {
      if (!s.x.isEmpty() && !std::isnan(s.y.back())) {
        s.x << batch;
        s.y << std::nan("");  // the line ends where the key left
      }
      continue;
    }
    if (!s.x.isEmpty() && s.x.back() == batch) {  // several changes in one batch: the last counts
      s.y.back() = *v;
    } else {
      s.x << batch;
      s.y << *v;
    }
    s.peak = std::max(s.peak, std::fabs(*v));
    if (i >= step_begin) {
      s.current_x << batch;
      s.current_y << *v;
    }
  }
  // The keys with the largest values, in canonical (text) order of their names on ties.
  std::vector<std::pair<const Value*, const Series*>> ranked;
  for (const auto& [k, s] : by_key)
    if (!s.x.isEmpty()) ranked.emplace_back(&k, &s);
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.second->peak > b.second->peak; });
  if (ranked.size() > kMaxKeys) ranked.resize(kMaxKeys);

  plot_->clearGraphs();
  plot_->clearItems();
  keys_.clear();
  double y_max = 1, y_min = 0;
  for (size_t k = 0; k < ranked.size(); ++k) {
    const auto& [key_value, s] = ranked[k];
    const QString key =
        structured ? session_.query().valueText(*key_value) : TraceTableModel::valueText(*key_value);
    keys_ << key;
    const QString name = fontMetrics().elidedText(key, Qt::ElideMiddle, fontMetrics().averageCharWidth() * 16);
    const QColor color = kKeyColors[k % std::size(kKeyColors)];
    QCPGraph* g = addSeries(plot_, name, color, SeriesStyle::kLine);
    g->setData(s->x, s->y, true);
    thinMarkers(g);
    // The key's name at the end of its line.
    for (int p = static_cast<int>(s->x.size()) - 1; p >= 0; --p) {
      if (std::isnan(s->y[p])) continue;
      auto* label = new QCPItemText(plot_);
      label->position->setCoords(s->x[p], s->y[p]);
      label->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
      label->setPadding(QMargins(4, 0, 0, 0));
      label->setText(name);
      label->setColor(palette().color(QPalette::Base).lightness() < 128 ? color.lighter(160) : color);
      label->setFont(font());
      label->setClipToAxisRect(false);
      break;
    }
    for (double y : s->y)
      if (!std::isnan(y)) {
        y_max = std::max(y_max, y);
        y_min = std::min(y_min, y);
      }
    if (!s->current_x.isEmpty()) {  // the current step's changes, ringed
      QCPGraph* ring = plot_->addGraph();
      ring->removeFromLegend();
      ring->setLineStyle(QCPGraph::lsNone);
      ring->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(QColor(255, 170, 0), 2.5), Qt::NoBrush,
                                            12 * plotScale(font())));
      ring->setData(s->current_x, s->current_y, true);
    }
  }
  auto* ticker = static_cast<QCPAxisTickerText*>(plot_->xAxis->ticker().data());
  ticker->clear();
  const size_t every = std::max<size_t>(1, (labels.size() + 5) / 6);
  for (size_t b = 0; b < labels.size(); b += every) ticker->addTick(static_cast<double>(b), labels[b]);
  // Room on the right for the names at the ends of the lines.
  plot_->xAxis->setRange(-0.5, std::max<double>(1, static_cast<double>(labels.size())) + 1.5);
  plot_->yAxis->setRange(y_min < 0 ? y_min * 1.15 : 0, y_max * 1.15);
  // Pens and fonts for the theme: again only when other keys are charted (it costs a layout).
  if (keys_ != styled_keys_) {
    applyPlotLook(plot_, palette(), font());
    styled_keys_ = keys_;
  }
  setPlotNote(plot_, ranked.empty() ? tr("no numeric value to chart yet") : QString());
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace tideline::studio
