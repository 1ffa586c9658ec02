#pragma once
// StateModel: the state of one stateful DStream (kStateChange
// events) as a table of key, value and change. Keys removed or timed out leave
// the table, except in the step that removed them, where they show with their
// change; rows changed by the latest step are highlighted.
// Rebuilt from the session's trace prefix by refresh(). GUI thread only.

#include <QString>
#include <vector>

#include "gui/models/trace_table_model.h"

namespace tideline::studio {

class StateModel : public TraceTableModel {
  Q_OBJECT

 public:
  explicit StateModel(const StudioSession& session, QObject* parent = nullptr);
  void setStream(const QString& stream) { stream_ = stream; refresh(); }
  QString stream() const { return stream_; }

 protected:
  void build(std::vector<Row>* rows, QStringList* columns) const override;

 private:
  QString stream_;
};

}  // namespace tideline::studio
