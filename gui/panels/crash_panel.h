#pragma once
// CrashPanel: the Crash Run dock, shown while the window holds the run of one crash
// schedule from Tools > Verify Idempotence. It says where the process died and what
// came of it, and shows, for the output chosen, what a reader finally sees against the
// clean run with extra and missing items highlighted (ReaderDiffModel). The crash's
// place in time is the session's crashPosition(). GUI thread only.

#include <QWidget>
#include <memory>

#include "core/verify/verifier.h"

class QComboBox;
class QLabel;
class QTableView;

namespace tideline::studio {

class ReaderDiffModel;

class CrashPanel : public QWidget {
  Q_OBJECT

 public:
  explicit CrashPanel(QWidget* parent = nullptr);

  // Shows schedule `schedule` (an index into result->cells) and output `output`.
  void showSchedule(std::shared_ptr<const verify::VerifyResult> result, int schedule, int output);
  void clear();
  // The output shown (an index into the result's outputs), or -1.
  int output() const;
  void setOutput(int output);
  ReaderDiffModel* model() const { return model_; }
  QString text() const;

 private:
  void outputChosen(int output);

  std::shared_ptr<const verify::VerifyResult> result_;
  int schedule_ = -1;
  QLabel* label_;
  QComboBox* outputs_;
  QTableView* view_;
  ReaderDiffModel* model_;
};

}  // namespace tideline::studio
