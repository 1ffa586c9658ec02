#include "gui/models/metrics_model.h"

#include "gui/session/studio_session.h"

namespace tideline::studio {

MetricsModel::MetricsModel(const StudioSession& session, QObject* parent) : TraceTableModel(session, parent) {
  columns_ = {tr("Batch"), tr("Input rows"), tr("Processing (ms)"), tr("Scheduling delay (ms)"),
              tr("Total delay (ms)")};
}

void MetricsModel::build(std::vector<Row>* rows, QStringList*) const {
  const auto& ev = session_.events();
  for (size_t i = 0; i < ev.size(); ++i) {
    const trace::Event& e = ev[i];
    if (e.kind != trace::EventKind::kBatchFinished) continue;
    Row row;
    row.cells << session_.timeLabel(e.batch_time) << QString::number(e.input_rows)
              << QString::number(e.processing_time.millis()) << QString::number(e.scheduling_delay.millis())
              << QString::number(e.total_delay.millis());
    row.current = i >= session_.currentStepBegin();
    row.batch = e.batch_time;
    rows->push_back(std::move(row));
  }
}

std::vector<MetricsModel::Point> MetricsModel::points() const {
  std::vector<Point> out;
  for (const trace::Event& e : session_.events()) {
    if (e.kind != trace::EventKind::kBatchFinished) continue;
    Point p;
    p.seconds = session_.seconds(e.batch_time);
    p.input_rows = static_cast<double>(e.input_rows);
    p.processing_ms = static_cast<double>(e.processing_time.micros()) / 1000.0;
    p.scheduling_delay_ms = static_cast<double>(e.scheduling_delay.micros()) / 1000.0;
    p.total_delay_ms = static_cast<double>(e.total_delay.micros()) / 1000.0;
    out.push_back(p);
  }
  return out;
}

}  // namespace tideline::studio
