#pragma once
// ExplainRowDialog: "why this row?" for one output row (core/scenario/explain_row.h): the
// row, the operators it came through, its key, the input records that made it (with
// their batch, arrival and role: a join's side, a record dropped as late, a record an
// earlier batch's state holds) and the key's history. The scenario runs again with lineage
// on when the dialog is made; a plain run of the Studio keeps nothing for it. GUI thread only.

#include <QDialog>

class QLabel;
class QTableWidget;

namespace tideline::scenario {
struct RowExplanation;
struct RowRequest;
struct Scenario;
}  // namespace tideline::scenario

namespace tideline::studio {

class StudioSession;

class ExplainRowDialog : public QDialog {
  Q_OBJECT

 public:
  ExplainRowDialog(const StudioSession& session, const scenario::RowRequest& request, QWidget* parent = nullptr);

  // Whether the explanation was found (otherwise the dialog shows why not).
  bool explained() const { return explained_; }
  QTableWidget* inputsTable() const { return inputs_; }
  QTableWidget* historyTable() const { return history_; }

 private:
  void display(const scenario::RowExplanation& e);

  const StudioSession& session_;
  bool explained_ = false;
  QLabel* heading_;
  QLabel* path_;
  QTableWidget* inputs_;
  QTableWidget* history_;
  QLabel* history_label_;
};

}  // namespace tideline::studio
