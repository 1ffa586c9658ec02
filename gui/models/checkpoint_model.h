#pragma once
// CheckpointModel: what a structured query's checkpoint holds, as it is
// written: one row per run of a batch with its offset log entry (offsets/N,
// written before batch N runs), its state version (N+1, after it) and its
// commit log entry (commits/N, when it is done), and the crashes, stops and
// restarts between them. A batch that a restart runs again (its commit was
// missing) is a row of its own, marked as the rerun it is. Rebuilt from the
// session's trace prefix by refresh(). GUI thread only.

#include "gui/models/trace_table_model.h"

namespace tideline::studio {

class CheckpointModel : public TraceTableModel {
  Q_OBJECT

 public:
  enum Column { kBatch, kOffsets, kState, kCommits, kWhat, kColumnCount };
  explicit CheckpointModel(const StudioSession& session, QObject* parent = nullptr);

 protected:
  void build(std::vector<Row>* rows, QStringList* columns) const override;
};

}  // namespace tideline::studio
