#include "gui/models/metrics_model.h"

#include "gui/session/studio_session.h"

namespace tideline::studio {

MetricsModel::MetricsModel(const StudioSession& session, QObject* parent) : TraceTableModel(session, parent) {
  columns_ = {tr("Batch"), tr("Input rows"), tr("Processing (ms)"), tr("Scheduling delay (ms)"),
              tr("Total delay (ms)")};
}

void MetricsModel::build(std::vector<Row>* rows, QStringList*) const {
  const size_t step_begin = session_.currentStepBegin();
  for (uint32_t i : session_.eventsOf({trace::EventKind::kBatchFinished})) {
    const trace::Event& e = session_.event(i);
    Row row;
    row.cells << session_.timeLabel(e.batch_time) << QString::number(e.input_rows)
              << QString::number(e.processing_time.millis()) << QString::number(e.scheduling_delay.millis())
              << QString::number(e.total_delay.millis());
    row.current = i >= step_begin;
    row.batch = e.batch_time;
    rows->push_back(std::move(row));
  }
}

std::vector<MetricsModel::Point> MetricsModel::points() const {
  std::vector<Point> out;
  for (uint32_t i : session_.eventsOf({trace::EventKind::kBatchFinished})) {
    const trace::Event& e = session_.event(i);
    Point p;
    p.seconds = session_.seconds(e.batch_time);
    p.time_label = session_.timeLabel(e.batch_time);
    p.input_rows = static_cast<double>(e.input_rows);
    p.processing_ms = static_cast<double>(e.processing_time.micros()) / 1000.0;
    p.scheduling_delay_ms = static_cast<double>(e.scheduling_delay.micros()) / 1000.0;
    p.total_delay_ms = static_cast<double>(e.total_delay.micros()) / 1000.0;
    out.push_back(p);
  }
  return out;
}

}  // namespace tideline::studio
