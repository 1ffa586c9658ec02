#pragma once
// Verify: `tideline verify` (spec section 11). Runs a scenario once as written (the clean
// run), then once per crash schedule, in process: the engine calls the runner's crash hook
// at each crash point (RunnerOptions::crash_hook), the process "dies" there and recovers at
// once from its checkpoint (a query's startStream, a DStream context's getOrCreate), then
// the remaining steps run. For each output it compares what a reader finally sees
// (output_reader.h) with the clean run and gives a verdict. Checks count in the clean run
// only. Stateless functions; each call owns its runs and their temporary directories.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/common/status.h"
#include "core/scenario/model.h"
#include "core/verify/output_reader.h"

namespace tideline::verify {

// One crash: the process dies at `point` of batch `batch` (a structured query's batch id; a
// DStream batch's time in milliseconds since the epoch).
struct CrashAt {
  int64_t batch = 0;
  std::string point;
  bool operator==(const CrashAt& o) const { return batch == o.batch && point == o.point; }
};
using Schedule = std::vector<CrashAt>;

enum class Verdict { kExactlyOnce, kAtLeastOnce, kAtMostOnce, kInconsistent };
const char* VerdictName(Verdict v);

struct OutputFailure {
  Schedule schedule;                 // the smallest schedule that shows the difference
  std::vector<std::string> extra;    // what the reader sees beyond the clean run
  std::vector<std::string> missing;  // what the clean run shows and this one does not
};

struct OutputVerdict {
  std::string output;
  Verdict verdict = Verdict::kExactlyOnce;
  int schedules = 0;
  std::optional<OutputFailure> failure;  // set unless exactly-once
};

// What one single-crash schedule did to one output: the cell of the Studio's matrix.
struct CellOutcome {
  Verdict verdict = Verdict::kExactlyOnce;  // of this schedule alone
  std::vector<std::string> extra;           // as OutputFailure's, sorted
  std::vector<std::string> missing;
};

// One single-crash schedule and its effect on each output.
struct ScheduleOutcome {
  CrashAt crash;
  std::vector<CellOutcome> outputs;  // in the order of VerifyResult::outputs
};

struct VerifyResult {
  std::vector<OutputVerdict> outputs;
  Verdict verdict = Verdict::kExactlyOnce;  // the worst
  int schedules = 0;
  bool dstream = false;                     // batches are times (ms) rather than ids
  std::vector<std::string> failed_checks;   // checks of the clean run that failed
  // The matrix of batches x crash points: every single-crash schedule, in the order the
  // clean run passed its crash point (batches ascending; a batch's points in the order
  // they are passed). Random schedules are not in it.
  std::vector<ScheduleOutcome> cells;
  std::vector<OutputContent> clean;  // what a reader of each output sees after the clean run
};

// One run of a schedule as the verifier compares it.
struct ScheduleRun {
  std::vector<OutputContent> outputs;
  std::vector<CrashAt> points;             // crash points passed, first passage order (in process)
  std::vector<std::string> failed_checks;
};

struct VerifyOptions {
  int random = 0;      // extra seeded schedules of two to four crashes
  uint64_t seed = 1;
  // Runs the clean run and each schedule some other way (tideline verify --kill: real
  // processes killed with SIGKILL and started again); the crash points to try still come
  // from a clean run in process. Unset: every run is in process.
  std::function<Result<ScheduleRun>(const Schedule&)> run_schedule;
  // Called on the calling thread after each run with the runs done and the runs planned
  // (the clean run and the schedules; shrinking adds none to either count). May be unset.
  std::function<void(int done, int total)> progress;
};

// Runs the clean run and every schedule. An error in the scenario (or of the clean run's
// pipeline that no step expects) comes back as an error: exit status 2.
Result<VerifyResult> Verify(const scenario::Scenario& sc, const VerifyOptions& opts);

// The crash points of a DStream batch, in the order the driver passes them (spec section 11;
// docs/verify.md): afterGenerate, afterOutput1..N (N output operations), afterComplete.
std::vector<std::string> DStreamCrashPoints(int outputs);

// Text of a schedule: "batch 3 afterSink" or "batch 5000 ms afterOutput2", joined by ", ".
std::string ScheduleText(const Schedule& s, bool dstream);

}  // namespace tideline::verify
