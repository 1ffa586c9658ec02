#include "gui/panels/state_panel.h"

#include <QHeaderView>
#include <QLabel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "gui/models/state_model.h"
#include "gui/panels/linked_view.h"
#include "gui/session/studio_session.h"

namespace tideline::studio {

StatePanel::StatePanel(const StudioSession& session, QWidget* parent)
    : QWidget(parent), session_(session), tabs_(new QTabWidget(this)), empty_(new QLabel(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  empty_->setText(tr("No stateful stream has changed yet."));
  empty_->setWordWrap(true);
  layout->addWidget(empty_);
  layout->addWidget(tabs_);
}

void StatePanel::refresh() {
  // Stateful streams in the order they first changed.
  QStringList streams;
  if (session_.isOpen())
    for (const trace::Event& e : session_.events())
      if (e.kind == trace::EventKind::kStateChange) {
        const QString s = QString::fromStdString(e.stream);
        if (!streams.contains(s)) streams << s;
      }
  QStringList have;
  for (StateModel* m : models_) have << m->stream();
  if (have != streams) {
    const int current = tabs_->currentIndex();
    while (tabs_->count() > 0) {
      QWidget* w = tabs_->widget(0);
      tabs_->removeTab(0);
      delete w;
    }
    for (StateModel* m : models_) delete m;
    models_.clear();
    for (const QString& s : streams) {
      auto* model = new StateModel(session_, this);
      model->setStream(s);
      auto* view = new QTableView(tabs_);
      view->setObjectName(QStringLiteral("stateView_") + s);
      view->setModel(model);
      view->setSelectionBehavior(QAbstractItemView::SelectRows);
      linkToSelection(view, session_.selection());
      view->verticalHeader()->hide();
      view->horizontalHeader()->setStretchLastSection(true);
      tabs_->addTab(view, s);
      models_.push_back(model);
    }
    if (current >= 0 && current < tabs_->count()) tabs_->setCurrentIndex(current);
  }
  for (StateModel* m : models_) m->refresh();
  for (int i = 0; i < tabs_->count(); ++i) static_cast<QTableView*>(tabs_->widget(i))->resizeColumnsToContents();
  empty_->setVisible(models_.empty());
  tabs_->setVisible(!models_.empty());
}

StateModel* StatePanel::currentModel() const {
  const int i = tabs_->currentIndex();
  return i >= 0 && i < static_cast<int>(models_.size()) ? models_[static_cast<size_t>(i)] : nullptr;
}

}  // namespace tideline::studio
