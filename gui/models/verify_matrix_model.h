#pragma once
// VerifyMatrixModel: one output's row of Tools > Verify Idempotence, as a table of
// batches (rows) by crash points (columns). Each cell is one single-crash schedule of
// verify::VerifyResult::cells: its text says how the output differs from the clean run
// ("✓", "+2" extra items, "−1" missing), its background is the cell's verdict
// (verdictColor) and its tooltip lists the items. A (batch, point) pair the clean run
// never passed is an empty cell without a schedule. Reads an immutable result it shares;
// the table does not change after construction. GUI thread only.

#include <QAbstractTableModel>
#include <QColor>
#include <QStringList>
#include <memory>
#include <optional>
#include <vector>

#include "core/verify/verifier.h"

namespace tideline::studio {

class VerifyMatrixModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  // The verdict of a cell (an int of verify::Verdict); invalid for an empty cell.
  static constexpr int kVerdictRole = Qt::UserRole + 1;

  // REQUIRES: result is not null; 0 <= output < result->outputs.size().
  VerifyMatrixModel(std::shared_ptr<const verify::VerifyResult> result, int output, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

  int output() const { return output_; }
  // The index into result->cells of the schedule at `index`, or -1 (an empty cell).
  int scheduleAt(const QModelIndex& index) const;
  // The cell of schedule `schedule` (an index into result->cells), or an invalid index.
  QModelIndex indexOf(int schedule) const;

  // The background of a verdict, readable with black text in light and dark themes.
  static QColor verdictColor(verify::Verdict v);
  // The short text of a cell: "✓", "+N", "−N" or "+N −M".
  static QString cellText(const verify::CellOutcome& cell);

 private:
  std::shared_ptr<const verify::VerifyResult> result_;
  int output_;
  std::vector<long long> batches_;  // rows, ascending as the clean run passed them
  QStringList points_;              // columns, in the order the driver passes them
  std::vector<int> schedule_;       // rows x columns: an index into result_->cells, or -1
};

}  // namespace tideline::studio
