#pragma once
// CollectedModel: the rows of the streams that have a `collect`
// output, one table row per record: batch, stream, record.
// Rebuilt from the session's trace prefix by refresh(). GUI thread only.

#include <QString>
#include <vector>

#include "gui/models/trace_table_model.h"

namespace tideline::studio {

class CollectedModel : public TraceTableModel {
  Q_OBJECT

 public:
  explicit CollectedModel(const StudioSession& session, QObject* parent = nullptr);

 protected:
  void build(std::vector<Row>* rows, QStringList* columns) const override;
};

}  // namespace tideline::studio
