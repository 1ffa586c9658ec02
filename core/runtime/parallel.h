#pragma once
// Parallel work inside a batch. ParallelFor runs fn(0..n-1) on a small fixed pool
// of worker threads plus the caller and returns when all are done. Callers split
// work into a fixed number of pieces that does not depend on the number of threads
// (the simulated partitions of an RDD) and combine the pieces in index order, so a
// result never depends on scheduling. The exception of the lowest failing piece is
// rethrown in the caller. The caller runs the pieces nobody else has started and waits
// only for the ones being run. Thread-safe; the pool is shared by the process, and a
// call made while another thread's call holds the pool runs its pieces inline instead
// of waiting.

#include <cstddef>
#include <cstdint>
#include <functional>

namespace tideline::runtime {

// Sets how many threads ParallelFor may use, the caller included (1 = run inline).
// The default is the number of hardware threads.
void SetParallelism(int threads);
int Parallelism();

void ParallelFor(size_t n, const std::function<void(size_t)>& fn);

// Runs pieces of the ParallelFor in progress on another thread, if any, and returns when
// none is left to start (at once when there is no such call). For a thread that has
// other work and offers to help between its own steps, inside a HelperScope.
void Help();
// For such a thread when it has nothing else to do: Help(), after waiting for a
// ParallelFor with pieces left to start or for a WakeHelpers() call made after
// WakeEpoch() returned `epoch` (read it before looking for work of one's own, so that a
// wake-up in between is not missed).
uint64_t WakeEpoch();
void HelpOrWait(uint64_t epoch);
// Ends the waits of HelpOrWait (a helper has work of its own again).
void WakeHelpers();

// While one exists, ParallelFor wakes one pool worker fewer: a thread that calls Help()
// often stands in for it.
class HelperScope {
 public:
  HelperScope();
  ~HelperScope();
  HelperScope(const HelperScope&) = delete;
  HelperScope& operator=(const HelperScope&) = delete;
};

// The half-open range of piece `i` when `total` items are cut into `pieces` pieces,
// as Spark's parallelize slices a collection.
inline size_t SliceBegin(size_t total, size_t pieces, size_t i) { return i * total / pieces; }

}  // namespace tideline::runtime
