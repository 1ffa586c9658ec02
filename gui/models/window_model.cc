#include "gui/models/window_model.h"

#include "gui/session/studio_session.h"

namespace tideline::studio {

WindowModel::WindowModel(const StudioSession& session, QObject* parent) : TraceTableModel(session, parent) {
  columns_ = {tr("Batch"), tr("Window"), tr("Covered"), tr("Entered"), tr("Left")};
}

void WindowModel::build(std::vector<Row>* rows, QStringList*) const {
  const auto& ev = session_.events();
  const std::string stream = stream_.toStdString();
  auto times = [this](const std::vector<Timestamp>& ts) {
    QStringList out;
    for (Timestamp t : ts) out << session_.timeLabel(t);
    return out.join(QStringLiteral(", "));
  };
  for (size_t i = 0; i < ev.size(); ++i) {
    const trace::Event& e = ev[i];
    if (e.kind != trace::EventKind::kWindow || e.stream != stream) continue;
    Row row;
    row.cells << session_.timeLabel(e.batch_time)
              << QStringLiteral("(%1, %2]").arg(session_.timeLabel(e.window_begin), session_.timeLabel(e.window_end))
              << times(e.covered) << times(e.entered) << times(e.left);
    row.current = i >= session_.currentStepBegin();
    row.batch = e.batch_time;
    rows->push_back(std::move(row));
  }
}

}  // namespace tideline::studio
