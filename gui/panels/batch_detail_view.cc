#include "gui/panels/batch_detail_view.h"

#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QTabWidget>
#include <QVBoxLayout>

#include "gui/panels/batch_strip_panel.h"
#include "gui/panels/output_panel.h"
#include "gui/panels/space_time_panel.h"
#include "gui/panels/state_panel.h"
#include "gui/session/batch_jump_run.h"
#include "gui/session/studio_session.h"

namespace tideline::studio {

BatchDetailView::BatchDetailView(QWidget* parent)
    : QWidget(parent, Qt::Window),
      session_(new StudioSession(this)),
      header_(new QLabel(this)),
      tabs_(new QTabWidget(this)),
      strip_(new BatchStripPanel(*session_, tabs_)),
      space_time_(new SpaceTimePanel(*session_, tabs_)),
      state_(new StatePanel(*session_, tabs_)),
      output_(new OutputPanel(*session_, tabs_)) {
  setObjectName(QStringLiteral("batchDetailView"));
  header_->setObjectName(QStringLiteral("batchDetailHeader"));
  header_->setWordWrap(true);
  header_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  tabs_->setObjectName(QStringLiteral("batchDetailTabs"));
  tabs_->addTab(strip_, tr("Batch"));
  tabs_->addTab(space_time_, tr("Space-time"));
  tabs_->addTab(state_, tr("State"));
  tabs_->addTab(output_, tr("Output"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(6, 6, 6, 6);
  layout->addWidget(header_);
  layout->addWidget(tabs_, 1);
  resize(1100, 760);
  connect(session_, &StudioSession::scenarioOpened, strip_, &BatchStripPanel::reload);
  connect(session_, &StudioSession::positionChanged, this, [this] {
    strip_->refresh();
    space_time_->refresh();
    state_->refresh();
    output_->refresh();
  });
}

BatchDetailView::~BatchDetailView() = default;

void BatchDetailView::showBatch(const BatchJumpRequest& request) {
  delete jump_;  // a jump under way is cancelled
  jump_ = new BatchJumpRun(request, this);
  connect(jump_, &BatchJumpRun::finished, this, &BatchDetailView::jumpEnded);
  setWindowTitle(tr("Batch %1 of %2").arg(request.batch).arg(QFileInfo(request.recording).fileName()));
  header_->setText(tr("Replaying batch %1 from the nearest keyframe...").arg(request.batch));
  session_->closeScenario();
  jump_->start();
}

void BatchDetailView::jumpEnded() {
  const auto detail = jump_->result();
  const QLocale locale;
  if (!detail->error.isEmpty()) {
    header_->setText(tr("Batch %1 cannot be shown: %2").arg(detail->batch).arg(detail->error));
    emit batchShown();
    return;
  }
  if (!session_->openTrace(jump_->request().scenario, detail->events)) {
    header_->setText(tr("Batch %1 cannot be shown: %2").arg(detail->batch).arg(session_->errorText()));
    emit batchShown();
    return;
  }
  const bool structured = session_->isStructured();
  tabs_->setTabVisible(tabs_->indexOf(strip_), !structured);
  tabs_->setTabVisible(tabs_->indexOf(space_time_), structured);
  tabs_->setCurrentWidget(structured ? static_cast<QWidget*>(space_time_) : strip_);
  const QString from = detail->fromBatch < 0 ? tr("replayed from the start")
                                             : tr("replayed from the keyframe after batch %1").arg(detail->fromBatch);
  const QString when = session_->batchTimes().empty() ? QString() : session_->timeLabel(session_->batchTimes().front());
  header_->setText(tr("Batch %1 at %2: %3 trace events, %4 in %5 ms")
                       .arg(detail->batch)
                       .arg(when, locale.toString(static_cast<qlonglong>(detail->events.size())), from,
                            locale.toString(detail->wallMs, 'f', 0)));
  emit batchShown();
}

}  // namespace tideline::studio
