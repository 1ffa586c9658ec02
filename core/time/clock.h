#pragma once
// Clock: where the engine reads the time. ManualClock is Spark's ManualClock
// without its thread handshake: time moves only when the driver moves it; it is
// what scenarios and tests use. SystemClock reads the wall clock and is the only
// place in core/ that does (a test enforces it); it serves live runs and the
// `wall` measurements. A clock is not thread-safe unless said otherwise.

#include "core/time/time.h"

namespace tideline {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start = Timestamp()) : now_(start) {}
  Timestamp Now() const override { return now_; }
  // REQUIRES: t >= Now(); time never moves back.
  void SetTime(Timestamp t) { if (t > now_) now_ = t; }
  void Advance(Duration d) { now_ = now_ + d; }

 private:
  Timestamp now_;
};

class SystemClock final : public Clock {
 public:
  Timestamp Now() const override;
  // A monotonic reading in microseconds, for measuring real elapsed time only.
  static int64_t MonotonicMicros();
};

}  // namespace tideline
