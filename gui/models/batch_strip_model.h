#pragma once
// BatchStripModel: the batches of one DStream as columns, each
// holding the records the stream generated for that batch (kStreamOutput), in
// the order of the trace; for an input, a last column holds records that have
// arrived (kRecordArrived) but are not in a batch yet. Batches that finished
// in the latest step are highlighted. A cell is linked to the selection by its
// record's key or its column's batch; selecting a cell selects its record's key.
// Rebuilt from the session's trace prefix by refresh(). GUI thread only.

#include <QString>
#include <vector>

#include "gui/models/trace_table_model.h"

namespace tideline::studio {

class BatchStripModel : public TraceTableModel {
  Q_OBJECT

 public:
  explicit BatchStripModel(const StudioSession& session, QObject* parent = nullptr);
  void setStream(const QString& stream) { stream_ = stream; refresh(); }
  QString stream() const { return stream_; }
  bool selectAt(const QModelIndex& index, Selection* selection) const override;
  // The last column of a batch that finished in the latest step, or -1.
  int lastCurrentColumn() const;

 protected:
  void build(std::vector<Row>* rows, QStringList* columns) const override;
  bool highlighted(int row, int column) const override;
  bool linked(int row, int column) const override;

 private:
  QString stream_;
  mutable std::vector<bool> current_columns_;
  mutable std::vector<std::optional<Timestamp>> column_batches_;  // none for "arrived"
  mutable std::vector<QStringList> cell_keys_;                     // per row, per column
};

}  // namespace tideline::studio
