#pragma once
// The registry of what a scenario file may name: the operations of both engines, the
// input types, the output operations, the sink formats and the steps. The loader checks
// names against it (with "did you mean" hints) and the builders take their names from it,
// so an operation is listed once. Immutable lists; thread-safe.

#include <string>
#include <string_view>
#include <vector>

namespace tideline::scenario {

// DStream operations of a stream's `ops` list.
const std::vector<std::string>& DStreamOps();
// DStream operations that combine streams (`union: [a, b]`, `join: [a, b]`, ...).
const std::vector<std::string>& DStreamCombineOps();
// RDD operations inside a DStream `transform`.
const std::vector<std::string>& RddOps();
// DStream output operations.
const std::vector<std::string>& DStreamOutputs();
// Structured operations of a query's `ops` list.
const std::vector<std::string>& StructuredOps();
// Input types of each engine.
const std::vector<std::string>& DStreamInputTypes();
const std::vector<std::string>& StructuredInputTypes();
// Structured sink formats.
const std::vector<std::string>& SinkFormats();
// Scenario steps.
const std::vector<std::string>& StepKinds();

// Whether `name` is in `names`.
bool IsOneOf(std::string_view name, const std::vector<std::string>& names);

}  // namespace tideline::scenario
