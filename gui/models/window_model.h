#pragma once
// WindowModel: the windows of one windowed DStream (kWindow
// events), one row per batch: the window's range and which batches it covers,
// which entered and which left since the previous window.
// Rebuilt from the session's trace prefix by refresh(). GUI thread only.

#include <QString>
#include <vector>

#include "gui/models/trace_table_model.h"

namespace tideline::studio {

class WindowModel : public TraceTableModel {
  Q_OBJECT

 public:
  explicit WindowModel(const StudioSession& session, QObject* parent = nullptr);
  void setStream(const QString& stream) { stream_ = stream; refresh(); }

 protected:
  void build(std::vector<Row>* rows, QStringList* columns) const override;

 private:
  QString stream_;
};

}  // namespace tideline::studio
