#include "gui/models/records_model.h"

#include <QBrush>
#include <QColor>
#include <QFont>

#include "gui/session/studio_session.h"

namespace tideline::studio {

RecordsModel::RecordsModel(const StudioSession& session, QObject* parent) : TraceTableModel(session, parent) {
  columns_ = {tr("#"), tr("Input"), tr("Event time"), tr("Row"), tr("Batch"), tr("Fate"), tr("Why")};
}

void RecordsModel::build(std::vector<Row>* rows, QStringList*) const {
  fates_.clear();
  why_.clear();
  const QueryTimeline& q = session_.query();
  for (const QueryRecord& r : q.records()) {
    Row row;
    row.cells << QString::number(r.order) << r.input << (r.event_time ? q.timeText(*r.event_time) : QString())
              << q.valueText(r.row) << (r.batch ? QString::number(*r.batch) : QString())
              << QueryTimeline::fateText(r.fate) << r.why;
    row.current = r.event >= session_.currentStepBegin();
    row.key = r.key;
    row.batch_id = r.batch;
    rows->push_back(std::move(row));
    fates_.push_back(r.fate);
    why_ << r.why;
  }
}

QVariant RecordsModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  const auto r = static_cast<size_t>(index.row());
  const RecordFate fate = r < fates_.size() ? fates_[r] : RecordFate::kWaiting;
  switch (role) {
    case Qt::ToolTipRole: return why_.value(index.row());
    case Qt::FontRole:
      if (fate == RecordFate::kDropped && index.column() != kFate && index.column() != kWhy) {
        QFont f;
        f.setStrikeOut(true);
        return f;
      }
      return {};
    case Qt::ForegroundRole:
      // Colours that read on the light and the dark theme, unless the row has a highlight background.
      if (index.column() == kFate && !TraceTableModel::data(index, Qt::BackgroundRole).isValid()) {
        if (fate == RecordFate::kDropped) return QBrush(QColor(214, 39, 40));
        if (fate == RecordFate::kPartlyDropped || fate == RecordFate::kLate) return QBrush(QColor(230, 110, 0));
      }
      return TraceTableModel::data(index, role);
    default: return TraceTableModel::data(index, role);
  }
}

}  // namespace tideline::studio
