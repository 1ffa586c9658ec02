#include "gui/models/window_model.h"

#include "gui/session/studio_session.h"

namespace tideline::studio {

WindowModel::WindowModel(const StudioSession& session, QObject* parent) : TraceTableModel(session, parent) {
  columns_ = {tr("Batch"), tr("Window"), tr("Covered"), tr("Entered"), tr("Left")};
}

void WindowModel::build(std::vector<Row>* rows, QStringList*) const {
  const std::string stream = stream_.toStdString();
  const size_t step_begin = session_.currentStepBegin();
  auto times = [this](const std::vector<Timestamp>& ts) {
    QStringList out;
    for (Timestamp t : ts) out << session_.timeLabel(t);
    return out.join(QStringLiteral(", "));
  };
  for (uint32_t i : session_.eventsOf({trace::EventKind::kWindow})) {
    const trace::Event& e = session_.event(i);
    if (e.stream != stream) continue;
    Row row;
    row.cells << session_.timeLabel(e.batch_time)
              << QStringLiteral("(%1, %2]").arg(session_.timeLabel(e.window_begin), session_.timeLabel(e.window_end))
              << times(e.covered) << times(e.entered) << times(e.left);
    row.current = i >= step_begin;
    row.batch = e.batch_time;
    rows->push_back(std::move(row));
  }
}

}  // namespace tideline::studio
