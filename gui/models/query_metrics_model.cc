#include "gui/models/query_metrics_model.h"

#include "gui/session/studio_session.h"

namespace tideline::studio {

namespace {
std::optional<double> watermarkGap(const QueryBatch& b) {
  if (!b.max_event_time || !b.watermark || b.watermark->micros() == 0) return std::nullopt;
  return static_cast<double>((*b.max_event_time - *b.watermark).micros()) / 1e6;
}

QString number(double v) { return QString::number(v, 'g', 6); }
}  // namespace

QueryMetricsModel::QueryMetricsModel(const StudioSession& session, QObject* parent)
    : TraceTableModel(session, parent) {
  columns_ = {tr("Batch"),         tr("Input rows"), tr("Input rows/s"),         tr("Processed rows/s"),
              tr("Duration (ms)"), tr("Watermark"),  tr("Watermark gap (s)"), tr("State rows")};
}

void QueryMetricsModel::build(std::vector<Row>* rows, QStringList*) const {
  const QueryTimeline& q = session_.query();
  for (const QueryBatch& b : q.batches()) {
    if (!b.finished) continue;
    const auto gap = watermarkGap(b);
    Row row;
    row.cells << QString::number(b.id) << QString::number(b.input_rows) << number(b.input_rate)
              << number(b.process_rate) << number(b.duration_ms)
              << (b.watermark ? q.watermarkText(*b.watermark) : QString()) << (gap ? number(*gap) : QString())
              << QString::number(b.state_rows);
    row.current = *b.finished >= session_.currentStepBegin();
    row.batch_id = b.id;
    rows->push_back(std::move(row));
  }
}

std::vector<QueryMetricsModel::Point> QueryMetricsModel::points() const {
  std::vector<Point> out;
  for (const QueryBatch& b : session_.query().batches()) {
    if (!b.finished) continue;
    Point p;
    p.batch = static_cast<double>(b.id);
    p.input_rows = static_cast<double>(b.input_rows);
    p.input_rate = b.input_rate;
    p.process_rate = b.process_rate;
    p.duration_ms = b.duration_ms;
    p.state_rows = static_cast<double>(b.state_rows);
    p.watermark_gap_s = watermarkGap(b);
    out.push_back(p);
  }
  return out;
}

}  // namespace tideline::studio
