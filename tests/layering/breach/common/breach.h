#pragma once
// A deliberate layering breach: the lowest layer includes the highest one. The test
// layering_check_fails_on_breach expects cmake/check_layers.cmake to reject this folder.
#include "core/scenario/runner.h"
