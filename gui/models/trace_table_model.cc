#include "gui/models/trace_table_model.h"

#include <QBrush>
#include <QColor>
#include <QFont>

#include "gui/session/selection.h"
#include "gui/session/studio_session.h"

namespace tideline::studio {

namespace {
const QColor kCurrentColor(255, 236, 179);  // amber: changed by the latest step
const QColor kLinkedColor(179, 217, 255);   // blue: linked to the selection
}  // namespace

TraceTableModel::TraceTableModel(const StudioSession& session, QObject* parent)
    : QAbstractTableModel(parent), session_(session) {
  connect(session_.selection(), &Selection::changed, this, &TraceTableModel::highlightSelection);
}

void TraceTableModel::highlightSelection() {
  if (rows_.empty() || columns_.isEmpty()) return;
  emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1),
                   {Qt::BackgroundRole, Qt::ForegroundRole, kLinkedRole});
}

void TraceTableModel::refresh() {
  beginResetModel();
  rows_.clear();
  QStringList columns = columns_;
  if (session_.isOpen()) build(&rows_, &columns);
  columns_ = columns;
  endResetModel();
}

QString TraceTableModel::valueText(const Value& v) { return QString::fromStdString(v.ToDisplay()); }

int TraceTableModel::firstCurrentRow() const {
  for (size_t r = 0; r < rows_.size(); ++r)
    if (rows_[r].current) return static_cast<int>(r);
  return -1;
}

int TraceTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}
int TraceTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(columns_.size());
}

bool TraceTableModel::highlighted(int row, int) const { return rows_[static_cast<size_t>(row)].current; }

bool TraceTableModel::linked(int row, int) const {
  const Row& r = rows_[static_cast<size_t>(row)];
  return session_.selection()->matches(r.key, r.batch, r.batch_id);
}

bool TraceTableModel::selectAt(const QModelIndex& index, Selection* selection) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return false;
  const Row& r = rows_[static_cast<size_t>(index.row())];
  if (!r.key.isEmpty()) {
    selection->selectKey(r.key);
  } else if (r.batch_id) {
    selection->selectBatchId(*r.batch_id);
  } else if (r.batch) {
    selection->selectBatch(*r.batch);
  } else {
    return false;
  }
  return true;
}

QVariant TraceTableModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  const Row& r = rows_[static_cast<size_t>(index.row())];
  switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
      return index.column() < r.cells.size() ? r.cells[index.column()] : QString();
    case kLinkedRole:
      return linked(index.row(), index.column());
    case Qt::BackgroundRole:
      if (linked(index.row(), index.column())) return QBrush(kLinkedColor);
      if (highlighted(index.row(), index.column())) return QBrush(kCurrentColor);
      return {};
    case Qt::ForegroundRole:
      if (linked(index.row(), index.column()) || highlighted(index.row(), index.column()))
        return QBrush(QColor(0, 0, 0));
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
