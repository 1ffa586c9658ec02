#pragma once
// OutputModel: the output operations that ran (kOutput events):
// batch, stream, operation and text (print() blocks, saveAsTextFiles
// directories).
// Rebuilt from the session's trace prefix by refresh(). GUI thread only.

#include <QString>
#include <vector>

#include "gui/models/trace_table_model.h"

namespace tideline::studio {

class OutputModel : public TraceTableModel {
  Q_OBJECT

 public:
  explicit OutputModel(const StudioSession& session, QObject* parent = nullptr);

 protected:
  void build(std::vector<Row>* rows, QStringList* columns) const override;
};

}  // namespace tideline::studio
