#pragma once
// StateModel: the state of one stateful DStream or structured operator
// (kStateChange events) as a table of key, value, the timeout deadline (when
// the stream has timeouts: mapWithState's StateSpec.timeout, a structured
// (flat)MapGroupsWithState's timeout) and change. Keys removed, timed out or
// evicted by the watermark leave the table, except in the step that removed
// them, where they show with their change; rows changed by the latest step are
// highlighted, each change in its own colour (new, updated, removed, timed
// out, evicted). A structured operator's keys and values are written with
// their times and windows (QueryTimeline::valueText), and a row is linked to
// the selection by its key's first string field (Selection::rowKeyOf).
// Rebuilt from the session's trace prefix by refresh(). GUI thread only.

#include <QString>
#include <optional>
#include <vector>

#include "core/trace/trace.h"
#include "gui/models/trace_table_model.h"

namespace tideline::studio {

class StateModel : public TraceTableModel {
  Q_OBJECT

 public:
  explicit StateModel(const StudioSession& session, QObject* parent = nullptr);
  void setStream(const QString& stream);
  QString stream() const { return stream_; }
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  // The colour that marks a change of the latest step.
  static QColor changeColor(trace::StateChange change);

 protected:
  void build(std::vector<Row>* rows, QStringList* columns) const override;

 private:
  QString stream_;
  bool deadlines_ = false;  // the stream has timeouts somewhere in the run
  mutable std::vector<std::optional<trace::StateChange>> changes_;  // per row: its change in the latest step
};

}  // namespace tideline::studio
