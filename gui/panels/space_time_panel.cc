#include "gui/panels/space_time_panel.h"

#include <QHeaderView>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include "gui/models/records_model.h"
#include "gui/panels/linked_view.h"
#include "gui/plots/space_time_plot.h"
#include "gui/session/studio_session.h"
#include "gui/panels/view_fit.h"

namespace tideline::studio {

SpaceTimePanel::SpaceTimePanel(const StudioSession& session, QWidget* parent)
    : QWidget(parent),
      plot_(new SpaceTimePlot(session, this)),
      model_(new RecordsModel(session, this)),
      view_(new QTableView(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  view_->setObjectName(QStringLiteral("recordsView"));
  view_->setModel(model_);
  view_->setSelectionBehavior(QAbstractItemView::SelectRows);
  view_->verticalHeader()->hide();
  view_->horizontalHeader()->setStretchLastSection(true);
  view_->setWordWrap(false);  // one line per row; the whole reason is the row's tooltip
  linkToSelection(view_, session.selection());
  auto* split = new QSplitter(Qt::Vertical, this);
  split->addWidget(plot_);
  split->addWidget(view_);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);
  split->setChildrenCollapsible(false);
  layout->addWidget(split);
}

void SpaceTimePanel::refresh() {
  model_->refresh();
  plot_->refresh();
  fitColumns(view_, 1000, LastColumn::kStretches);
  // Keep the rows of the current step in sight.
  if (const int r = model_->firstCurrentRow(); r >= 0) view_->scrollTo(model_->index(r, 0));
}

}  // namespace tideline::studio
