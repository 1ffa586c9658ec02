#include "gui/models/reader_diff_model.h"

#include <QBrush>
#include <algorithm>

#include "gui/models/verify_matrix_model.h"

namespace tideline::studio {

ReaderDiffModel::ReaderDiffModel(QObject* parent) : QAbstractTableModel(parent) {}

void ReaderDiffModel::set(const std::vector<std::string>& clean, const std::vector<std::string>& extra,
                          const std::vector<std::string>& missing) {
  beginResetModel();
  rows_.clear();
  // Clean items the run lost are marked missing (as many copies as it lost); extra copies
  // follow the items they repeat (the stable sort keeps clean rows first).
  std::vector<std::string> lost = missing;
  for (const std::string& item : clean) {
    auto it = std::find(lost.begin(), lost.end(), item);
    const bool gone = it != lost.end();
    if (gone) lost.erase(it);
    rows_.push_back({QString::fromStdString(item), gone ? Status::kMissing : Status::kSame});
  }
  for (const std::string& item : extra) rows_.push_back({QString::fromStdString(item), Status::kExtra});
  std::stable_sort(rows_.begin(), rows_.end(), [](const Row& a, const Row& b) { return a.item < b.item; });
  endResetModel();
}

void ReaderDiffModel::clear() {
  beginResetModel();
  rows_.clear();
  endResetModel();
}

int ReaderDiffModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int ReaderDiffModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : 2; }

int ReaderDiffModel::extraCount() const {
  return static_cast<int>(std::count_if(rows_.begin(), rows_.end(), [](const Row& r) { return r.status == Status::kExtra; }));
}

int ReaderDiffModel::missingCount() const {
  return static_cast<int>(std::count_if(rows_.begin(), rows_.end(), [](const Row& r) { return r.status == Status::kMissing; }));
}

QVariant ReaderDiffModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  const Row& r = rows_[static_cast<size_t>(index.row())];
  switch (role) {
    case Qt::DisplayRole:
      if (index.column() == 1) {
        if (r.status == Status::kExtra) return tr("extra copy");
        if (r.status == Status::kMissing) return tr("missing");
        return tr("as in the clean run");
      }
      // A printed block or a tab-separated line on one table line.
      return QString(r.item).replace(QLatin1Char('\t'), QStringLiteral("  ")).trimmed().replace(QLatin1Char('\n'), QStringLiteral(" \u23ce "));
    case Qt::ToolTipRole: return r.item;
    case kStatusRole: return static_cast<int>(r.status);
    case Qt::BackgroundRole:
      if (r.status == Status::kExtra) return QBrush(VerifyMatrixModel::verdictColor(verify::Verdict::kAtLeastOnce));
      if (r.status == Status::kMissing) return QBrush(VerifyMatrixModel::verdictColor(verify::Verdict::kAtMostOnce));
      return {};
    case Qt::ForegroundRole:
      if (r.status != Status::kSame) return QBrush(QColor(0, 0, 0));
      return {};
    default: return {};
  }
}

QVariant ReaderDiffModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (role != Qt::DisplayRole) return {};
  if (orientation == Qt::Vertical) return section + 1;
  return section == 0 ? tr("What the reader sees") : section == 1 ? tr("Against the clean run") : QVariant();
}

}  // namespace tideline::studio
