#include "gui/models/checkpoint_model.h"

#include <map>
#include <optional>

#include "gui/session/studio_session.h"

namespace tideline::studio {

CheckpointModel::CheckpointModel(const StudioSession& session, QObject* parent) : TraceTableModel(session, parent) {
  columns_ = {tr("Batch"), tr("Offset log"), tr("State"), tr("Commit log"), tr("What happened")};
}

void CheckpointModel::build(std::vector<Row>* rows, QStringList* columns) const {
  using trace::EventKind;
  *columns = {tr("Batch"), tr("Offset log"), tr("State"), tr("Commit log"), tr("What happened")};
  if (!session_.isStructured()) return;
  const size_t step_begin = session_.currentStepBegin();
  std::map<int64_t, size_t> row_of;  // batch id -> its row in the current run (since the last crash or stop)
  bool restarted = false;
  // The engine reports a restart once the query has started, after it has run again the
  // batch that had no commit: the restart's row goes before that rerun.
  std::optional<size_t> restart_row;
  // A batch's row; made by its state or commit without its offsets after a crash, it is a rerun.
  auto row_for = [&](int64_t batch, size_t event, bool offsets = false) -> Row& {
    auto it = row_of.find(batch);
    if (it == row_of.end()) {
      Row row;
      row.cells = QStringList{QString::number(batch), QString(), QString(), QString(), QString()};
      row.batch_id = batch;
      // Its offsets were written before the restart: this run replays the batch.
      if (restarted && !offsets) row.cells[kWhat] = tr("rerun: offsets/%1 from before the restart, same data and watermark").arg(batch);
      rows->push_back(std::move(row));
      it = row_of.emplace(batch, rows->size() - 1).first;
    }
    Row& r = (*rows)[it->second];
    r.current = r.current || event >= step_begin;
    return r;
  };
  auto note = [&](const QString& text, size_t event) {
    Row row;
    row.cells = QStringList{QString(), QString(), QString(), QString(), text};
    row.current = event >= step_begin;
    rows->push_back(std::move(row));
  };
  for (uint32_t i : session_.eventsOf({EventKind::kCheckpoint, EventKind::kFailure, EventKind::kRecovered,
                                       EventKind::kStop})) {
    const trace::Event& e = session_.event(i);
    switch (e.kind) {
      case EventKind::kCheckpoint:
        if (e.op == "offsets") {
          row_for(e.index, i, /*offsets=*/true).cells[kOffsets] = QStringLiteral("offsets/%1").arg(e.index);
        } else if (e.op == "state") {
          row_for(e.index - 1, i).cells[kState] = tr("version %1").arg(e.index);
        } else if (e.op == "commits") {
          row_for(e.index, i).cells[kCommits] = QStringLiteral("commits/%1").arg(e.index);
        }
        break;
      case EventKind::kFailure:
        if (e.op == "crash") {
          if (!rows->empty() && rows->back().batch_id && rows->back().cells[kCommits].isEmpty()) {
            Row& r = rows->back();
            r.cells[kWhat] = tr("crash: %1").arg(QString::fromStdString(e.text));
            r.current = r.current || i >= step_begin;
          } else {
            note(tr("crash: %1").arg(QString::fromStdString(e.text)), i);
          }
          row_of.clear();
          restarted = true;
          restart_row = rows->size();
        }
        break;
      case EventKind::kRecovered:
        if (e.op == "restart") {
          Row row;
          row.cells = QStringList{QString(), QString(), QString(), QString(),
                                  tr("restart from the checkpoint: the batch without a commit runs again")};
          row.current = i >= step_begin;
          rows->insert(rows->begin() + static_cast<std::ptrdiff_t>(restart_row.value_or(rows->size())), std::move(row));
          for (auto& [batch, r] : row_of)
            if (restart_row && r >= *restart_row) ++r;
          restart_row.reset();
          row_of.clear();
          restarted = true;
        }
        break;
      case EventKind::kStop:
        note(tr("stop"), i);
        row_of.clear();
        restart_row = rows->size();
        break;
      default: break;
    }
  }
}

}  // namespace tideline::studio
