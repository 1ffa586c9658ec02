#pragma once
// CollectedModel: the rows of the streams that have a `collect`
// output, one table row per record: batch, stream, record.
// Rebuilt from the session's trace prefix by refresh(); the rows of the whole
// run are written once per opened scenario and each refresh takes those of the
// prefix. GUI thread only.

#include <QString>
#include <cstdint>
#include <utility>
#include <vector>

#include "core/trace/trace.h"
#include "gui/models/trace_table_model.h"

namespace tideline::studio {

class CollectedModel : public TraceTableModel {
  Q_OBJECT

 public:
  explicit CollectedModel(const StudioSession& session, QObject* parent = nullptr);

 protected:
  void build(std::vector<Row>* rows, QStringList* columns) const override;

 private:
  struct RunRow {
    uint32_t event;  // the kStreamOutput event it comes from
    Row row;
  };
  mutable std::vector<RunRow> run_rows_;  // of the whole run, in event order
  mutable std::pair<const trace::Event*, size_t> built_for_{nullptr, 0};  // the trace they were built from (none: not built)
};

}  // namespace tideline::studio
