#pragma once
// Versioned state stores on disk: the state of every stateful operator of a query after
// each batch, at <checkpoint dir>/state/<state id>/<version>.snapshot (Spark's
// HDFSBackedStateStoreProvider). The two latest versions are kept, so a restart can
// recover the state of the last committed batch. Not thread-safe.
//
// Invariants: version v holds the state after batch v - 1; a file is written whole to a
// temporary name and renamed, and carries the SHA-256 of its body, so a version on disk is
// either complete or detected as damaged.

#include <string>
#include <vector>

#include "core/common/status.h"
#include "core/structured/operator_state.h"

namespace tideline::structured {

// Writes version `version` of each operator's checkpointed parts. Returns an I/O error when a file
// cannot be written.
Status SaveStateStores(const std::vector<StatefulState*>& operators, const std::string& dir, int64_t version);
// Replaces each operator's checkpointed parts by version `version` (empty maps and a zero
// count for version 0).
// Returns Corruption when a file is missing, damaged or truncated.
Status LoadStateStores(const std::vector<StatefulState*>& operators, const std::string& dir, int64_t version);

}  // namespace tideline::structured
