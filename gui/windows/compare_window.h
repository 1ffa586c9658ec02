#pragma once
// CompareWindow: File > Compare. Two runs side by side in lock step (CompareSession):
// one toolbar moves both, batch by batch (Alt+Left/Right, Alt+Home/End), and "First
// Divergence" (Ctrl+D) moves both to the batch where they first differ, which the window
// names above the panels. The panels (outputs, state) show A and B in one table with the
// rows that differ highlighted (CompareModel). A window of its own, owned by the main
// window; its shortcuts are the window's, so the main window's Go menu keeps its keys.
// GUI thread only.

#include <QMainWindow>

class QAction;
class QLabel;
class QTableView;

namespace tideline::studio {

class CompareModel;
class CompareSession;

class CompareWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit CompareWindow(QWidget* parent = nullptr);

  // Runs and compares `a` and `b`; on an error the window says so. Returns whether both loaded.
  bool open(const QString& a, const QString& b);

  CompareSession& session() { return *session_; }
  CompareModel* outputs() const { return outputs_; }
  CompareModel* state() const { return state_; }
  enum Action { kStart, kPrevious, kNext, kEnd, kDivergence, kActionCount };
  QAction* action(Action a) const { return actions_[a]; }

 private:
  void refresh();
  QTableView* table(CompareModel* model, const QString& name);

  CompareSession* session_;
  CompareModel* outputs_;
  CompareModel* state_;
  QLabel* position_;
  QLabel* side_a_;
  QLabel* side_b_;
  QLabel* divergence_;
  QTableView* outputs_view_ = nullptr;
  QTableView* state_view_ = nullptr;
  QAction* actions_[kActionCount] = {};
};

}  // namespace tideline::studio
