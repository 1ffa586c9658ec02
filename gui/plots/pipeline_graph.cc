#include "gui/plots/pipeline_graph.h"

#include <QEvent>
#include <QFontMetrics>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>
#include <map>

#include "gui/session/dstream_timeline.h"

namespace tideline::studio {

namespace {
QString opsLine(const StreamNode& n) {
  if (n.input) return QObject::tr("%1 input").arg(n.type);
  QStringList parts;
  if (!n.combine.isEmpty()) parts << n.combine;
  for (const QString& op : n.ops) parts << op.section(QLatin1Char('('), 0, 0);
  return parts.join(QStringLiteral(" → "));
}
}  // namespace

PipelineGraph::PipelineGraph(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("pipelineGraph"));
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void PipelineGraph::setGraph(std::vector<StreamNode> streams) {
  ++graph_serial_;
  nodes_.clear();
  std::map<QString, size_t> index;
  std::map<int, int> per_depth;
  for (StreamNode& s : streams) {
    Node n;
    for (const QString& p : s.parents)
      if (auto it = index.find(p); it != index.end()) n.depth = std::max(n.depth, nodes_[it->second].depth + 1);
    n.row = per_depth[n.depth]++;
    n.stream = std::move(s);
    index[n.stream.name] = nodes_.size();
    nodes_.push_back(std::move(n));
  }
  // Each depth takes as many columns as it needs for at most kMaxRows rows.
  std::map<int, int> first_column;
  int columns = 0;
  for (const auto& [d, count] : per_depth) {
    first_column[d] = columns;
    columns += (count + kMaxRows - 1) / kMaxRows;
  }
  rows_ = 0;
  for (Node& n : nodes_) {
    n.column = first_column[n.depth] + n.row / kMaxRows;
    n.row %= kMaxRows;
    rows_ = std::max(rows_, n.row + 1);
  }
  depths_ = columns;
  node_width_ = -1;
  updateGeometry();
  update();
}

QFont PipelineGraph::graphFont() const {
  QFont f = font();
  if (f.pointSizeF() > 0) f.setPointSizeF(f.pointSizeF() * 0.85);
  return f;
}

void PipelineGraph::setCounts(const DStreamTimeline& timeline) {
  bool changed = false;
  for (Node& n : nodes_) {
    const int64_t count = timeline.latestCount(n.stream.name);
    changed = changed || count != n.count;
    n.count = count;
  }
  if (changed) update();
}

void PipelineGraph::changeEvent(QEvent* event) {
  QWidget::changeEvent(event);
  if (event->type() == QEvent::FontChange) {
    node_width_ = -1;
    updateGeometry();
  }
}

int PipelineGraph::nodeWidth() const {
  if (node_width_ >= 0) return node_width_;
  const QFontMetrics fm(graphFont());
  const int cap = fm.averageCharWidth() * 30;
  int w = fm.averageCharWidth() * 12;
  for (const Node& n : nodes_) {
    const QString outs = n.stream.outputs.isEmpty() ? QString() : QStringLiteral(" → ") + n.stream.outputs.join(QStringLiteral(", "));
    w = std::max({w, std::min(cap, fm.horizontalAdvance(n.stream.name + outs) + fm.averageCharWidth() * 2),
                  std::min(cap, fm.horizontalAdvance(opsLine(n.stream)))});
  }
  node_width_ = w + fm.averageCharWidth() * 2;
  return node_width_;
}

QSize PipelineGraph::sizeHint() const {
  const QFontMetrics fm(graphFont());
  const int node_h = fm.height() * 2 + fm.height() / 2;
  const int gap = fm.averageCharWidth() * 7;
  return QSize(depths_ * (nodeWidth() + gap), std::max(1, rows_) * (node_h + fm.height() / 3) + fm.height() / 3);
}

int PipelineGraph::fittedNodeWidth() const {
  const QFontMetrics fm(graphFont());
  const int gap = fm.averageCharWidth() * 7;
  if (depths_ == 0) return nodeWidth();
  const int room = (width() - 2 * fm.averageCharWidth() - (depths_ - 1) * gap) / depths_;
  return std::max(fm.averageCharWidth() * 8, std::min(nodeWidth(), room));
}

QRect PipelineGraph::nodeRect(const Node& n) const {
  const QFontMetrics fm(graphFont());
  const int node_h = fm.height() * 2 + fm.height() / 2;
  const int gap = fm.averageCharWidth() * 7;
  const int w = fittedNodeWidth();
  const int x = fm.averageCharWidth() + n.column * (w + gap);
  const int y = fm.height() / 3 + n.row * (node_h + fm.height() / 3);
  return QRect(x, y, w, node_h);
}

void PipelineGraph::paintEvent(QPaintEvent*) {
  const qreal dpr = devicePixelRatioF();
  const QString key = QStringLiteral("%1 %2x%3@%4 %5 %6")
                          .arg(graph_serial_)
                          .arg(width())
                          .arg(height())
                          .arg(dpr)
                          .arg(graphFont().toString())
                          .arg(palette().cacheKey());
  if (key != drawn_for_) {
    drawn_ = QPixmap((QSizeF(size()) * dpr).toSize());
    drawn_.setDevicePixelRatio(dpr);
    drawn_.fill(Qt::transparent);
    QPainter g(&drawn_);
    paintGraph(g);
    drawn_for_ = key;
  }
  QPainter p(this);
  p.drawPixmap(0, 0, drawn_);
  paintCounts(p);
}

namespace {
struct GraphColors {
  QColor text, faint, input_fill, stream_fill, edge;
};
GraphColors graphColors(const QPalette& palette) {
  GraphColors c;
  c.text = palette.color(QPalette::Text);
  c.faint = c.text;
  c.faint.setAlpha(130);
  const bool dark = palette.color(QPalette::Base).lightness() < 128;
  c.input_fill = dark ? QColor(0x1f, 0x3a, 0x4d) : QColor(0xe3, 0xf2, 0xfd);
  c.stream_fill = dark ? QColor(0x2e, 0x2e, 0x3a) : QColor(0xf3, 0xf0, 0xfa);
  c.edge = dark ? QColor(0x9a, 0xa5, 0xb1) : QColor(0x55, 0x60, 0x6e);
  return c;
}
// The curve of an edge from one node to the next.
QPainterPath edgePath(const QRect& from, const QRect& to) {
  const QPointF a(from.right(), from.center().y());
  const QPointF b(to.left(), to.center().y());
  QPainterPath path(a);
  path.cubicTo(a + QPointF((b.x() - a.x()) / 2, 0), b - QPointF((b.x() - a.x()) / 2, 0), b);
  return path;
}
}  // namespace

void PipelineGraph::paintCounts(QPainter& p) const {
  p.setRenderHint(QPainter::Antialiasing);
  const QFont font = graphFont();
  p.setFont(font);
  const QFontMetrics fm(font);
  std::map<QString, const Node*> by_name;
  for (const Node& n : nodes_) by_name[n.stream.name] = &n;
  // On each edge, the records its source generated in the latest batch.
  for (const Node& n : nodes_) {
    for (const QString& parent : n.stream.parents) {
      const auto it = by_name.find(parent);
      if (it == by_name.end() || it->second->count < 0) continue;
      const QString label = QString::number(it->second->count);
      const QPointF mid = edgePath(nodeRect(*it->second), nodeRect(n)).pointAtPercent(0.5);
      QRectF box(mid.x() - fm.horizontalAdvance(label) / 2.0 - 4, mid.y() - fm.height() / 2.0,
                 fm.horizontalAdvance(label) + 8, fm.height());
      p.setPen(Qt::NoPen);
      p.setBrush(palette().color(QPalette::Base));
      p.drawRoundedRect(box, 4, 4);
      p.setPen(palette().color(QPalette::Text));
      p.drawText(box, Qt::AlignCenter, label);
    }
  }
}

void PipelineGraph::paintGraph(QPainter& p) const {
  p.setRenderHint(QPainter::Antialiasing);
  const QFont font = graphFont();
  p.setFont(font);
  const QFontMetrics fm(font);
  const GraphColors c = graphColors(palette());
  const QColor& text = c.text;
  const QColor& faint = c.faint;
  const QColor& edge = c.edge;
  std::map<QString, const Node*> by_name;
  for (const Node& n : nodes_) by_name[n.stream.name] = &n;
  // Edges first.
  for (const Node& n : nodes_) {
    const QRect to = nodeRect(n);
    for (const QString& parent : n.stream.parents) {
      const auto it = by_name.find(parent);
      if (it == by_name.end()) continue;
      const QPainterPath path = edgePath(nodeRect(*it->second), to);
      const QPointF b(to.left(), to.center().y());
      p.setPen(QPen(edge, 1.5));
      p.setBrush(Qt::NoBrush);
      p.drawPath(path);
      const double s = fm.height() / 4.0;
      QPolygonF head;
      head << b << b + QPointF(-2 * s, -s) << b + QPointF(-2 * s, s);
      p.setBrush(edge);
      p.drawPolygon(head);
    }
  }
  for (const Node& n : nodes_) {
    const QRect r = nodeRect(n);
    p.setPen(QPen(edge, 1));
    p.setBrush(n.stream.input ? c.input_fill : c.stream_fill);
    p.drawRoundedRect(QRectF(r).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);
    const QRect inner = r.adjusted(fm.averageCharWidth(), fm.height() / 4, -fm.averageCharWidth(), 0);
    QFont bold = font;
    bold.setBold(true);
    const QFontMetrics bfm(bold);
    const QString name = bfm.elidedText(n.stream.name, Qt::ElideRight, inner.width());
    p.setFont(bold);
    p.setPen(text);
    p.drawText(QRect(inner.left(), inner.top(), inner.width(), fm.height()), Qt::AlignLeft | Qt::AlignVCenter, name);
    p.setFont(font);
    p.setPen(faint);
    // Its output operations after its name, its operations under it.
    if (!n.stream.outputs.isEmpty()) {
      const int used = bfm.horizontalAdvance(name) + fm.averageCharWidth();
      p.drawText(QRect(inner.left() + used, inner.top(), std::max(0, inner.width() - used), fm.height()),
                 Qt::AlignLeft | Qt::AlignVCenter,
                 fm.elidedText(QStringLiteral("→ ") + n.stream.outputs.join(QStringLiteral(", ")), Qt::ElideRight,
                               std::max(0, inner.width() - used)));
    }
    p.drawText(QRect(inner.left(), inner.top() + fm.height(), inner.width(), fm.height()),
               Qt::AlignLeft | Qt::AlignVCenter, fm.elidedText(opsLine(n.stream), Qt::ElideRight, inner.width()));
  }
}

QString PipelineGraph::describe() const {
  QStringList out;
  for (const Node& n : nodes_)
    out << QStringLiteral("%1 depth %2 parents [%3] outputs [%4] count %5")
               .arg(n.stream.name)
               .arg(n.depth)
               .arg(n.stream.parents.join(QLatin1Char(',')), n.stream.outputs.join(QLatin1Char(',')))
               .arg(n.count);
  return out.join(QLatin1Char('\n'));
}

}  // namespace tideline::studio
