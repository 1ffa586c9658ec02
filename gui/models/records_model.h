#pragma once
// RecordsModel: the rows a structured query's inputs received so far, one
// table row per input row in arrival order: its number, input, event time,
// row, the batch that processed it, what happened to it (on time, late but
// counted, partly dropped, dropped by the watermark, waiting) and why
// (QueryTimeline). Dropped rows are struck out; Qt::ToolTipRole of every cell
// is the reason. Rows that arrived in the latest step are highlighted; a row
// is linked to the selection by its key (Selection::rowKeyOf) and its batch id.
// Rebuilt from the session's trace prefix by refresh(). GUI thread only.

#include <vector>

#include "gui/models/trace_table_model.h"
#include "gui/session/query_timeline.h"

namespace tideline::studio {

class RecordsModel : public TraceTableModel {
  Q_OBJECT

 public:
  enum Column { kNumber, kInput, kEventTime, kRow, kBatch, kFate, kWhy, kColumnCount };
  explicit RecordsModel(const StudioSession& session, QObject* parent = nullptr);
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

 protected:
  void build(std::vector<Row>* rows, QStringList* columns) const override;

 private:
  mutable std::vector<RecordFate> fates_;  // per row
  mutable QStringList why_;                // per row
};

}  // namespace tideline::studio
