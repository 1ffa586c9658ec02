#pragma once
// The limits that keep hostile or careless input from crashing, hanging or exhausting
// the memory of a run. Each is a constant here, named in the error that it causes, and
// documented in docs/hardening.md. Spark has most of them implicitly (the JVM's stack
// size, its heap, the driver's patience); Tideline states them.

#include <cstddef>
#include <cstdint>

namespace tideline::limits {

// Expressions: how deeply operators, parentheses, calls, arrays, field accesses and
// unary operators may nest (`x + 1 + 1 ...` counts one level per `+`). The parser
// stops at the token that goes over, so no later stage (compiler, evaluators, the
// columnar evaluator) recurses deeper than this.
inline constexpr int kMaxExpressionDepth = 256;

// Values read from JSON, YAML and checkpoint files: the nesting of arrays and structs.
inline constexpr int kMaxValueDepth = 200;

// YAML: the number of nodes after alias expansion may exceed the file's size in bytes by
// at most this many nodes (a file without aliases has fewer nodes than bytes); more is an
// alias bomb.
inline constexpr size_t kMaxYamlAliasExpansion = 1'000'000;
// YAML: nesting of lists and maps.
inline constexpr int kMaxYamlDepth = 100;

// Regular expressions (PCRE2): backtracking steps per match attempt, nested
// backtracking depth, and the heap a match may use (KiB). PCRE2 keeps its backtracking
// frames on the heap, so the depth limit is generous and the heap limit bounds memory.
inline constexpr uint32_t kRegexMatchLimit = 10'000'000;
inline constexpr uint32_t kRegexDepthLimit = 1'000'000;
inline constexpr uint32_t kRegexHeapLimitKiB = 64 * 1024;

// Batches that one step (advanceClock, runBatches, an arrival after a clock jump) may
// run. A DStream step over more batches is refused before any of them runs.
inline constexpr int64_t kMaxBatchesPerStep = 1'000'000;

// Windows: the number of panes or batch copies one window may hold (window / slide for
// sliding windows, window / batch interval for DStream windows).
inline constexpr int64_t kMaxWindowPanes = 100'000;

// Rows one operation may produce from one input row (explode of a generated sequence,
// the windows of a sliding window per row, the rows of a rate source per batch).
inline constexpr int64_t kMaxRowsPerBatch = 10'000'000;

// Input lines longer than this are malformed records, not a reason to run out of memory.
inline constexpr size_t kMaxLineBytes = 64 * 1024 * 1024;

}  // namespace tideline::limits
