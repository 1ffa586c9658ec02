#pragma once
// FullSpeedBatchModel: the last batches of a run at full speed as a table, newest
// first: batch number, batch time (seconds from the start), input, output and state
// rows, and the real milliseconds it took. setBatches() replaces the rows (a bracketed
// reset) from a snapshot's bounded list. GUI thread only.

#include <QAbstractTableModel>
#include <vector>

#include "gui/session/full_speed_run.h"

namespace tideline::studio {

class FullSpeedBatchModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { kBatch, kTime, kInputRows, kOutputRows, kStateRows, kRealMs, kColumnCount };

  explicit FullSpeedBatchModel(QObject* parent = nullptr);

  void setBatches(const std::vector<FullSpeedBatch>& batches);
  // The batch number of `row`, or -1 when there is no such row.
  long long batchAt(int row) const;

  int rowCount(const QModelIndex& parent = QModelIndex()) const override;
  int columnCount(const QModelIndex& parent = QModelIndex()) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  std::vector<FullSpeedBatch> batches_;  // newest first
};

}  // namespace tideline::studio
