#pragma once
// VerifyDialog: Tools > Verify Idempotence. Verifies a scenario (VerifyRun, off the GUI
// thread, with a progress bar) and shows, per output, a tab with its verdict and the
// matrix of batches x crash points (VerifyMatrixModel), coloured by verdict. A
// double-clicked (or activated) cell asks for that schedule's run: scheduleRequested.
// Not modal: the main window stays usable, and can show the run while the matrix stays
// open. Owned by the main window. GUI thread only.

#include <QDialog>
#include <memory>
#include <vector>

#include "core/verify/verifier.h"

class QLabel;
class QProgressBar;
class QTabWidget;
class QTableView;

namespace tideline::studio {

class VerifyMatrixModel;
class VerifyRun;

class VerifyDialog : public QDialog {
  Q_OBJECT

 public:
  explicit VerifyDialog(QWidget* parent = nullptr);

  // Verifies `path` in the background; the matrix replaces the progress bar when done.
  void start(const QString& path, const QStringList& allowed_paths = {});
  // Shows a result already computed (tests, the screenshot flag).
  void setResult(const QString& path, std::shared_ptr<const verify::VerifyResult> result);

  // The run in progress or done, or null (setResult).
  VerifyRun* run() const { return run_; }
  std::shared_ptr<const verify::VerifyResult> result() const { return result_; }
  QString path() const { return path_; }
  // The matrix of output `i`, or null before the result.
  VerifyMatrixModel* matrix(int i) const;
  QTableView* matrixView(int i) const;
  QTabWidget* tabs() const { return tabs_; }

 signals:
  // Open the run of schedule `schedule` (an index into result->cells) of `path`, showing
  // output `output` against the clean run.
  void scheduleRequested(const QString& path, std::shared_ptr<const verify::VerifyResult> result, int schedule,
                         int output);

 private:
  void runFinished();
  QWidget* outputTab(int i);

  QString path_;
  VerifyRun* run_ = nullptr;
  std::shared_ptr<const verify::VerifyResult> result_;
  QLabel* summary_;
  QProgressBar* progress_;
  QTabWidget* tabs_;
  QLabel* legend_;
  std::vector<VerifyMatrixModel*> matrices_;
  std::vector<QTableView*> views_;
};

}  // namespace tideline::studio
