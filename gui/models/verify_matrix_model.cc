#include "gui/models/verify_matrix_model.h"

#include <QBrush>
#include <algorithm>

#include "gui/session/verify_run.h"

namespace tideline::studio {

namespace {
QString qs(const std::string& s) { return QString::fromStdString(s); }

// At most `limit` items, one a line, tabs as spaces, then how many more.
QString itemLines(const std::vector<std::string>& items, int limit = 8) {
  QStringList lines;
  for (size_t i = 0; i < items.size() && static_cast<int>(i) < limit; ++i)
    lines << QStringLiteral("  ") + qs(items[i]).replace(QLatin1Char('\t'), QStringLiteral("  ")).trimmed().replace(QLatin1Char('\n'), QStringLiteral(" / "));
  if (static_cast<int>(items.size()) > limit)
    lines << VerifyMatrixModel::tr("  ... and %1 more").arg(static_cast<int>(items.size()) - limit);
  return lines.join(QLatin1Char('\n'));
}
}  // namespace

VerifyMatrixModel::VerifyMatrixModel(std::shared_ptr<const verify::VerifyResult> result, int output, QObject* parent)
    : QAbstractTableModel(parent), result_(std::move(result)), output_(output) {
  // Columns: a point the first batch does not pass goes after the point that precedes it
  // in the batch that does, so the columns keep the driver's order.
  for (size_t k = 0; k < result_->cells.size(); ++k) {
    const verify::CrashAt& c = result_->cells[k].crash;
    if (batches_.empty() || batches_.back() != c.batch) batches_.push_back(c.batch);
    const QString point = qs(c.point);
    if (points_.contains(point)) continue;
    int at = 0;
    if (k > 0 && result_->cells[k - 1].crash.batch == c.batch) at = points_.indexOf(qs(result_->cells[k - 1].crash.point)) + 1;
    points_.insert(at, point);
  }
  schedule_.assign(batches_.size() * static_cast<size_t>(points_.size()), -1);
  for (size_t k = 0; k < result_->cells.size(); ++k) {
    const verify::CrashAt& c = result_->cells[k].crash;
    const auto row = std::find(batches_.begin(), batches_.end(), c.batch) - batches_.begin();
    schedule_[static_cast<size_t>(row) * static_cast<size_t>(points_.size()) +
              static_cast<size_t>(points_.indexOf(qs(c.point)))] = static_cast<int>(k);
  }
}

int VerifyMatrixModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(batches_.size());
}

int VerifyMatrixModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(points_.size());
}

int VerifyMatrixModel::scheduleAt(const QModelIndex& index) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return -1;
  return schedule_[static_cast<size_t>(index.row()) * static_cast<size_t>(points_.size()) +
                   static_cast<size_t>(index.column())];
}

QModelIndex VerifyMatrixModel::indexOf(int schedule) const {
  const auto it = std::find(schedule_.begin(), schedule_.end(), schedule);
  if (schedule < 0 || it == schedule_.end()) return {};
  const auto at = static_cast<int>(it - schedule_.begin());
  return index(at / static_cast<int>(points_.size()), at % static_cast<int>(points_.size()));
}

QColor VerifyMatrixModel::verdictColor(verify::Verdict v) {
  switch (v) {
    case verify::Verdict::kExactlyOnce: return {200, 230, 201};   // green
    case verify::Verdict::kAtLeastOnce: return {255, 224, 160};   // amber: extra copies
    case verify::Verdict::kAtMostOnce: return {255, 190, 190};    // red: lost items
    case verify::Verdict::kInconsistent: return {222, 196, 240};  // violet: both, or foreign items
  }
  return {};
}

QString VerifyMatrixModel::cellText(const verify::CellOutcome& cell) {
  QStringList parts;
  if (!cell.extra.empty()) parts << QStringLiteral("+%1").arg(cell.extra.size());
  if (!cell.missing.empty()) parts << QStringLiteral("\u2212%1").arg(cell.missing.size());
  return parts.isEmpty() ? QStringLiteral("\u2713") : parts.join(QLatin1Char(' '));
}

QVariant VerifyMatrixModel::data(const QModelIndex& index, int role) const {
  const int k = scheduleAt(index);
  if (k < 0) return {};
  const verify::ScheduleOutcome& s = result_->cells[static_cast<size_t>(k)];
  const verify::CellOutcome& cell = s.outputs[static_cast<size_t>(output_)];
  switch (role) {
    case Qt::DisplayRole: return cellText(cell);
    case Qt::TextAlignmentRole: return int(Qt::AlignCenter);
    case Qt::BackgroundRole: return QBrush(verdictColor(cell.verdict));
    case Qt::ForegroundRole: return QBrush(QColor(0, 0, 0));
    case kVerdictRole: return static_cast<int>(cell.verdict);
    case Qt::ToolTipRole: {
      QString tip = tr("Crash at %1, %2: %3")
                        .arg(VerifyRun::batchText(s.crash.batch, result_->dstream), qs(s.crash.point),
                             VerifyRun::verdictText(cell.verdict));
      if (!cell.extra.empty()) tip += QLatin1Char('\n') + tr("Extra (%1):").arg(cell.extra.size()) + QLatin1Char('\n') + itemLines(cell.extra);
      if (!cell.missing.empty())
        tip += QLatin1Char('\n') + tr("Missing (%1):").arg(cell.missing.size()) + QLatin1Char('\n') + itemLines(cell.missing);
      if (cell.extra.empty() && cell.missing.empty()) tip += QLatin1Char('\n') + tr("The reader sees what the clean run shows.");
      return tip + QLatin1Char('\n') + tr("Double-click to open this run at its crash.");
    }
    default: return {};
  }
}

QVariant VerifyMatrixModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (role != Qt::DisplayRole) return {};
  if (orientation == Qt::Horizontal) return section >= 0 && section < points_.size() ? points_[section] : QVariant();
  if (section < 0 || section >= static_cast<int>(batches_.size())) return {};
  return VerifyRun::batchText(batches_[static_cast<size_t>(section)], result_->dstream);
}

}  // namespace tideline::studio
