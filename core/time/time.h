#pragma once
// Duration and Timestamp: time as a value, never a bare integer. Both count
// microseconds; a Timestamp is microseconds since the Unix epoch, UTC. Parsing
// follows Spark's interval strings ("10 seconds", "interval 3 minutes 30
// seconds") and short forms ("500ms", "1s", "5m", "1h"). Immutable values.

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/common/status.h"

namespace tideline {

class Duration {
 public:
  constexpr Duration() = default;
  static constexpr Duration Micros(int64_t us) { return Duration(us); }
  static constexpr Duration Millis(int64_t ms) { return Duration(ms * 1000); }
  static constexpr Duration Seconds(int64_t s) { return Duration(s * 1000000); }
  static constexpr Duration Minutes(int64_t m) { return Duration(m * 60000000); }
  static constexpr Duration Hours(int64_t h) { return Duration(h * 3600000000LL); }

  constexpr int64_t micros() const { return us_; }
  constexpr int64_t millis() const { return us_ / 1000; }
  constexpr double seconds() const { return static_cast<double>(us_) / 1e6; }
  constexpr bool is_zero() const { return us_ == 0; }
  // Spark's Duration.isMultipleOf: this % that == 0 (REQUIRES: that non-zero).
  constexpr bool IsMultipleOf(Duration that) const { return that.us_ != 0 && us_ % that.us_ == 0; }

  constexpr Duration operator+(Duration o) const { return Duration(us_ + o.us_); }
  constexpr Duration operator-(Duration o) const { return Duration(us_ - o.us_); }
  constexpr Duration operator*(int64_t k) const { return Duration(us_ * k); }
  constexpr int64_t operator/(Duration o) const { return us_ / o.us_; }
  constexpr Duration operator-() const { return Duration(-us_); }
  constexpr auto operator<=>(const Duration&) const = default;

  // Spark's Duration.toString: "<millis> ms".
  std::string ToSparkString() const;
  // Short human form: "500ms", "10s", "1m30s", "1h".
  std::string ToString() const;

 private:
  constexpr explicit Duration(int64_t us) : us_(us) {}
  int64_t us_ = 0;
};

class Timestamp {
 public:
  constexpr Timestamp() = default;
  static constexpr Timestamp FromMicros(int64_t us) { return Timestamp(us); }
  static constexpr Timestamp FromMillis(int64_t ms) { return Timestamp(ms * 1000); }
  static constexpr Timestamp FromSeconds(int64_t s) { return Timestamp(s * 1000000); }
  static constexpr Timestamp Epoch() { return Timestamp(0); }

  constexpr int64_t micros() const { return us_; }
  constexpr int64_t millis() const { return FloorDiv(us_, 1000); }

  constexpr Timestamp operator+(Duration d) const { return Timestamp(us_ + d.micros()); }
  constexpr Timestamp operator-(Duration d) const { return Timestamp(us_ - d.micros()); }
  constexpr Duration operator-(Timestamp o) const { return Duration::Micros(us_ - o.us_); }
  Timestamp& operator+=(Duration d) { us_ += d.micros(); return *this; }
  constexpr auto operator<=>(const Timestamp&) const = default;

  // Largest t' <= t with (t' - origin) a multiple of unit (REQUIRES: unit > 0).
  Timestamp FloorTo(Duration unit, Timestamp origin) const;
  Timestamp FloorTo(Duration unit) const { return FloorTo(unit, Timestamp::FromMicros(0)); }

  // "YYYY-MM-DD HH:MM:SS[.ffffff]" in UTC (fraction only when non-zero, trailing zeros dropped).
  std::string ToString() const;

  static constexpr int64_t FloorDiv(int64_t a, int64_t b) {
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
  }

 private:
  constexpr explicit Timestamp(int64_t us) : us_(us) {}
  int64_t us_ = 0;
};

// Parses a duration: Spark interval strings ("10 seconds", "1 minute", "2 hours",
// "500 milliseconds", "interval 3 minutes 30 seconds", singular and plural) and short
// forms ("500ms", "1s", "5m", "1h", "2d", "100us"). A month counts as 31 days, as
// in Spark's watermark delay. Negative values are accepted here; callers reject them.
Result<Duration> ParseDuration(std::string_view text);

// Parses "YYYY-MM-DD[ HH:MM:SS[.ffffff]]" (also with 'T') as UTC.
Result<Timestamp> ParseTimestamp(std::string_view text);

// Days since 1970-01-01 for a civil date, and back (proleptic Gregorian).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d);
void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d);

}  // namespace tideline
