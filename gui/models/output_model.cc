#include "gui/models/output_model.h"

#include "gui/session/studio_session.h"

namespace tideline::studio {

OutputModel::OutputModel(const StudioSession& session, QObject* parent) : TraceTableModel(session, parent) {
  columns_ = {tr("Batch"), tr("Stream"), tr("Operation"), tr("Text")};
}

void OutputModel::build(std::vector<Row>* rows, QStringList*) const {
  const auto& ev = session_.events();
  for (size_t i = 0; i < ev.size(); ++i) {
    const trace::Event& e = ev[i];
    if (e.kind != trace::EventKind::kOutput) continue;
    Row row;
    row.cells << session_.timeLabel(e.batch_time) << QString::fromStdString(e.stream)
              << QString::fromStdString(e.op) << QString::fromStdString(e.text).trimmed();
    row.current = i >= session_.currentStepBegin();
    row.batch = e.batch_time;
    rows->push_back(std::move(row));
  }
}

}  // namespace tideline::studio
