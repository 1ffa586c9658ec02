#include "gui/models/collected_model.h"

#include "gui/session/selection.h"
#include "gui/session/studio_session.h"

namespace tideline::studio {

CollectedModel::CollectedModel(const StudioSession& session, QObject* parent) : TraceTableModel(session, parent) {
  columns_ = {tr("Batch"), tr("Stream"), tr("Record")};
}

void CollectedModel::build(std::vector<Row>* rows, QStringList*) const {
  const QStringList collected = session_.collectedStreams();
  const size_t step_begin = session_.currentStepBegin();
  for (uint32_t i : session_.eventsOf({trace::EventKind::kStreamOutput})) {
    const trace::Event& e = session_.event(i);
    const QString stream = QString::fromStdString(e.stream);
    if (!collected.contains(stream)) continue;
    for (const Value& v : e.values) {
      Row row;
      row.cells << session_.timeLabel(e.batch_time) << stream << valueText(v);
      row.current = i >= step_begin;
      row.key = Selection::keyOf(v);
      row.batch = e.batch_time;
      rows->push_back(std::move(row));
    }
  }
}

}  // namespace tideline::studio
