#include "gui/session/player.h"

#include <QTimer>
#include <cmath>

#include "gui/session/studio_session.h"

namespace tideline::studio {

Player::Player(StudioSession& session, QObject* parent) : QObject(parent), session_(session), timer_(new QTimer(this)) {
  timer_->setInterval(interval());
  connect(timer_, &QTimer::timeout, this, &Player::advance);
  connect(&session_, &StudioSession::scenarioOpened, this, &Player::pause);
  connect(&session_, &StudioSession::openFailed, this, &Player::pause);
}

bool Player::isPlaying() const { return timer_->isActive(); }

int Player::interval() const { return static_cast<int>(std::lround(1000.0 / speed_)); }

void Player::setSpeed(double steps_per_second) {
  Q_ASSERT(steps_per_second > 0);
  if (steps_per_second == speed_) return;
  speed_ = steps_per_second;
  timer_->setInterval(interval());
  emit speedChanged(speed_);
}

void Player::play() {
  if (!session_.isOpen() || isPlaying()) return;
  if (session_.position() == session_.traceLength()) session_.goToStart();
  timer_->start();
  emit playingChanged(true);
}

void Player::pause() {
  if (!isPlaying()) return;
  timer_->stop();
  emit playingChanged(false);
}

void Player::togglePlaying() {
  if (isPlaying()) {
    pause();
  } else {
    play();
  }
}

void Player::advance() {
  session_.nextStep();
  if (!session_.isOpen() || session_.position() == session_.traceLength()) pause();
}

}  // namespace tideline::studio
