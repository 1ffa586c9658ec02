#include "gui/models/state_model.h"

#include <map>

#include "gui/session/studio_session.h"

namespace tideline::studio {

StateModel::StateModel(const StudioSession& session, QObject* parent) : TraceTableModel(session, parent) {
  columns_ = {tr("Key"), tr("Value"), tr("Change")};
}

void StateModel::build(std::vector<Row>* rows, QStringList*) const {
  using trace::StateChange;
  struct Entry {
    QString value;
    QString change;  // set when the latest step changed the key
    bool present = true;
  };
  const auto& ev = session_.events();
  const std::string stream = stream_.toStdString();
  std::map<QString, Entry> state;  // ordered by the key's text: a deterministic order
  for (size_t i = 0; i < ev.size(); ++i) {
    const trace::Event& e = ev[i];
    if (e.kind != trace::EventKind::kStateChange || e.stream != stream) continue;
    const bool current = i >= session_.currentStepBegin();
    Entry& entry = state[valueText(e.key)];
    const bool gone = e.change == StateChange::kRemoved || e.change == StateChange::kTimedOut;
    entry.present = !gone;
    entry.value = gone ? valueText(e.before) : valueText(e.after);
    entry.change = current ? QString::fromLatin1(trace::StateChangeName(e.change)) : QString();
  }
  for (const auto& [key, entry] : state) {
    if (!entry.present && entry.change.isEmpty()) continue;
    Row row;
    row.cells << key << entry.value << entry.change;
    row.current = !entry.change.isEmpty();
    row.key = key;
    rows->push_back(std::move(row));
  }
}

}  // namespace tideline::studio
