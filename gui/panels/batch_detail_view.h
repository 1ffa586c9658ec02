#pragma once
// BatchDetailView: one batch of a run at full speed in full detail (the Full Speed
// panel's "Show batch in detail"). It asks a BatchJumpRun to replay the batch from the
// run's nearest keyframe, then shows the batch's trace events in the Studio's own views,
// over a StudioSession of its own opened on those events (StudioSession::openTrace): the
// batch strip and the pipeline (DStreams) or the space-time plot (a structured query),
// the state the batch changed, and what its outputs wrote. A line on top says which
// batch, from which keyframe, and how long the jump took. A top-level window (Qt::Window),
// owned by the panel; a new jump replaces the one shown. GUI thread only.

#include <QWidget>
#include <memory>

class QLabel;
class QTabWidget;

namespace tideline::studio {

class BatchJumpRun;
class BatchStripPanel;
class OutputPanel;
class SpaceTimePanel;
class StatePanel;
class StudioSession;
struct BatchJumpRequest;

class BatchDetailView : public QWidget {
  Q_OBJECT

 public:
  explicit BatchDetailView(QWidget* parent = nullptr);
  ~BatchDetailView() override;

  // Replays batch `request.batch` and shows it once done (batchShown() follows).
  void showBatch(const BatchJumpRequest& request);
  // The jump shown or under way; null before the first.
  BatchJumpRun* jump() const { return jump_; }
  const StudioSession& session() const { return *session_; }
  QLabel* header() const { return header_; }
  QTabWidget* tabs() const { return tabs_; }

 signals:
  // The jump ended: the batch is shown, or the header says why not.
  void batchShown();

 private:
  void jumpEnded();

  StudioSession* session_;
  BatchJumpRun* jump_ = nullptr;
  QLabel* header_;
  QTabWidget* tabs_;
  BatchStripPanel* strip_;
  SpaceTimePanel* space_time_;
  StatePanel* state_;
  OutputPanel* output_;
};

}  // namespace tideline::studio
