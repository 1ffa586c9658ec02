#include "gui/panels/state_panel.h"

#include <QHeaderView>
#include <algorithm>
#include <bit>
#include <QItemSelectionModel>
#include <QLabel>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include "gui/models/state_model.h"
#include "gui/panels/linked_view.h"
#include "gui/plots/state_chart.h"
#include "gui/session/studio_session.h"
#include "gui/panels/view_fit.h"

namespace tideline::studio {

StatePanel::StatePanel(const StudioSession& session, QWidget* parent)
    : QWidget(parent), session_(session), tables_(new QSplitter(Qt::Vertical, this)), empty_(new QLabel(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  empty_->setText(tr("No stateful stream has changed yet."));
  empty_->setWordWrap(true);
  empty_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
  tables_->setChildrenCollapsible(false);
  layout->addWidget(empty_);
  // Several states with their charts may want more height than the dock has: they scroll.
  auto* scroll = new QScrollArea(this);
  scroll->setObjectName(QStringLiteral("stateScroll"));
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  scroll->setWidget(tables_);
  scroll_ = scroll;
  layout->addWidget(scroll);
}

QString StatePanel::title(const QString& stream) {
  static const QRegularExpression op(QStringLiteral("^(\\d+) (\\S+)$"));
  const auto m = op.match(stream);
  return m.hasMatch() ? tr("%1 (operator %2)").arg(m.captured(2), m.captured(1)) : stream;
}

void StatePanel::refresh() {
  // Stateful streams in the order they first changed.
  QStringList streams;
  if (session_.isOpen())
    for (uint32_t i : session_.eventsOf({trace::EventKind::kStateChange})) {
      const QString s = QString::fromStdString(session_.event(i).stream);
      if (!streams.contains(s)) streams << s;
    }
  QStringList have;
  for (StateModel* m : models_) have << m->stream();
  if (have != streams) {
    while (tables_->count() > 0) delete tables_->widget(0);
    for (StateModel* m : models_) delete m;
    models_.clear();
    charts_.clear();
    applied_sizes_.clear();
    for (const QString& s : streams) {
      auto* model = new StateModel(session_, this);
      model->setStream(s);
      auto* section = new QWidget(tables_);
      auto* box = new QVBoxLayout(section);
      box->setContentsMargins(0, 0, 0, 0);
      box->setSpacing(1);
      auto* label = new QLabel(QStringLiteral("<b>%1</b>").arg(title(s).toHtmlEscaped()), section);
      label->setObjectName(QStringLiteral("stateTitle_") + s);
      box->addWidget(label);
      auto* view = new QTableView(section);
      view->setObjectName(QStringLiteral("stateView_") + s);
      view->setModel(model);
      view->setSelectionBehavior(QAbstractItemView::SelectRows);
      linkToSelection(view, session_.selection());
      const size_t index = models_.size();
      connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
              [this, index] { current_ = index; });
      view->verticalHeader()->hide();
      view->horizontalHeader()->setStretchLastSection(true);
      auto* split = new QSplitter(Qt::Vertical, section);
      split->setChildrenCollapsible(false);
      split->addWidget(view);
      auto* chart = new StateChart(session_, s, split);
      split->addWidget(chart);
      split->setStretchFactor(0, 3);
      split->setStretchFactor(1, 2);
      box->addWidget(split);
      tables_->addWidget(section);
      models_.push_back(model);
      charts_.push_back(chart);
    }
    if (current_ >= models_.size()) current_ = 0;
  }
  for (StateModel* m : models_) m->refresh();
  for (StateChart* c : charts_) c->refresh();
  // Each table gets room for its rows (and its title and header), in proportion.
  // (In steps of powers of two: resizing the tables and charts at every step costs more than the step.)
  QList<int> sizes;
  for (QTableView* v : tables_->findChildren<QTableView*>()) {
    compactRows(v);
    fitColumns(v, 100, LastColumn::kStretches);  // a large state: its first rows decide
    const int rows = static_cast<int>(std::bit_ceil(static_cast<unsigned>(v->model()->rowCount())));
    sizes << (rows + 12) * fontMetrics().height();  // and its chart
  }
  if (sizes.size() > 1 && sizes != applied_sizes_) {
    tables_->setSizes(sizes);
    applied_sizes_ = sizes;
  }
  empty_->setVisible(models_.empty());
  scroll_->setVisible(!models_.empty());
  tables_->setVisible(!models_.empty());
}

StateModel* StatePanel::currentModel() const { return current_ < models_.size() ? models_[current_] : nullptr; }

}  // namespace tideline::studio
