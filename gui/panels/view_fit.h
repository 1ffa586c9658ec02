#pragma once
// fitColumns: sizes a table's columns to their contents when what they hold can need
// other widths: other columns, another font, or more rows than when they were last
// measured (a doubling, so a table that grows step by step is measured about log2(rows)
// times, not at every step: measuring every cell's text costs more than the rest of a
// step). compactRows: rows one line of the view's font high, without measuring them.
// GUI thread only.

class QTableView;

namespace tideline::studio {

enum class LastColumn { kFitted, kStretches };

// `precision`: how many rows decide a column's width (QHeaderView::setResizeContentsPrecision).
void fitColumns(QTableView* view, int precision, LastColumn last);

void compactRows(QTableView* view);

}  // namespace tideline::studio
