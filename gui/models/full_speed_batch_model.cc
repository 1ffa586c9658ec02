#include "gui/models/full_speed_batch_model.h"

#include <QLocale>

namespace tideline::studio {

FullSpeedBatchModel::FullSpeedBatchModel(QObject* parent) : QAbstractTableModel(parent) {}

void FullSpeedBatchModel::setBatches(const std::vector<FullSpeedBatch>& batches) {
  beginResetModel();
  batches_.assign(batches.rbegin(), batches.rend());
  endResetModel();
}

long long FullSpeedBatchModel::batchAt(int row) const {
  return row >= 0 && row < rowCount() ? batches_[static_cast<size_t>(row)].index : -1;
}

int FullSpeedBatchModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(batches_.size());
}

int FullSpeedBatchModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : kColumnCount; }

QVariant FullSpeedBatchModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount() || index.column() >= kColumnCount) return {};
  const FullSpeedBatch& b = batches_[static_cast<size_t>(index.row())];
  if (role == Qt::TextAlignmentRole) return QVariant(Qt::AlignRight | Qt::AlignVCenter);
  if (role != Qt::DisplayRole) return {};
  const QLocale locale;
  switch (index.column()) {
    case kBatch: return locale.toString(b.index);
    case kTime: return locale.toString(b.seconds, 'f', 1);
    case kInputRows: return locale.toString(b.inputRows);
    case kOutputRows: return locale.toString(b.outputRows);
    case kStateRows: return locale.toString(b.stateRows);
    case kRealMs: return locale.toString(b.wallMs, 'f', 2);
    default: return {};
  }
}

QVariant FullSpeedBatchModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
  switch (section) {
    case kBatch: return tr("Batch");
    case kTime: return tr("Time (s)");
    case kInputRows: return tr("Input rows");
    case kOutputRows: return tr("Output rows");
    case kStateRows: return tr("State rows");
    case kRealMs: return tr("Real ms");
    default: return {};
  }
}

}  // namespace tideline::studio
