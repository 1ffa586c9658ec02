#include "gui/models/trace_table_model.h"

#include <QBrush>
#include <QColor>
#include <QFont>

#include "gui/session/studio_session.h"

namespace tideline::studio {

TraceTableModel::TraceTableModel(const StudioSession& session, QObject* parent)
    : QAbstractTableModel(parent), session_(session) {}

void TraceTableModel::refresh() {
  beginResetModel();
  rows_.clear();
  QStringList columns = columns_;
  if (session_.isOpen()) build(&rows_, &columns);
  columns_ = columns;
  endResetModel();
}

QString TraceTableModel::valueText(const Value& v) { return QString::fromStdString(v.ToDisplay()); }

int TraceTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}
int TraceTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(columns_.size());
}

bool TraceTableModel::highlighted(int row, int) const { return rows_[static_cast<size_t>(row)].current; }

QVariant TraceTableModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  const Row& r = rows_[static_cast<size_t>(index.row())];
  switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
      return index.column() < r.cells.size() ? r.cells[index.column()] : QString();
    case Qt::BackgroundRole:
      if (highlighted(index.row(), index.column())) return QBrush(QColor(255, 236, 179));
      return {};
    case Qt::ForegroundRole:
      if (highlighted(index.row(), index.column())) return QBrush(QColor(0, 0, 0));
      return {};
    default:
      return {};
  }
}

QVariant TraceTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (role != Qt::DisplayRole) return {};
  if (orientation == Qt::Horizontal) return section < columns_.size() ? columns_[section] : QVariant();
  return section + 1;
}

}  // namespace tideline::studio
