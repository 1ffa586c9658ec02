#pragma once
// linkToSelection: makes a table view of a TraceTableModel drive the session's
// Selection: when the user selects a cell, the model says what it links to
// (TraceTableModel::selectAt) and every panel highlights it. A selection the
// view loses on a model reset leaves the session's Selection as it was.
// GUI thread only.

class QAbstractItemView;

namespace tideline::studio {

class Selection;

// REQUIRES: view->model() is a TraceTableModel; `selection` outlives the view.
void linkToSelection(QAbstractItemView* view, Selection* selection);

}  // namespace tideline::studio
