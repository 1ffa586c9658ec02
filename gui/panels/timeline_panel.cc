#include "gui/panels/timeline_panel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <algorithm>

#include "gui/session/player.h"
#include "gui/session/studio_session.h"

namespace tideline::studio {

TimelinePanel::TimelinePanel(StudioSession& session, Player& player, QWidget* parent)
    : QWidget(parent),
      session_(session),
      player_(player),
      speed_(new QComboBox(this)),
      slider_(new QSlider(Qt::Horizontal, this)),
      batch_(new QSpinBox(this)),
      batch_total_(new QLabel(this)),
      position_(new QLabel(this)) {
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(4, 0, 4, 0);

  speed_->setObjectName(QStringLiteral("speedBox"));
  speed_->setToolTip(tr("Play speed, in steps per second"));
  for (double s : Player::kSpeeds) speed_->addItem(tr("%1× speed").arg(s), s);
  speed_->setCurrentIndex(speed_->findData(player_.speed()));
  layout->addWidget(speed_);

  slider_->setObjectName(QStringLiteral("timelineSlider"));
  slider_->setToolTip(tr("Drag to move time to any point of the run"));
  slider_->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
  slider_->setMinimumWidth(fontMetrics().averageCharWidth() * 20);
  layout->addWidget(slider_, 1);

  layout->addWidget(new QLabel(tr("Batch"), this));
  batch_->setObjectName(QStringLiteral("batchBox"));
  batch_->setToolTip(tr("Batches finished; type a number and press Enter to jump to that batch"));
  batch_->setKeyboardTracking(false);
  batch_->setAccelerated(true);
  layout->addWidget(batch_);
  layout->addWidget(batch_total_);
  position_->setObjectName(QStringLiteral("positionLabel"));
  layout->addWidget(position_);

  connect(speed_, &QComboBox::currentIndexChanged, this,
          [this](int i) { if (i >= 0) player_.setSpeed(speed_->itemData(i).toDouble()); });
  connect(&player_, &Player::speedChanged, this, [this](double s) {
    const QSignalBlocker block(speed_);
    speed_->setCurrentIndex(speed_->findData(s));
  });
  connect(slider_, &QSlider::valueChanged, this,
          [this](int v) { session_.goToPosition(static_cast<size_t>(std::max(0, v))); });
  connect(batch_, &QSpinBox::valueChanged, this, &TimelinePanel::batchEntered);
  connect(&session_, &StudioSession::positionChanged, this, &TimelinePanel::refresh);
  connect(&session_, &StudioSession::openFailed, this, &TimelinePanel::refresh);
  refresh();
}

void TimelinePanel::focusBatch() {
  batch_->setFocus(Qt::ShortcutFocusReason);
  batch_->selectAll();
}

void TimelinePanel::batchEntered() {
  session_.goToBatch(batch_->value());
  // Give the keys back to the window, so Left and Right step time again.
  if (batch_->hasFocus()) batch_->clearFocus();
}

void TimelinePanel::refresh() {
  const bool open = session_.isOpen();
  const QSignalBlocker block_slider(slider_);
  const QSignalBlocker block_batch(batch_);
  setEnabled(open);
  slider_->setRange(0, static_cast<int>(session_.traceLength()));
  slider_->setValue(static_cast<int>(session_.position()));
  slider_->setPageStep(std::max(1, static_cast<int>(session_.traceLength() / 10)));
  batch_->setRange(0, session_.batchCount());
  batch_->setValue(session_.currentBatch());
  batch_total_->setText(tr("of %1").arg(session_.batchCount()));
  position_->setText(open ? tr("event %1 of %2").arg(session_.position()).arg(session_.traceLength()) : QString());
}

}  // namespace tideline::studio
