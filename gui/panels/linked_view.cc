#include "gui/panels/linked_view.h"

#include <QAbstractItemView>
#include <QItemSelectionModel>

#include "gui/models/trace_table_model.h"
#include "gui/session/selection.h"

namespace tideline::studio {

void linkToSelection(QAbstractItemView* view, Selection* selection) {
  auto* model = qobject_cast<TraceTableModel*>(view->model());
  Q_ASSERT(model != nullptr);
  QObject::connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, view,
                   [model, selection](const QItemSelection& selected, const QItemSelection&) {
                     if (!selected.isEmpty()) model->selectAt(selected.indexes().first(), selection);
                   });
}

}  // namespace tideline::studio
