#include "gui/models/collected_model.h"

#include "gui/session/selection.h"
#include "gui/session/studio_session.h"

namespace tideline::studio {

CollectedModel::CollectedModel(const StudioSession& session, QObject* parent) : TraceTableModel(session, parent) {
  columns_ = {tr("Batch"), tr("Stream"), tr("Record")};
}

void CollectedModel::build(std::vector<Row>* rows, QStringList*) const {
  const QStringList collected = session_.collectedStreams();
  const auto& ev = session_.events();
  for (size_t i = 0; i < ev.size(); ++i) {
    const trace::Event& e = ev[i];
    if (e.kind != trace::EventKind::kStreamOutput) continue;
    const QString stream = QString::fromStdString(e.stream);
    if (!collected.contains(stream)) continue;
    for (const Value& v : e.values) {
      Row row;
      row.cells << session_.timeLabel(e.batch_time) << stream << valueText(v);
      row.current = i >= session_.currentStepBegin();
      row.key = Selection::keyOf(v);
      row.batch = e.batch_time;
      rows->push_back(std::move(row));
    }
  }
}

}  // namespace tideline::studio
