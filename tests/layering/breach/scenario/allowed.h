#pragma once
// Allowed: the highest layer includes a lower one.
#include "core/common/status.h"
