#pragma once
// OutputModel: what the outputs wrote. For DStreams, the output operations
// that ran (kOutput events): batch, stream, operation and text (print()
// blocks, saveAsTextFiles directories). For a structured query, the rows the
// sink received, one table row per row: batch id, the output mode as what it
// means for the row (appended, updated, or part of the complete table) and
// the row; a batch that wrote nothing shows one row saying so. Rows of the
// latest step are highlighted; a sink row is linked to the selection by its
// key (Selection::rowKeyOf) and its batch id.
// Rebuilt from the session's trace prefix by refresh(). GUI thread only.

#include <QString>
#include <vector>

#include "gui/models/trace_table_model.h"

namespace tideline::studio {

class OutputModel : public TraceTableModel {
  Q_OBJECT

 public:
  explicit OutputModel(const StudioSession& session, QObject* parent = nullptr);
  // What an output mode (append, update, complete) does to a row, e.g. "appended".
  static QString modeText(const QString& mode);

 protected:
  void build(std::vector<Row>* rows, QStringList* columns) const override;
};

}  // namespace tideline::studio
