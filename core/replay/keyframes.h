#pragma once
// Keyframes of a long replay (docs/keyframes.md): `tideline replay R S --keyframes KDIR`
// runs a durable replay whose checkpoint lives in KDIR/run and, every K batches, keeps a
// keyframe: KDIR/keyframe-N-T holds the checkpoint as it was after batch N at time T (its
// files copied, except the DStream data segments, which the engine only appends to and are
// hard-linked). At most kMaxKeyframes are kept; past that every other one is dropped and K
// doubles, so disk stays bounded whatever the recording's length. `--keyframes KDIR
// --batch N` then shows batch N in full: it copies the nearest keyframe before N into a
// temporary directory and replays from it with the trace on, printing the events of batch N
// only (batch_jump.h). The Studio keeps keyframes of a recording's run at full speed the
// same way. Stateless functions and one writer object; not thread-safe.

#include <cstdint>
#include <optional>
#include <string>

#include "core/common/status.h"
#include "core/time/time.h"

namespace tideline::replay {

struct Keyframe {
  int64_t batch = -1;    // taken after this batch (its position in the replay, 0-based)
  int64_t time_ms = 0;   // that batch's time
  std::string dir;       // KDIR/keyframe-N-T
};

class KeyframeWriter {
 public:
  static constexpr int kMaxKeyframes = 32;
  KeyframeWriter(std::string root, int every) : root_(std::move(root)), every_(every > 0 ? every : 64) {}
  // After batch `index` finished and its checkpoint is on disk under root/run.
  Status AfterBatch(int64_t index, Timestamp batch_time);
  int every() const { return every_; }
  int kept() const { return kept_; }

 private:
  std::string root_;
  int every_;
  int kept_ = 0;
};

// The newest keyframe taken after a batch before `batch`, or nullopt (start from nothing).
std::optional<Keyframe> KeyframeBefore(const std::string& root, int64_t batch);

// Copies the files of keyframe `k` (the checkpoint and its record) into `to`, a fresh
// directory a durable replay then resumes from.
Status CopyKeyframe(const Keyframe& k, const std::string& to);

}  // namespace tideline::replay
