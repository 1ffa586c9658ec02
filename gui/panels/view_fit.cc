#include "gui/panels/view_fit.h"

#include <QFontMetrics>
#include <QHeaderView>
#include <QTableView>
#include <algorithm>

namespace tideline::studio {

void fitColumns(QTableView* view, int precision, LastColumn last) {
  const QAbstractItemModel* model = view->model();
  if (!model) return;
  const int rows = model->rowCount(), columns = model->columnCount();
  QString shape = view->font().toString();
  for (int c = 0; c < columns; ++c) shape += QChar(0x1f) + model->headerData(c, Qt::Horizontal).toString();
  const bool same_shape = view->property("fitShape").toString() == shape;
  const int measured_for = same_shape ? view->property("fitRows").toInt() : -1;
  if (same_shape && rows <= measured_for) return;
  view->horizontalHeader()->setResizeContentsPrecision(precision);
  const int fitted = last == LastColumn::kFitted ? columns : columns - 1;
  for (int c = 0; c < fitted; ++c) view->resizeColumnToContents(c);
  view->setProperty("fitShape", shape);
  view->setProperty("fitRows", std::max(rows, 2 * std::max(measured_for, 0)));
}

void compactRows(QTableView* view) {
  QHeaderView* rows = view->verticalHeader();
  rows->setSectionResizeMode(QHeaderView::Fixed);
  const int height = QFontMetrics(view->font()).height() + 4;
  if (rows->defaultSectionSize() != height) {
    rows->setMinimumSectionSize(std::min(rows->minimumSectionSize(), height));
    rows->setDefaultSectionSize(height);
  }
}

}  // namespace tideline::studio
