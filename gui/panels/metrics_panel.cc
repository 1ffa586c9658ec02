#include "gui/panels/metrics_panel.h"

#include <QHeaderView>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "gui/models/metrics_model.h"
#include "gui/models/query_metrics_model.h"
#include "gui/panels/linked_view.h"
#include "gui/plots/metrics_plot.h"
#include "gui/plots/query_metrics_plot.h"
#include "gui/session/studio_session.h"
#include "gui/panels/view_fit.h"

namespace tideline::studio {

namespace {
QTableView* tableFor(QAbstractItemModel* model, const QString& name, Selection* selection, QWidget* parent) {
  auto* table = new QTableView(parent);
  table->setObjectName(name);
  table->setModel(model);
  table->setSelectionBehavior(QAbstractItemView::SelectRows);
  linkToSelection(table, selection);
  table->verticalHeader()->hide();
  return table;
}
}  // namespace

MetricsPanel::MetricsPanel(const StudioSession& session, QWidget* parent)
    : QWidget(parent),
      session_(session),
      model_(new MetricsModel(session, this)),
      plot_(new MetricsPlot(this)),
      query_model_(new QueryMetricsModel(session, this)),
      query_plot_(new QueryMetricsPlot(this)),
      charts_(new QStackedWidget(this)),
      tables_(new QStackedWidget(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  auto* tabs = new QTabWidget(this);
  charts_->addWidget(plot_);
  charts_->addWidget(query_plot_);
  tabs->addTab(charts_, tr("Charts"));
  tables_->addWidget(tableFor(model_, QStringLiteral("metricsView"), session.selection(), tables_));
  tables_->addWidget(tableFor(query_model_, QStringLiteral("queryMetricsView"), session.selection(), tables_));
  tabs->addTab(tables_, tr("Table"));
  layout->addWidget(tabs);
}

void MetricsPanel::refresh() {
  const int page = session_.isOpen() && session_.isStructured() ? 1 : 0;
  charts_->setCurrentIndex(page);
  tables_->setCurrentIndex(page);
  model_->refresh();
  query_model_->refresh();
  // Only the charts on show are drawn again: a replot costs more than the rest of a step.
  if (page == 0 || !session_.isOpen()) plot_->setPoints(model_->points());
  if (page == 1 || !session_.isOpen()) query_plot_->setPoints(query_model_->points());
  fitColumns(static_cast<QTableView*>(tables_->widget(1)), 1000, LastColumn::kFitted);
}

bool MetricsPanel::save(const QString& path, QString* error) const {
  return charts_->currentIndex() == 1 ? query_plot_->save(path, error) : plot_->save(path, error);
}

void MetricsPanel::replotNow() {
  plot_->replotNow();
  query_plot_->replotNow();
}

}  // namespace tideline::studio
