#include "gui/models/output_model.h"

#include <set>

#include "gui/session/selection.h"
#include "gui/session/studio_session.h"

namespace tideline::studio {

OutputModel::OutputModel(const StudioSession& session, QObject* parent) : TraceTableModel(session, parent) {
  columns_ = {tr("Batch"), tr("Stream"), tr("Operation"), tr("Text")};
}

QString OutputModel::modeText(const QString& mode) {
  if (mode == QLatin1String("append")) return tr("appended");
  if (mode == QLatin1String("update")) return tr("updated");
  if (mode == QLatin1String("complete")) return tr("complete table");
  return mode;
}

void OutputModel::build(std::vector<Row>* rows, QStringList* columns) const {
  const size_t step_begin = session_.currentStepBegin();
  if (session_.isStructured()) {
    *columns = {tr("Batch"), tr("Output mode"), tr("Row")};
    const QueryTimeline& q = session_.query();
    std::set<int64_t> delivered;  // batch ids the sink has been given
    for (uint32_t i : session_.eventsOf({trace::EventKind::kOutput})) {
      const trace::Event& e = session_.event(i);
      // The sink's own events carry the mode; a console sink's printing ("console") only repeats its text.
      if (e.op == "console") continue;
      QString mode = modeText(QString::fromStdString(e.op));
      // A batch run again after a restart: the memory and file sinks know its id and ignore
      // it (MemorySink.addBatch, FileStreamSink's metadata log); console and foreachBatch
      // deliver it again.
      if (!delivered.insert(e.index).second) {
        const bool idempotent = e.stream == "MemorySink" || e.stream.rfind("FileSink", 0) == 0;
        mode += QStringLiteral(" · ") + (idempotent ? tr("rerun, ignored by the sink") : tr("rerun, delivered again"));
      }
      auto add = [&](const QString& text, const QString& key, int64_t item) {
        Row row;
        row.item = item;
        row.cells << QString::number(e.index) << mode << text;
        row.current = i >= step_begin;
        row.key = key;
        row.batch_id = e.index;
        rows->push_back(std::move(row));
      };
      if (e.values.empty()) add(tr("(no rows)"), QString(), -1);
      for (size_t k = 0; k < e.values.size(); ++k)
        add(q.valueText(e.values[k]), Selection::rowKeyOf(e.values[k]), static_cast<int64_t>(k));
    }
    return;
  }
  *columns = {tr("Batch"), tr("Stream"), tr("Operation"), tr("Text")};
  for (uint32_t i : session_.eventsOf({trace::EventKind::kOutput})) {
    const trace::Event& e = session_.event(i);
    Row row;
    row.cells << session_.timeLabel(e.batch_time) << QString::fromStdString(e.stream)
              << QString::fromStdString(e.op) << QString::fromStdString(e.text).trimmed();
    row.current = i >= step_begin;
    row.batch = e.batch_time;
    rows->push_back(std::move(row));
  }
}

}  // namespace tideline::studio
