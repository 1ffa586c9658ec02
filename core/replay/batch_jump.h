#pragma once
// A jump to one batch of a long replay (docs/keyframes.md): batch N of a recording
// replayed through a scenario's pipeline, shown in full by replaying from the newest
// keyframe before it (keyframes.h) with the trace on. `tideline replay --keyframes KDIR
// --batch N` prints its events; the Studio shows them in its views.
//
// The replay runs in a fresh temporary directory (a copy of the keyframe), removed
// before JumpToBatch returns, and stops as soon as batch N is done. A DStream jump reads
// the recording from the first record after the keyframe (RecordingReader::SkipTo); a
// structured jump reads it from the start, since the sources' offsets count chunks from
// the first record. Stateless; callable from any thread (one jump per thread: the engine
// lets one StreamingContext be active per thread).

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

#include "core/common/status.h"
#include "core/replay/keyframes.h"
#include "core/trace/trace.h"

namespace tideline::replay {

struct JumpRequest {
  std::string scenario;   // the scenario file whose pipeline ran
  std::string recording;  // the recording it replayed
  std::string keyframes;  // KDIR (may hold no keyframe: the jump replays from the start)
  int64_t batch = 0;      // N: 0-based, in the order the replay ran its batches
  // Also give the record arrivals since the batch before N finished (the records batch N
  // reads), before its events: the Studio draws them. The command line prints the batch alone.
  bool with_arrivals = false;
};

struct JumpResult {
  // Ok, or the error as the command line prints it (e.g. "r.jsonl: error: the replay has
  // no batch 9").
  Status status;
  bool bad_input = false;        // the error is the input's (exit status 2), not the run's (1)
  std::optional<Keyframe> from;  // the keyframe the replay started from; none: the start
};

// Gives `to` the trace events of batch N alone, in order: from its batchStarted to its
// batch-finished event (with_arrivals: after the arrivals before it). Batch N of a DStream pipeline is the one at the first batch time
// plus N intervals (RecurringTimer aligns the first batch on the interval); of a
// structured query, batch id N. `cancel` (may be null) is polled between records: once
// true the jump stops with an illegal-state error.
// REQUIRES: `to` is not null.
JumpResult JumpToBatch(const JumpRequest& request, trace::Listener* to, const std::atomic<bool>* cancel = nullptr);

}  // namespace tideline::replay
