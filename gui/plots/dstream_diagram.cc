#include "gui/plots/dstream_diagram.h"

#include <QEvent>
#include <QPaintEvent>
#include <QFontMetrics>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <algorithm>

#include "gui/models/trace_table_model.h"
#include "gui/session/selection.h"
#include "gui/session/studio_session.h"

namespace tideline::studio {

namespace {

// Record lines a box shows at most (then "+N more"): the lanes of a lesson fit the screen.
constexpr int kMaxLines = 4;

struct Colors {
  QColor text, faint, base, box_border, current, linked_fill, linked_border, entered, left;
  std::vector<QColor> windows;
};

Colors colorsFor(const QPalette& palette) {
  Colors c;
  const bool dark = palette.color(QPalette::Base).lightness() < 128;
  c.text = palette.color(QPalette::Text);
  c.faint = c.text;
  c.faint.setAlpha(120);
  c.base = palette.color(QPalette::Base);
  c.box_border = c.text;
  c.box_border.setAlpha(150);
  c.current = dark ? QColor(0x6b, 0x55, 0x17) : QColor(0xff, 0xec, 0xb3);
  c.linked_fill = dark ? QColor(0x1d, 0x3d, 0x6e) : QColor(0xd5, 0xe5, 0xff);
  c.linked_border = dark ? QColor(0x74, 0xa9, 0xff) : QColor(0x1c, 0x5f, 0xd6);
  c.entered = dark ? QColor(0x5f, 0xd0, 0x6e) : QColor(0x2b, 0x8a, 0x3e);
  c.left = dark ? QColor(0xff, 0x6b, 0x6b) : QColor(0xc9, 0x2a, 0x2a);
  c.windows = dark ? std::vector<QColor>{QColor(0xc0, 0x9a, 0xff), QColor(0x4f, 0xd1, 0xc5), QColor(0xff, 0xa9, 0x4d),
                                          QColor(0x91, 0xa7, 0xff)}
                   : std::vector<QColor>{QColor(0x6f, 0x2d, 0xbd), QColor(0x0b, 0x72, 0x85), QColor(0xb3, 0x4a, 0x0c),
                                          QColor(0x36, 0x4f, 0xc7)};
  return c;
}

QString opsText(const StreamNode& n) {
  if (n.input) return QObject::tr("%1 input").arg(n.type);
  QString s = n.combine.isEmpty() ? QString() : n.combine + QStringLiteral("(") + n.parents.join(QStringLiteral(", ")) + QStringLiteral(")");
  for (const QString& op : n.ops) s += (s.isEmpty() ? QString() : QStringLiteral(" → ")) + op;
  return s;
}

QString timesText(const StudioSession& session, const std::vector<Timestamp>& times) {
  QStringList out;
  for (Timestamp t : times) out << session.timeLabel(t);
  return out.join(QStringLiteral(", "));
}

QString windowLabel(const StudioSession& session, const LaneWindow& w) {
  return QObject::tr("window at %1: (%2, %3]")
      .arg(session.timeLabel(w.batch_time), session.timeLabel(w.begin), session.timeLabel(w.end));
}

}  // namespace

DStreamDiagram::DStreamDiagram(const StudioSession& session, QWidget* parent) : QWidget(parent), session_(session) {
  setObjectName(QStringLiteral("dstreamDiagram"));
  setMouseTracking(true);
  setAutoFillBackground(true);
  setBackgroundRole(QPalette::Base);
  connect(session_.selection(), &Selection::changed, this, qOverload<>(&QWidget::update));
}

void DStreamDiagram::reload() {
  frame_ = DStreamTimeline::frame(session_);
  layoutFrame();
  refresh();
}

void DStreamDiagram::refresh() {
  DStreamTimeline next = DStreamTimeline::at(frame_, session_);
  const QRegion changed = changedArea(next);
  timeline_ = std::move(next);
  update(changed);  // the frame is the whole run's: laid out on reload, font and width changes only
}

QRect DStreamDiagram::windowBand(size_t lane) const {
  const LaneFrame& f = lanes_[lane];
  return QRect(0, f.top, size_hint_.width(), f.box_top - f.top + m_.pad);
}

QRegion DStreamDiagram::changedArea(const DStreamTimeline& next) const {
  const auto& old_lanes = timeline_.lanes();
  const auto& new_lanes = next.lanes();
  if (old_lanes.size() != new_lanes.size() || old_lanes.size() != lanes_.size() ||
      timeline_.batchTimes() != next.batchTimes())
    return QRegion(rect());
  QRegion changed;
  const int batches = static_cast<int>(next.batchTimes().size());
  const int old_done = timeline_.finishedBatches(), new_done = next.finishedBatches();
  for (int b = 0; b <= batches; ++b) {  // batch `batches` is the column of records still arriving
    bool same = b != old_done && b != new_done && (b < old_done) == (b < new_done) &&
                timeline_.isCurrent(b) == next.isCurrent(b);
    for (size_t l = 0; same && b < batches && l < new_lanes.size(); ++l)
      same = old_lanes[l].batches[static_cast<size_t>(b)].event == new_lanes[l].batches[static_cast<size_t>(b)].event;
    if (!same) changed += columnRect(b);
  }
  for (size_t l = 0; l < new_lanes.size(); ++l)
    if (!old_lanes[l].windows.empty() || !new_lanes[l].windows.empty()) changed += windowBand(l);
  return changed;
}

void DStreamDiagram::changeEvent(QEvent* event) {
  QWidget::changeEvent(event);
  if (event->type() == QEvent::PaletteChange) {
    box_frames_.clear();
    update();
  }
  if (event->type() == QEvent::FontChange) {
    laid_out_text_.clear();
    box_frames_.clear();
    layoutFrame();
    update();
  }
}

void DStreamDiagram::layoutFrame() {
  const QFontMetrics fm(font());
  m_.line = fm.height();
  m_.pad = std::max(3, m_.line / 4);
  m_.axis_height = m_.line * 2;
  m_.bracket_height = m_.line * 2;
  QFont bold = font();
  bold.setBold(true);
  const QFontMetrics bfm(bold);
  const int max_label = fm.averageCharWidth() * 20;
  int label = fm.averageCharWidth() * 8;
  int record = fm.horizontalAdvance(QStringLiteral("00:00:00"));
  for (const Lane& l : frame_.lanes()) {
    label = std::max(label, std::min(max_label, bfm.horizontalAdvance(l.node.name)));
    label = std::max(label, std::min(max_label, fm.horizontalAdvance(opsText(l.node))));
    // The widest record decides, up to 15 characters: measuring the first lines of each box is enough.
    for (const LaneBatch& b : l.batches)
      for (size_t r = 0; r < b.records.size() && r < static_cast<size_t>(kMaxLines); ++r)
        if (record < fm.averageCharWidth() * 15)
          record = std::max(record, fm.horizontalAdvance(TraceTableModel::valueText(b.records[r])));
  }
  m_.label_width = label + 3 * m_.pad;
  m_.column_width = std::clamp(record, fm.averageCharWidth() * 6, fm.averageCharWidth() * 15) + 2 * m_.pad;
  // The whole run in view when it can be: narrower columns (down to a time label's width)
  // before a scroll bar.
  const int columns = static_cast<int>(frame_.batchTimes().size()) + 1;
  if (parentWidget() && columns > 0) {
    const int room = (parentWidget()->width() - m_.label_width - m_.pad) / columns - m_.pad;
    const int narrowest = fm.horizontalAdvance(QStringLiteral("00000 ms")) + 2 * m_.pad;
    if (room < m_.column_width) m_.column_width = std::max(narrowest, room);
  }

  lanes_.clear();
  int y = m_.axis_height;
  for (const Lane& l : frame_.lanes()) {
    LaneFrame f;
    f.top = y;
    f.brackets = static_cast<int>(l.windows.size());
    int64_t most = l.arriving_count;
    for (const LaneBatch& b : l.batches) most = std::max(most, b.count);
    const auto shown = static_cast<int64_t>(kMaxLines);
    f.lines = static_cast<int>(std::clamp<int64_t>(most, 1, shown) + (most > shown ? 1 : 0));
    f.box_top = y + m_.pad + f.brackets * m_.bracket_height;
    f.box_height = (f.lines + 1) * m_.line + m_.pad;
    f.bottom = f.box_top + f.box_height + 2 * m_.pad;
    y = f.bottom;
    lanes_.push_back(f);
  }
  // columns: every batch, and one for records still arriving
  size_hint_ = QSize(columnX(columns) + m_.pad, y + m_.pad);
  updateGeometry();
}

bool DStreamDiagram::columnVisible(int batch) const { return exposed_.intersects(columnRect(batch)); }

int DStreamDiagram::columnX(int batch) const { return m_.label_width + batch * (m_.column_width + m_.pad); }

QRect DStreamDiagram::columnRect(int batch) const {
  return QRect(columnX(batch), 0, m_.column_width, size_hint_.height());
}

QRect DStreamDiagram::boxRect(int lane, int batch) const {
  if (lane < 0 || lane >= static_cast<int>(lanes_.size())) return {};
  const LaneFrame& f = lanes_[static_cast<size_t>(lane)];
  return QRect(columnX(batch), f.box_top, m_.column_width, f.box_height);
}

QRect DStreamDiagram::bracketRect(int lane, int window) const {
  if (lane < 0 || lane >= static_cast<int>(timeline_.lanes().size())) return {};
  const Lane& l = timeline_.lanes()[static_cast<size_t>(lane)];
  if (window < 0 || window >= static_cast<int>(l.windows.size())) return {};
  const LaneWindow& w = l.windows[static_cast<size_t>(window)];
  int first = -1, last = -1;
  for (Timestamp t : w.covered) {
    const int b = timeline_.indexOf(t);
    if (b < 0) continue;
    first = first < 0 ? b : std::min(first, b);
    last = std::max(last, b);
  }
  if (first < 0) return {};
  const int top = lanes_[static_cast<size_t>(lane)].top + m_.pad + window * m_.bracket_height;
  return QRect(columnX(first), top, columnX(last) + m_.column_width - columnX(first), m_.bracket_height);
}

void DStreamDiagram::paintEvent(QPaintEvent* event) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  // Only the batches and lanes in the exposed area: a long run has hundreds of boxes.
  exposed_ = event->region();
  paintAxis(p);
  for (size_t l = 0; l < timeline_.lanes().size() && l < lanes_.size(); ++l)
    if (exposed_.intersects(QRect(0, lanes_[l].top, size_hint_.width(), lanes_[l].bottom - lanes_[l].top + 1)))
      paintLane(p, l);
  // The lanes' names stay in view when the batches scroll under them.
  const int left = stickyLeft();
  const QRect names(left, 0, m_.label_width - m_.pad, height());
  if (!exposed_.intersects(names)) return;
  names_left_ = left;
  if (left > 0) p.fillRect(names, palette().color(QPalette::Base));
  p.setPen(colorsFor(palette()).faint);
  p.drawText(QRect(left + m_.pad, 0, m_.label_width - 2 * m_.pad, m_.axis_height - m_.pad),
             Qt::AlignLeft | Qt::AlignVCenter, tr("batch time"));
  for (size_t l = 0; l < timeline_.lanes().size() && l < lanes_.size(); ++l) paintLabel(p, l, left);
}

void DStreamDiagram::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  // Only the viewport's width changes the frame (narrower columns to fit the run).
  const int viewport = parentWidget() ? parentWidget()->width() : 0;
  if (viewport == laid_out_for_) return;
  laid_out_for_ = viewport;
  const int before = m_.column_width;
  layoutFrame();
  if (m_.column_width != before) update();
}

void DStreamDiagram::moveEvent(QMoveEvent* event) {
  QWidget::moveEvent(event);
  // Scrolled: the names move with the view. What was drawn scrolls with the run; the names
  // are drawn again where they were (now stale) and where they go.
  update(QRect(names_left_, 0, m_.label_width, height()));
  update(QRect(stickyLeft(), 0, m_.label_width, height()));
}

void DStreamDiagram::paintAxis(QPainter& p) const {
  const Colors c = colorsFor(palette());
  p.setPen(c.faint);
  const int y = m_.axis_height - m_.pad;
  const QRect area = exposed_.boundingRect();
  p.drawLine(std::max(columnX(0), area.left()), y, std::min(size_hint_.width() - m_.pad, area.right()), y);
  const auto& times = timeline_.batchTimes();
  for (int b = 0; b < static_cast<int>(times.size()); ++b) {
    if (!columnVisible(b)) continue;
    QFont f = font();
    const bool current = timeline_.isCurrent(b);
    f.setBold(current);
    p.setFont(f);
    p.setPen(b < timeline_.finishedBatches() ? c.text : c.faint);
    drawTextLine(p, QRect(columnX(b), 0, m_.column_width, m_.axis_height - m_.pad), Qt::AlignHCenter,
                 session_.timeLabel(times[static_cast<size_t>(b)]));
  }
  p.setFont(font());
}

void DStreamDiagram::paintLabel(QPainter& p, size_t l, int left) const {
  const Colors c = colorsFor(palette());
  const Lane& lane = timeline_.lanes()[l];
  const LaneFrame& f = lanes_[l];
  // The stream's name and its operations.
  QFont bold = font();
  bold.setBold(true);
  p.setFont(bold);
  p.setPen(c.text);
  const int label_w = m_.label_width - 2 * m_.pad;
  p.drawText(QRect(left + m_.pad, f.box_top, label_w, m_.line), Qt::AlignLeft | Qt::AlignVCenter,
             QFontMetrics(bold).elidedText(lane.node.name, Qt::ElideRight, label_w));
  p.setFont(font());
  p.setPen(c.faint);
  p.drawText(QRect(left + m_.pad, f.box_top + m_.line, label_w, std::max(m_.line, f.box_height - m_.line)),
             Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, opsText(lane.node));
}

void DStreamDiagram::paintBox(QPainter& p, const QRect& r, const LaneBatch* batch, bool done, bool current,
                              bool linked) const {
  const Colors c = colorsFor(palette());
  if (!done || (batch && !batch->computed)) {
    p.drawPixmap(r.topLeft(), boxFrame(r.size(), BoxFrame::kToCome));
    if (done) drawTextLine(p, r, Qt::AlignHCenter, tr("no RDD"));
    return;
  }
  p.drawPixmap(r.topLeft(), boxFrame(r.size(), linked ? BoxFrame::kLinked : current ? BoxFrame::kCurrent : BoxFrame::kDone));
  const QFontMetrics fm(font());
  QFont small = font();
  small.setPointSizeF(font().pointSizeF() * 0.85);
  p.setFont(small);
  p.setPen(c.faint);
  const QRect head(r.left() + m_.pad, r.top(), r.width() - 2 * m_.pad, m_.line);
  drawTextLine(p, head, Qt::AlignRight,
           batch->count == 0 ? tr("empty") : batch->count == 1 ? tr("1 record") : tr("%1 records").arg(batch->count));
  p.setFont(font());
  const Selection* sel = session_.selection();
  int y = r.top() + m_.line;
  const int max_lines = (r.height() - m_.pad) / m_.line - 1;
  const bool more = batch->count > static_cast<int64_t>(max_lines);
  const int shown = more ? std::max(0, max_lines - 1) : static_cast<int>(batch->records.size());
  for (int i = 0; i < shown && i < static_cast<int>(batch->records.size()); ++i) {
    const Value& v = batch->records[static_cast<size_t>(i)];
    const QRect line(r.left() + m_.pad, y, r.width() - 2 * m_.pad, m_.line);
    if (sel->kind() == Selection::Kind::kKey && sel->matches(Selection::keyOf(v), std::nullopt)) {
      p.fillRect(line, c.linked_fill);
      p.setPen(QPen(c.linked_border));
    } else {
      p.setPen(c.text);
    }
    drawTextLine(p, line, Qt::AlignLeft, TraceTableModel::valueText(v));
    y += m_.line;
  }
  if (more) {
    p.setPen(c.faint);
    drawTextLine(p, QRect(r.left() + m_.pad, y, r.width() - 2 * m_.pad, m_.line), Qt::AlignLeft,
             tr("+%1 more").arg(batch->count - shown));
  }
}

const QPixmap& DStreamDiagram::boxFrame(QSize size, BoxFrame kind) const {
  const qreal dpr = devicePixelRatioF();
  const QString key = QStringLiteral("%1x%2@%3/%4").arg(size.width()).arg(size.height()).arg(dpr).arg(static_cast<int>(kind));
  auto it = box_frames_.constFind(key);
  if (it != box_frames_.constEnd()) return *it;
  QPixmap pm((QSizeF(size) * dpr).toSize());
  pm.setDevicePixelRatio(dpr);
  pm.fill(Qt::transparent);
  QPainter p(&pm);
  p.setRenderHint(QPainter::Antialiasing);
  const Colors c = colorsFor(palette());
  const double scale = std::max(1.0, m_.line / 16.0);
  const QRectF r = QRectF(QPointF(0, 0), QSizeF(size)).adjusted(0.5, 0.5, -0.5, -0.5);
  switch (kind) {
    case BoxFrame::kToCome:
      p.setPen(QPen(c.faint, scale, Qt::DashLine));
      p.setBrush(Qt::NoBrush);
      break;
    case BoxFrame::kLinked:
      p.setPen(QPen(c.linked_border, 2.5 * scale));
      p.setBrush(c.linked_fill);
      break;
    case BoxFrame::kCurrent:
    case BoxFrame::kDone:
      p.setPen(QPen(c.box_border, scale));
      p.setBrush(kind == BoxFrame::kCurrent ? c.current : c.base);
      break;
  }
  p.drawRoundedRect(r, 4, 4);
  p.end();
  return *box_frames_.insert(key, pm);
}

void DStreamDiagram::drawTextLine(QPainter& p, const QRect& r, Qt::Alignment align, const QString& text) const {
  const QString key = QString::number(r.width()) + QChar(0x1f) + QString::number(p.font().pointSizeF()) +
                      (p.font().bold() ? QStringLiteral("b") : QString()) + QChar(0x1f) + text;
  auto it = laid_out_text_.constFind(key);
  if (it == laid_out_text_.constEnd()) {
    if (laid_out_text_.size() > 8192) laid_out_text_.clear();  // a long run: the boxes in view come back
    QStaticText t(QFontMetrics(p.font()).elidedText(text, Qt::ElideRight, r.width()));
    t.setTextFormat(Qt::PlainText);
    t.setPerformanceHint(QStaticText::AggressiveCaching);
    t.prepare(QTransform(), p.font());
    it = laid_out_text_.insert(key, t);
  }
  const QSizeF size = it->size();
  const double x = (align & Qt::AlignRight)     ? r.left() + r.width() - size.width()
                   : (align & Qt::AlignHCenter) ? r.left() + (r.width() - size.width()) / 2
                                                : r.left();
  p.drawStaticText(QPointF(x, r.top() + (r.height() - size.height()) / 2), *it);
}

void DStreamDiagram::paintLane(QPainter& p, size_t l) const {
  const Colors c = colorsFor(palette());
  const Lane& lane = timeline_.lanes()[l];
  const LaneFrame& f = lanes_[l];
  if (l > 0) {
    QColor sep = c.faint;
    sep.setAlpha(50);
    p.setPen(sep);
    // Within the area being painted: a line across the whole run costs more than its boxes.
    const QRect area = exposed_.boundingRect();
    p.drawLine(std::max(m_.pad, area.left()), f.top, std::min(size_hint_.width() - m_.pad, area.right()), f.top);
  }

  const Selection* sel = session_.selection();
  const auto& times = timeline_.batchTimes();
  for (int b = 0; b < static_cast<int>(times.size()); ++b) {
    const QRect box = boxRect(static_cast<int>(l), b);
    if (!exposed_.intersects(box) || box.right() < stickyLeft() + m_.label_width - m_.pad) continue;  // under the names
    const bool done = b < timeline_.finishedBatches();
    const LaneBatch& batch = lane.batches[static_cast<size_t>(b)];
    const bool linked = sel->kind() != Selection::Kind::kKey && sel->matches(QString(), times[static_cast<size_t>(b)]);
    paintBox(p, box, &batch, done, timeline_.isCurrent(b), linked && done);
  }
  // An input's records that arrived after the last batch: the batch they will belong to.
  if (lane.arriving_count > 0) {
    const QRect r = boxRect(static_cast<int>(l), timeline_.finishedBatches());
    LaneBatch pending;
    pending.computed = true;
    pending.records = lane.arriving;
    pending.count = lane.arriving_count;
    paintBox(p, r, &pending, true, false, false);
    QPen dashed(c.linked_border, 1.5, Qt::DashLine);
    p.setPen(dashed);
    p.setBrush(Qt::NoBrush);
    p.drawRoundedRect(QRectF(r).adjusted(2.5, 2.5, -2.5, -2.5), 4, 4);
  }
  for (size_t w = 0; w < lane.windows.size(); ++w) paintWindow(p, l, w);
}

void DStreamDiagram::paintWindow(QPainter& p, size_t l, size_t w) const {
  const Colors c = colorsFor(palette());
  const QRect r = bracketRect(static_cast<int>(l), static_cast<int>(w));
  if (r.isEmpty()) return;
  const LaneWindow& win = timeline_.lanes()[l].windows[w];
  const Selection* sel = session_.selection();
  const bool selected = sel->kind() == Selection::Kind::kWindow && sel->windowStream() == win.stream &&
                        sel->windowTime() == win.batch_time;
  const double scale = std::max(1.0, m_.line / 16.0);
  const QColor color = selected ? c.linked_border : c.windows[w % c.windows.size()];
  // The bracket: a line over the covered batches with ticks down at both ends.
  const int y = r.top() + m_.line + m_.pad / 2;
  const int bottom = r.bottom();
  p.setPen(QPen(color, (selected ? 3.0 : 2.0) * scale, Qt::SolidLine, Qt::FlatCap));
  p.setBrush(Qt::NoBrush);
  QPainterPath bracket;
  bracket.moveTo(r.left() + 2, bottom);
  bracket.lineTo(r.left() + 2, y);
  bracket.lineTo(r.right() - 2, y);
  bracket.lineTo(r.right() - 2, bottom);
  p.drawPath(bracket);
  QString text = windowLabel(session_, win);
  if (win.incremental && (!win.entered.empty() || !win.left.empty()))
    text += tr("  + %1  − %2").arg(win.entered.empty() ? tr("none") : timesText(session_, win.entered),
                                    win.left.empty() ? tr("none") : timesText(session_, win.left));
  const QFontMetrics fm(font());
  QRect label(r.left() + m_.pad, r.top(), std::max(r.width(), fm.horizontalAdvance(text) + 2 * m_.pad), m_.line);
  p.setPen(color);
  p.drawText(label, Qt::AlignLeft | Qt::AlignVCenter, text);
  if (!win.incremental) return;
  // The batch that entered (a green triangle) and the one that left (a red cross).
  const int s = std::max(5, m_.line / 3);
  for (Timestamp t : win.entered) {
    const int b = timeline_.indexOf(t);
    if (b < 0) continue;
    const int x = columnX(b) + m_.column_width / 2;
    QPolygon tri;
    tri << QPoint(x - s, y + s + 2) << QPoint(x + s, y + s + 2) << QPoint(x, y - s + 2);
    p.setPen(QPen(c.entered, scale));
    p.setBrush(c.entered);
    p.drawPolygon(tri);
  }
  for (Timestamp t : win.left) {
    const int b = timeline_.indexOf(t);
    if (b < 0) continue;
    const int x = columnX(b) + m_.column_width / 2;
    p.setPen(QPen(c.left, 2.5 * scale, Qt::SolidLine, Qt::RoundCap));
    p.drawLine(x - s, y - s, x + s, y + s);
    p.drawLine(x - s, y + s, x + s, y - s);
    p.setPen(QPen(c.left, scale, Qt::DotLine));
    p.drawLine(x + s + 2, y, r.left(), y);
  }
}

void DStreamDiagram::mousePressEvent(QMouseEvent* event) {
  Selection* sel = session_.selection();
  const QPoint pos = event->position().toPoint();
  for (int l = 0; l < static_cast<int>(timeline_.lanes().size()); ++l) {
    const Lane& lane = timeline_.lanes()[static_cast<size_t>(l)];
    for (int w = 0; w < static_cast<int>(lane.windows.size()); ++w) {
      if (bracketRect(l, w).contains(pos)) {
        const LaneWindow& win = lane.windows[static_cast<size_t>(w)];
        sel->selectWindow(win.stream, win.batch_time, win.covered);
        return;
      }
    }
    for (int b = 0; b < timeline_.finishedBatches(); ++b) {
      const QRect r = boxRect(l, b);
      if (!r.contains(pos)) continue;
      const LaneBatch& batch = lane.batches[static_cast<size_t>(b)];
      const int line = (pos.y() - r.top()) / std::max(1, m_.line) - 1;
      if (line >= 0 && line < static_cast<int>(batch.records.size())) {
        sel->selectKey(Selection::keyOf(batch.records[static_cast<size_t>(line)]));
      } else {
        sel->selectBatch(timeline_.batchTimes()[static_cast<size_t>(b)]);
      }
      return;
    }
  }
  sel->clear();
}

bool DStreamDiagram::event(QEvent* event) {
  if (event->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(event);
    const QString text = tooltipAt(help->pos());
    if (text.isEmpty()) QToolTip::hideText();
    else QToolTip::showText(help->globalPos(), text, this);
    return true;
  }
  return QWidget::event(event);
}

QString DStreamDiagram::tooltipAt(const QPoint& pos) const {
  for (int l = 0; l < static_cast<int>(timeline_.lanes().size()); ++l) {
    const Lane& lane = timeline_.lanes()[static_cast<size_t>(l)];
    for (int w = 0; w < static_cast<int>(lane.windows.size()); ++w) {
      if (!bracketRect(l, w).contains(pos)) continue;
      const LaneWindow& win = lane.windows[static_cast<size_t>(w)];
      QString text = tr("%1 of %2 (%3)\ncovers batches %4")
                         .arg(windowLabel(session_, win), lane.node.name, win.spark_class, timesText(session_, win.covered));
      if (win.incremental)
        text += tr("\nincremental: the previous window + %1 (entered) − %2 (left)")
                    .arg(win.entered.empty() ? tr("nothing") : timesText(session_, win.entered),
                         win.left.empty() ? tr("nothing") : timesText(session_, win.left));
      return text;
    }
    for (int b = 0; b < timeline_.finishedBatches(); ++b) {
      if (!boxRect(l, b).contains(pos)) continue;
      const LaneBatch& batch = lane.batches[static_cast<size_t>(b)];
      if (!batch.computed) return tr("%1 generates no RDD at %2 (not a multiple of its slide)")
                                     .arg(lane.node.name, session_.timeLabel(timeline_.batchTimes()[static_cast<size_t>(b)]));
      return tr("%1 at batch %2: %3 records")
          .arg(lane.node.name, session_.timeLabel(timeline_.batchTimes()[static_cast<size_t>(b)]))
          .arg(batch.count);
    }
  }
  return {};
}

QString DStreamDiagram::describe() const {
  QStringList out;
  const auto& times = timeline_.batchTimes();
  out << QStringLiteral("batches %1 finished %2").arg(times.size()).arg(timeline_.finishedBatches());
  for (const Lane& lane : timeline_.lanes()) {
    QStringList boxes;
    for (size_t b = 0; b < times.size(); ++b) {
      const LaneBatch& batch = lane.batches[b];
      if (!batch.computed) continue;
      QStringList recs;
      for (const Value& v : batch.records) recs << TraceTableModel::valueText(v);
      boxes << QStringLiteral("%1:%2[%3]").arg(session_.timeLabel(times[b])).arg(batch.count).arg(recs.join(QLatin1Char(' ')));
    }
    out << QStringLiteral("lane %1 %2 arriving %3").arg(lane.node.name, boxes.join(QLatin1Char(' '))).arg(lane.arriving_count);
    for (const LaneWindow& w : lane.windows)
      out << QStringLiteral("  window %1 at %2 covers %3 entered %4 left %5")
                 .arg(w.stream, session_.timeLabel(w.batch_time), timesText(session_, w.covered),
                      timesText(session_, w.entered), timesText(session_, w.left));
  }
  return out.join(QLatin1Char('\n'));
}

}  // namespace tideline::studio
