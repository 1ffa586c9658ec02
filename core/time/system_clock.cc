// The one file in core/ that reads the wall clock (see clock.h).
#include <chrono>

#include "core/time/clock.h"

namespace tideline {

Timestamp SystemClock::Now() const {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  return Timestamp::FromMicros(std::chrono::duration_cast<std::chrono::microseconds>(now).count());
}

int64_t SystemClock::MonotonicMicros() {
  auto now = std::chrono::steady_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::microseconds>(now).count();
}

}  // namespace tideline
