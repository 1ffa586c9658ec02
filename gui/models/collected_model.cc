#include "gui/models/collected_model.h"

#include "gui/session/selection.h"
#include "gui/session/studio_session.h"

namespace tideline::studio {

CollectedModel::CollectedModel(const StudioSession& session, QObject* parent) : TraceTableModel(session, parent) {
  columns_ = {tr("Batch"), tr("Stream"), tr("Record")};
  auto forget = [this] {
    run_rows_.clear();
    built_for_ = {nullptr, 0};
  };
  connect(&session_, &StudioSession::scenarioOpened, this, forget);
  connect(&session_, &StudioSession::scenarioClosed, this, forget);
}

void CollectedModel::build(std::vector<Row>* rows, QStringList*) const {
  const auto& run = session_.fullTrace();
  if (built_for_ != std::make_pair(run.data(), run.size())) {
    run_rows_.clear();
    built_for_ = {run.data(), run.size()};
    const QStringList collected = session_.collectedStreams();
    for (uint32_t i = 0; i < run.size(); ++i) {
      const trace::Event& e = run[i];
      if (e.kind != trace::EventKind::kStreamOutput) continue;
      const QString stream = QString::fromStdString(e.stream);
      if (!collected.contains(stream)) continue;
      const QString batch = session_.timeLabel(e.batch_time);
      for (size_t k = 0; k < e.values.size(); ++k) {
        const Value& v = e.values[k];
        RunRow r{i, {}};
        r.row.cells << batch << stream << valueText(v);
        r.row.key = Selection::keyOf(v);
        r.row.batch = e.batch_time;
        r.row.output = stream;
        r.row.item = static_cast<int64_t>(k);
        run_rows_.push_back(std::move(r));
      }
    }
  }
  const size_t position = session_.position();
  const size_t step_begin = session_.currentStepBegin();
  for (const RunRow& r : run_rows_) {
    if (r.event >= position) break;
    rows->push_back(r.row);
    rows->back().current = r.event >= step_begin;
  }
}

}  // namespace tideline::studio
