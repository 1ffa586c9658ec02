#pragma once
// FullSpeedPanel: shows a run at full speed (FullSpeedRun): the scenario and the
// source, a progress bar (bytes read of the file; records read from a socket or a
// directory), records per second, batches done, live charts (FullSpeedPlot) and a
// table (FullSpeedBatchModel) of the last batches, the last print blocks, and a Stop
// button. Once the run has ended (finished, stopped or failed) a summary line sums it
// up (records, malformed, batches, wall time, records per second, output rows, the
// largest state, the slowest and the mean batch) and Export writes every batch's
// metrics and every output (full_speed_export.h). A recording's run keeps keyframes:
// once it has ended, "Show batch in detail" (a double-click or the context menu on the
// table, or a batch number and the button under it) replays any batch from the nearest
// keyframe and shows it in a BatchDetailView. A QTimer pulls the run's
// latest snapshot five times a second; the panel never waits for the worker. Owns
// the run it shows; a new run replaces it (the old one is stopped and deleted once
// it has finished). GUI thread only.

#include <QWidget>
#include <memory>

class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableView;
class QTimer;

namespace tideline::studio {

class BatchDetailView;
class FullSpeedBatchModel;
class FullSpeedPlot;
class FullSpeedRun;
struct FullSpeedConfig;
struct FullSpeedSnapshot;

class FullSpeedPanel : public QWidget {
  Q_OBJECT

 public:
  static constexpr int kRefreshMs = 200;

  explicit FullSpeedPanel(QWidget* parent = nullptr);
  ~FullSpeedPanel() override;

  // Starts a run of `config`; a run still going is stopped first.
  void start(const FullSpeedConfig& config);
  // Asks the run to stop (the Stop button); runFinished() follows.
  void stop();
  // The run shown, or null before the first.
  FullSpeedRun* run() const { return run_; }
  // Shows the run's latest snapshot (the timer calls it).
  void refresh();
  // Whether there is an ended run to export.
  bool canExport() const;
  // Asks where to save (a file dialog), then exports; an error is shown in a message box.
  void exportRequested();
  // Writes the ended run's CSV to `path` and its outputs beside it (full_speed_export.h).
  // Returns false and sets `error` when there is no ended run or a file cannot be written.
  bool exportTo(const QString& path, QString* error) const;
  // The summary of an ended run, as the panel shows it.
  static QString summaryText(const FullSpeedSnapshot& s);
  // Whether batches can be shown in detail: the run has ended and kept keyframes.
  bool canShowBatch() const;
  // Replays batch `batch` (0-based) from the run's nearest keyframe and shows it in the
  // detail view, a window of its own (made on first use); returns it, or null when !canShowBatch()
  // or the run has no such batch.
  BatchDetailView* showBatchInDetail(long long batch);
  BatchDetailView* detailView() const { return detail_; }

  QProgressBar* progressBar() const { return progress_; }
  QPushButton* stopButton() const { return stop_; }
  QPushButton* exportButton() const { return export_; }
  QLabel* summaryLabel() const { return summary_; }
  QSpinBox* batchSpinBox() const { return batch_; }
  QPushButton* showBatchButton() const { return show_batch_; }
  QTableView* batchTable() const { return table_; }
  FullSpeedPlot* plot() const { return plot_; }
  FullSpeedBatchModel* batchModel() const { return batches_; }

 signals:
  // The run shown has ended (finished, stopped or failed) and the panel shows its end.
  void runFinished();

 private:
  void runEnded();
  void batchMenuRequested(const QPoint& pos);
  void updateBatchControls();
  void display(const FullSpeedSnapshot& s);

  FullSpeedRun* run_ = nullptr;
  std::shared_ptr<const FullSpeedSnapshot> shown_;
  QString shown_output_;
  QTimer* timer_;
  QLabel* title_;
  QLabel* state_;
  QProgressBar* progress_;
  QLabel* stats_;
  QPushButton* stop_;
  QPushButton* export_;
  QLabel* summary_;
  QTableView* table_;
  QSpinBox* batch_;
  QPushButton* show_batch_;
  BatchDetailView* detail_ = nullptr;
  FullSpeedPlot* plot_;
  FullSpeedBatchModel* batches_;
  QPlainTextEdit* output_;
};

}  // namespace tideline::studio
