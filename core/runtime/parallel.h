#pragma once
// Parallel work inside a batch. ParallelFor runs fn(0..n-1) on a small fixed pool
// of worker threads plus the caller and returns when all are done. Callers split
// work into a fixed number of pieces that does not depend on the number of threads
// (the simulated partitions of an RDD) and combine the pieces in index order, so a
// result never depends on scheduling. The first exception thrown by a piece is
// rethrown in the caller. Thread-safe; the pool is shared by the process.

#include <cstddef>
#include <functional>

namespace tideline::runtime {

// Sets how many threads ParallelFor may use, the caller included (1 = run inline).
// The default is the number of hardware threads.
void SetParallelism(int threads);
int Parallelism();

void ParallelFor(size_t n, const std::function<void(size_t)>& fn);

// The half-open range of piece `i` when `total` items are cut into `pieces` pieces,
// as Spark's parallelize slices a collection.
inline size_t SliceBegin(size_t total, size_t pieces, size_t i) { return i * total / pieces; }

}  // namespace tideline::runtime
