#pragma once
// Spark's TimeWindowing as bounds: the time windows a timestamp falls in. The engine's
// window aggregation and the Studio's drawing of windows both read it.

#include <utility>
#include <vector>

#include "core/time/time.h"

namespace tideline::structured {

// The windows [start, end) holding `t`, oldest first, for windows of `size` that slide by
// `slide` from the offset `start` (window(col, size, slide, start)).
std::vector<std::pair<Timestamp, Timestamp>> TimeWindowBounds(Timestamp t, Duration size, Duration slide,
                                                              Duration start);

}  // namespace tideline::structured
