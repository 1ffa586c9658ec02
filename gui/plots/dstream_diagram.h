#pragma once
// DStreamDiagram: a DStream run drawn as Spark's programming guide draws it.
// The x axis is batch time, one column per batch of the whole run; each input
// and stream is a lane of batch boxes holding the records it generated
// (the first few, and a count); the batches of the current step are
// highlighted, those still to come are dashed. Above a windowed lane, each of
// its windows at the current time is a bracket over the batches it covers,
// sliding as time moves; for an incremental reduce (an inverse function) the
// batch that entered is marked with a green triangle and the one that left
// with a red cross. Clicking a record selects its key, a box its batch, a
// bracket its window (every panel then highlights the batches it covers).
// Painted with QPainter from a DStreamTimeline; sizes follow the widget's font
// (presentation mode) and colours its palette (themes). GUI thread only.

#include <QHash>
#include <QPixmap>
#include <QRect>
#include <QRegion>
#include <QStaticText>
#include <QWidget>
#include <vector>

#include "gui/session/dstream_timeline.h"

namespace tideline::studio {

class StudioSession;

class DStreamDiagram : public QWidget {
  Q_OBJECT

 public:
  explicit DStreamDiagram(const StudioSession& session, QWidget* parent = nullptr);

  // Rebuilds the frame (a scenario was opened) and the picture at the session's position.
  void reload();
  void refresh();

  const DStreamTimeline& timeline() const { return timeline_; }
  QSize sizeHint() const override { return size_hint_; }
  QSize minimumSizeHint() const override { return size_hint_; }

  // Geometry, in widget coordinates (tests, scrolling): batch `b`'s box in lane `l`;
  // the bracket of window `w` of lane `l` (empty when the lane has no such window yet);
  // the whole column of batch `b`.
  QRect boxRect(int lane, int batch) const;
  QRect bracketRect(int lane, int window) const;
  QRect columnRect(int batch) const;
  // Every lane, box, window and mark as text (forward and backward views compare it).
  QString describe() const;

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  bool event(QEvent* event) override;
  void changeEvent(QEvent* event) override;
  void moveEvent(QMoveEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

 private:
  struct Metrics {
    int line = 0, pad = 0, label_width = 0, column_width = 0, axis_height = 0, bracket_height = 0;
  };
  struct LaneFrame {
    int top = 0;       // of the lane
    int brackets = 0;  // how many window brackets it ever shows
    int lines = 1;     // record lines per box
    int box_top = 0;
    int box_height = 0;
    int bottom = 0;
  };
  void layoutFrame();
  int columnX(int batch) const;
  bool columnVisible(int batch) const;  // in the area being painted
  // What differs between the picture of timeline_ and that of `next`: the columns whose
  // batches, highlight or arriving records change and the window bands of the lanes with
  // windows (a step repaints those, not the whole run in view).
  QRegion changedArea(const DStreamTimeline& next) const;
  // The band above a lane's boxes where its window brackets, labels and marks are drawn.
  QRect windowBand(size_t lane) const;
  int stickyLeft() const { return std::max(0, -x()); }  // where the lanes' names are drawn
  QString tooltipAt(const QPoint& p) const;
  void paintAxis(QPainter& p) const;
  void paintLane(QPainter& p, size_t lane) const;
  void paintLabel(QPainter& p, size_t lane, int left) const;
  void paintBox(QPainter& p, const QRect& r, const LaneBatch* batch, bool done, bool current, bool linked) const;
  void paintWindow(QPainter& p, size_t lane, size_t window) const;
  // Draws `text` in one line of `r` with the painter's font, elided, aligned left, right or
  // centred and centred vertically. The text of a box is laid out once and kept (shaping
  // every record at every paint cost a step's budget); the cache empties on font changes.
  void drawTextLine(QPainter& p, const QRect& r, Qt::Alignment align, const QString& text) const;
  // A box's outline and fill, drawn once per size and kind (an antialiased rounded
  // rectangle per box per paint cost most of a step's paint).
  enum class BoxFrame { kToCome, kDone, kCurrent, kLinked };
  const QPixmap& boxFrame(QSize size, BoxFrame kind) const;

  const StudioSession& session_;
  DStreamTimeline frame_;     // the whole run
  DStreamTimeline timeline_;  // at the position
  Metrics m_;
  std::vector<LaneFrame> lanes_;
  QSize size_hint_;
  int laid_out_for_ = -1;
  QRegion exposed_;  // the area being painted
  int names_left_ = 0;  // where the lanes' names were last drawn
  mutable QHash<QString, QStaticText> laid_out_text_;
  mutable QHash<QString, QPixmap> box_frames_;  // by size, device pixel ratio and kind  // by width, point size, weight and text
};

}  // namespace tideline::studio
