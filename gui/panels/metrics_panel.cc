#include "gui/panels/metrics_panel.h"

#include <QHeaderView>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "gui/models/metrics_model.h"
#include "gui/panels/linked_view.h"
#include "gui/session/studio_session.h"
#include "gui/plots/metrics_plot.h"

namespace tideline::studio {

MetricsPanel::MetricsPanel(const StudioSession& session, QWidget* parent)
    : QWidget(parent), model_(new MetricsModel(session, this)), plot_(new MetricsPlot(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  auto* tabs = new QTabWidget(this);
  tabs->addTab(plot_, tr("Charts"));
  auto* table = new QTableView(tabs);
  table->setObjectName(QStringLiteral("metricsView"));
  table->setModel(model_);
  table->setSelectionBehavior(QAbstractItemView::SelectRows);
  linkToSelection(table, session.selection());
  table->verticalHeader()->hide();
  tabs->addTab(table, tr("Table"));
  layout->addWidget(tabs);
}

void MetricsPanel::refresh() {
  model_->refresh();
  plot_->setPoints(model_->points());
}

}  // namespace tideline::studio
