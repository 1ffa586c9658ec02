#pragma once
// Conversions of doubles to integers as Java's casts do them, which Spark's non-ANSI
// arithmetic inherits: NaN gives 0 and a value beyond the range saturates at its end.
// A plain static_cast would be undefined behaviour there. Stateless.

#include <cmath>
#include <cstdint>

namespace tideline::expr {

// Java's (long) d.
inline int64_t JavaLong(double d) {
  if (std::isnan(d)) return 0;
  if (d >= 9223372036854775807.0) return INT64_MAX;
  if (d <= -9223372036854775808.0) return INT64_MIN;
  return static_cast<int64_t>(d);
}

}  // namespace tideline::expr
